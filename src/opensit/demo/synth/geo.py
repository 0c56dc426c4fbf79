"""Plausible communes of mainland France and Corsica: real department codes and approximate
department centres, INSEE-like codes, French-sounding names, coordinates inside France."""

import random
from dataclasses import dataclass
from itertools import accumulate

from opensit.demo.synth.words import split_words

# Department code, approximate centre (lat, lon), spread in degrees, tourism weight.
# fmt: off
DEPARTMENTS: list[tuple[str, float, float, float, float]] = [
    ("01", 46.10, 5.35, .30, 1), ("02", 49.56, 3.56, .30, .6), ("03", 46.39, 3.19, .30, .8),
    ("04", 44.10, 6.24, .30, 1.3), ("05", 44.66, 6.35, .25, 1.5), ("06", 43.93, 7.12, .20, 2),
    ("07", 44.75, 4.42, .25, 1.5), ("08", 49.62, 4.63, .25, .6), ("09", 42.94, 1.50, .22, 1),
    ("10", 48.30, 4.16, .25, .7), ("11", 43.10, 2.40, .28, 1.4), ("12", 44.28, 2.68, .35, 1.2),
    ("13", 43.54, 5.09, .20, 1.8), ("14", 49.10, -0.36, .22, 1.6), ("15", 45.05, 2.67, .25, 1),
    ("16", 45.72, 0.20, .25, .8), ("17", 45.78, -0.67, .28, 2), ("18", 47.06, 2.49, .30, .7),
    ("19", 45.36, 1.88, .25, .9), ("2A", 41.86, 8.99, .20, 1.5), ("2B", 42.39, 9.21, .20, 1.5),
    ("21", 47.42, 4.77, .30, 1.2), ("22", 48.44, -2.86, .25, 1.6), ("23", 46.09, 2.02, .22, .6),
    ("24", 45.10, 0.74, .30, 1.8), ("25", 47.17, 6.36, .25, 1), ("26", 44.68, 5.17, .30, 1.3),
    ("27", 49.11, 1.00, .25, .7), ("28", 48.39, 1.37, .28, .5), ("29", 48.26, -4.06, .25, 2),
    ("30", 43.99, 4.18, .28, 1.5), ("31", 43.36, 1.17, .35, 1.1), ("32", 43.69, 0.45, .25, .8),
    ("33", 44.83, -0.57, .35, 1.8), ("34", 43.58, 3.37, .28, 1.8), ("35", 48.15, -1.64, .25, 1.3),
    ("36", 46.78, 1.58, .28, .6), ("37", 47.26, 0.69, .25, 1.3), ("38", 45.26, 5.58, .30, 1.5),
    ("39", 46.73, 5.70, .25, 1), ("40", 43.97, -0.78, .30, 1.5), ("41", 47.62, 1.43, .28, 1),
    ("42", 45.73, 4.17, .25, .7), ("43", 45.13, 3.81, .22, .8), ("44", 47.35, -1.68, .25, 1.4),
    ("45", 47.91, 2.34, .30, .7), ("46", 44.62, 1.61, .25, 1.3), ("47", 44.37, 0.46, .25, .8),
    ("48", 44.52, 3.50, .22, 1), ("49", 47.39, -0.56, .28, 1.1), ("50", 49.08, -1.33, .30, 1.4),
    ("51", 48.95, 4.24, .30, .9), ("52", 48.11, 5.23, .28, .5), ("53", 48.15, -0.65, .22, .6),
    ("54", 48.79, 6.16, .25, .7), ("55", 48.99, 5.38, .28, .5), ("56", 47.85, -2.81, .25, 1.8),
    ("57", 49.04, 6.66, .28, .8), ("58", 47.12, 3.50, .28, .7), ("59", 50.45, 3.22, .22, 1),
    ("60", 49.41, 2.42, .25, .6), ("61", 48.62, 0.13, .25, .6), ("62", 50.49, 2.29, .25, 1.1),
    ("63", 45.73, 3.14, .30, 1.3), ("64", 43.26, -0.76, .30, 1.7), ("65", 43.05, 0.16, .22, 1.4),
    ("66", 42.60, 2.52, .22, 1.7), ("67", 48.67, 7.55, .25, 1.3), ("68", 47.86, 7.27, .22, 1.2),
    ("69", 45.87, 4.64, .20, 1.2), ("70", 47.64, 6.09, .25, .5), ("71", 46.64, 4.54, .30, 1),
    ("72", 47.99, 0.22, .25, .7), ("73", 45.48, 6.44, .28, 1.9), ("74", 46.03, 6.43, .22, 1.9),
    ("75", 48.857, 2.35, .03, 1.5), ("76", 49.66, 1.03, .25, 1.1), ("77", 48.63, 2.93, .28, .8),
    ("78", 48.81, 1.84, .18, .7), ("79", 46.56, -0.32, .28, .6), ("80", 49.96, 2.28, .28, .8),
    ("81", 43.79, 2.16, .25, .9), ("82", 44.08, 1.28, .20, .6), ("83", 43.46, 6.22, .25, 1.9),
    ("84", 44.01, 5.18, .18, 1.5), ("85", 46.67, -1.30, .28, 1.7), ("86", 46.56, 0.46, .28, .8),
    ("87", 45.89, 1.24, .25, .7), ("88", 48.19, 6.38, .25, 1), ("89", 47.84, 3.56, .28, .8),
    ("90", 47.63, 6.93, .06, .3), ("91", 48.52, 2.24, .12, .4), ("92", 48.84, 2.22, .04, .5),
    ("93", 48.91, 2.48, .04, .4), ("94", 48.78, 2.47, .04, .4), ("95", 49.08, 2.13, .10, .4),
]
# fmt: on

# Mainland France and Corsica, as a bounding box points are kept in.
LAT_RANGE = (41.4, 51.0)
LON_RANGE = (-4.7, 9.5)

_ROOTS = """Beau Bel Bois Bourg Cham Champ Château Chaume Clair Cour Font Fon Haut Lan Mar Mes
Mont Neuf Pont Roche Roque Sauve Val Vil Ver Vaux Bri Cler Gour Lou Mer Sain Ro Ta Bes Cor"""
_ENDS = [
    "ville",
    "court",
    "mont",
    "bourg",
    "lieu",
    "fort",
    "y",
    "ac",
    "an",
    "ay",
    "ières",
    "eux",
    "ange",
    "ac",
    "ignac",
    "oux",
    "ard",
    "aine",
    "ès",
]
_SAINTS = split_words(
    """
Martin Pierre Jean Germain Laurent Étienne Georges Denis Hilaire Julien Aubin Rémy Maurice
Sulpice Paul Michel Vincent André Ouen Cyr Médard Amand Loup Benoît
"""
)
_SAINTES = ["Marie", "Foy", "Colombe", "Radegonde", "Anne", "Croix", "Hélène", "Marguerite"]
_RIVERS = split_words(
    """
Loire Seine Marne Rhône Saône Garonne Dordogne Cher Indre Vienne Lot Tarn Meuse Moselle
Oise Aisne Allier Yonne Orne Sarthe Mayenne Charente Aude Durance Isère Doubs
"""
)
_PLACES = split_words(
    """
Bois Champs Vignes Prés Monts Forges Roches Granges Loges Fontaines
"""
)


@dataclass(frozen=True)
class SynthCommune:
    insee: str
    name: str
    postal_code: str
    department: str
    latitude: float
    longitude: float


def _name(rng: random.Random) -> str:
    roots = _ROOTS.split()
    kind = rng.random()
    if kind < 0.18:
        base = f"Saint-{rng.choice(_SAINTS)}"
    elif kind < 0.24:
        base = f"Sainte-{rng.choice(_SAINTES)}"
    else:
        base = rng.choice(roots) + rng.choice(_ENDS)
        if rng.random() < 0.15:
            base = rng.choice(("Le ", "La ", "Les ")) + base
    suffix = rng.random()
    if suffix < 0.12:
        base += f"-sur-{rng.choice(_RIVERS)}"
    elif suffix < 0.2:
        base += f"-les-{rng.choice(_PLACES)}"
    elif suffix < 0.25:
        base += f"-en-{rng.choice(_RIVERS)}"
    return base


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


def make_communes(rng: random.Random, count: int) -> list[SynthCommune]:
    """`count` communes spread over the departments by their tourism weight."""
    cum = list(accumulate(weight for *_, weight in DEPARTMENTS))
    used: dict[str, int] = {}
    out = []
    for _ in range(count):
        code, lat, lon, spread, _weight = rng.choices(DEPARTMENTS, cum_weights=cum)[0]
        number = used.get(code, 0) + rng.randint(1, 3)
        if number > 999:  # a department is full: take the next free one elsewhere
            continue
        used[code] = number
        postal_prefix = "20" if code in ("2A", "2B") else code
        postal = f"{postal_prefix}{rng.randrange(0, 1000, 10):03d}"
        out.append(
            SynthCommune(
                insee=f"{code}{number:03d}",
                name=_name(rng),
                postal_code=postal,
                department=code,
                latitude=round(_clamp(rng.gauss(lat, spread / 2), LAT_RANGE), 5),
                longitude=round(_clamp(rng.gauss(lon, spread / 1.4), LON_RANGE), 5),
            )
        )
    return out


# fmt: off
DEPARTMENT_NAMES = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes", "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes",
    "09": "Ariège", "10": "Aube", "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône",
    "14": "Calvados", "15": "Cantal", "16": "Charente", "17": "Charente-Maritime", "18": "Cher",
    "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse", "21": "Côte-d'Or",
    "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs", "26": "Drôme",
    "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard", "31": "Haute-Garonne",
    "32": "Gers", "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine", "36": "Indre",
    "37": "Indre-et-Loire", "38": "Isère", "39": "Jura", "40": "Landes", "41": "Loir-et-Cher",
    "42": "Loire", "43": "Haute-Loire", "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot",
    "47": "Lot-et-Garonne", "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche",
    "51": "Marne", "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle",
    "55": "Meuse", "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise",
    "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin",
    "69": "Rhône", "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe", "73": "Savoie",
    "74": "Haute-Savoie", "75": "Paris", "76": "Seine-Maritime", "77": "Seine-et-Marne",
    "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme", "81": "Tarn", "82": "Tarn-et-Garonne",
    "83": "Var", "84": "Vaucluse", "85": "Vendée", "86": "Vienne", "87": "Haute-Vienne",
    "88": "Vosges", "89": "Yonne", "90": "Territoire de Belfort", "91": "Essonne",
    "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise",
}
# Region INSEE code and name, per department.
REGIONS = {
    "11": ("Île-de-France", "75 77 78 91 92 93 94 95"),
    "24": ("Centre-Val de Loire", "18 28 36 37 41 45"),
    "27": ("Bourgogne-Franche-Comté", "21 25 39 58 70 71 89 90"),
    "28": ("Normandie", "14 27 50 61 76"),
    "32": ("Hauts-de-France", "02 59 60 62 80"),
    "44": ("Grand Est", "08 10 51 52 54 55 57 67 68 88"),
    "52": ("Pays de la Loire", "44 49 53 72 85"),
    "53": ("Bretagne", "22 29 35 56"),
    "75": ("Nouvelle-Aquitaine", "16 17 19 23 24 33 40 47 64 79 86 87"),
    "76": ("Occitanie", "09 11 12 30 31 32 34 46 48 65 66 81 82"),
    "84": ("Auvergne-Rhône-Alpes", "01 03 07 15 26 38 42 43 63 69 73 74"),
    "93": ("Provence-Alpes-Côte d'Azur", "04 05 06 13 83 84"),
    "94": ("Corse", "2A 2B"),
}
# fmt: on
REGION_OF = {dep: code for code, (_, deps) in REGIONS.items() for dep in deps.split()}
