"""Synthetic tourism documents: types with realistic frequencies, names, communes, opening
periods, event dates, prices, media and bilingual texts. Deterministic for a seed and a year:
one random stream, consumed in order, so the i-th document never depends on the batch size.
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from opensit.catalog.types import root_of
from opensit.demo.synth.geo import SynthCommune, make_communes
from opensit.demo.synth.words import ENGLISH_VOCABULARY, FRENCH_VOCABULARY, split_words

SYSTEM = "synth"
COMMUNE_COUNT = 6000

# Relative frequencies, after the mix of a regional SIT (rentals and events dominate).
# fmt: off
TYPE_WEIGHTS: dict[str, float] = {
    "rental": 16, "chalet": .6, "bed_and_breakfast": 6, "hotel": 5, "hotel_restaurant": 1,
    "campsite": 3, "camper_van_area": 1, "collective_accommodation": 1.5, "hostel": .3,
    "holiday_village": .5, "accommodation": .3,
    "restaurant": 8, "gourmet_restaurant": .8, "farmhouse_inn": .4, "cafe_bar": 2.5,
    "fast_food": 1.5, "food": .3,
    "wine_cellar": 2, "producer": 2.5, "tasting": .2,
    "festival": 1.5, "concert": 3, "exhibition": 2.5, "show": 2, "cultural_event": 1,
    "sports_event": 2.5, "market_fair": 3, "social_event": 4, "event": 1,
    "walking_tour": 4, "cycling_tour": 1.5, "road_tour": .4, "horse_tour": .4,
    "fluvial_tour": .2, "itinerary": .3,
    "cultural_site": 1, "museum": 1.5, "religious_site": 3, "castle": 1.5,
    "remarkable_building": 2, "archaeological_site": .4, "park_garden": 1,
    "natural_site": 1, "cave": .3, "viewpoint": .8,
    "leisure": 1.5, "swimming_pool": .8, "golf_course": .3, "amusement_park": .6,
    "play_area": 1.5, "ski_area": .1,
    "activity": .8, "guided_activity": 2, "free_activity": 1, "course": 1,
    "multi_activity": .4, "boat_trip": .4,
    "service": .5, "shop": 2, "equipment_rental": 1, "tourist_office": .6,
    "travel_agency": .3, "business_venue": .6, "convenience": .8,
    "package": 3, "structure": .5, "territory": .05, "place": .5,
}

# Name patterns per root: (French, English); {c} is the commune, {n} a noun, {s} a saint.
NAMES: dict[str, list[tuple[str, str]]] = {
    "accommodation": [("Gîte {n}", "{n} cottage"), ("Hôtel {n}", "{n} Hotel"),
                      ("Chambres d'hôtes {n}", "{n} B&B"), ("Camping {n}", "{n} campsite"),
                      ("Résidence {n}", "{n} residence")],
    "food": [("Restaurant {n}", "{n} restaurant"), ("Auberge {n}", "{n} inn"),
             ("Bistrot {n}", "{n} bistro"), ("Café de {c}", "{c} café")],
    "tasting": [("Domaine {n}", "{n} estate"), ("Ferme {n}", "{n} farm"),
                ("Cave de {c}", "{c} cellar")],
    "event": [("Festival de {c}", "{c} festival"), ("Fête {n}", "{n} feast"),
              ("Marché de {c}", "{c} market"), ("Concert à {c}", "Concert in {c}"),
              ("Exposition « {n} »", "“{n}” exhibition"), ("Trail {n}", "{n} trail run")],
    "itinerary": [("Sentier {n}", "{n} trail"), ("Boucle de {c}", "{c} loop"),
                  ("Circuit {n}", "{n} circuit")],
    "cultural_site": [("Château de {c}", "{c} castle"), ("Église Saint-{s}", "Saint-{s} church"),
                      ("Musée {n}", "{n} museum"), ("Moulin {n}", "{n} mill")],
    "natural_site": [("Gorges {n}", "{n} gorges"), ("Étang {n}", "{n} pond"),
                     ("Belvédère de {c}", "{c} viewpoint")],
    "leisure": [("Piscine de {c}", "{c} swimming pool"), ("Parc {n}", "{n} park"),
                ("Golf {n}", "{n} golf course")],
    "activity": [("Balade {n}", "{n} outing"), ("Atelier {n}", "{n} workshop"),
                 ("Base de loisirs de {c}", "{c} leisure centre")],
    "service": [("Boutique {n}", "{n} shop"), ("Location de vélos {n}", "{n} bike hire"),
                ("Office de tourisme de {c}", "{c} tourist office")],
    "package": [("Séjour {n}", "{n} break"), ("Week-end à {c}", "Weekend in {c}")],
    "territory": [("Pays de {c}", "{c} area")],
    "structure": [("Association {n}", "{n} association")],
    "place": [("Parking {n}", "{n} car park"), ("Place de {c}", "{c} square")],
}
# fmt: on
NOUN_LIST = [
    "du Moulin",
    "de la Source",
    "des Tilleuls",
    "du Lac",
    "de la Forge",
    "des Vignes",
    "du Château",
    "de la Rivière",
    "des Chênes",
    "du Prieuré",
    "de la Colline",
    "des Peupliers",
    "du Val",
    "de la Tour",
    "des Prés",
    "du Port",
    "de la Fontaine",
    "des Hirondelles",
    "du Bocage",
    "de la Vallée",
    "des Sources",
    "du Manoir",
    "des Trois Ponts",
    "de l'Étang",
]
SAINTS = split_words(
    """
Martin Pierre Jean Germain Laurent Étienne Denis Hilaire Julien Aubin Rémy
"""
)
AMENITIES = split_words(
    """
Wifi CarPark PrivateParking Terrace Garden SwimmingPool HeatedPool BikeGarage Restaurant
Bar GameArea Elevator PicnicArea ChargingStation BabyChair Shop Toilet
"""
)
THEMES = split_words(
    """
InTown Downtown InTheCountryside NearARiverOrStream TraditionalCuisine Wine GourmetCuisine
BicycleTouring FamilyOuting
"""
)
LABELS = split_words(
    """
LabelRating_AccueilVelo LabelRating_QualiteTourisme LabelRating_VignoblesEtDecouvertes
LabelRating_TourismeEtHandicap
"""
)
STARS = [
    "ScaleRating_1etoile",
    "ScaleRating_2etoiles",
    "ScaleRating_3etoiles",
    "ScaleRating_4etoiles",
    "ScaleRating_5etoiles",
]
PAYMENTS = ["Cash", "Check", "BlueCard", "HolidayVouchers"]
LICENCES = ["cc-by-4.0", "cc-by-sa-4.0", "etalab-2.0", "all-rights-reserved"]
FIRST_NAMES = split_words(
    """
Camille Léa Hugo Louis Manon Jules Chloé Paul Inès Lucas Emma Noé
"""
)
LAST_NAMES = split_words(
    """
Martin Bernard Dubois Robert Richard Petit Durand Leroy Moreau Simon
"""
)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RRULE_DAYS = {
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}
PRICE_LABELS = {
    "accommodation": [
        (("Nuitée", "Night"), "night", 45, 220),
        (("Semaine", "Week"), "week", 350, 1500),
    ],
    "food": [(("Menu", "Set menu"), "person", 14, 85)],
    "default": [(("Adulte", "Adult"), "person", 3, 35), (("Enfant", "Child"), "person", 2, 20)],
}


# Every defaulted field given explicitly: Pydantic then validates an empty value instead of
# deep-copying the default model, which makes validation about 25% faster.
EMPTY_FIELDS: dict[str, Any] = {
    **{key: {} for key in ("opening", "pricing", "capacity", "booking", "private")},
    **{key: {} for key in ("practical_info", "aspects", "extra")},
    **{
        key: []
        for key in (
            "classes",
            "coeditors",
            "classifications",
            "labels",
            "amenities",
            "themes",
            "accessibility",
            "languages",
            "media",
            "links",
            "contacts",
        )
    },
}


class SyntheticCatalog:
    """Documents as plain dicts, valid for `TourismDocument` by construction."""

    def __init__(self, seed: int, year: int) -> None:
        self.seed = seed
        self.year = year
        self.rng = random.Random(seed)
        self.communes: list[SynthCommune] = make_communes(self.rng, COMMUNE_COUNT)
        # Big towns get many objects, hamlets few: Zipf over the commune list.
        self.commune_weights = list(
            accumulate(1 / (r**0.8) for r in range(1, len(self.communes) + 1))
        )
        self.types = list(TYPE_WEIGHTS)
        self.type_weights = list(accumulate(TYPE_WEIGHTS.values()))

    def documents(self, count: int, start: int = 0) -> Iterator[dict[str, Any]]:
        for index in range(start, start + count):
            yield self.document(index)

    def document(self, index: int) -> dict[str, Any]:
        rng = self.rng
        type_code = rng.choices(self.types, cum_weights=self.type_weights)[0]
        root = root_of(type_code)
        commune = rng.choices(self.communes, cum_weights=self.commune_weights)[0]
        name_fr, name_en = self._name(root, commune)
        has_en = rng.random() < 0.7
        doc: dict[str, Any] = {
            **EMPTY_FIELDS,
            "type": type_code,
            "source": {"system": SYSTEM, "id": f"{self.seed}-{index}"},
            "name": {"fr": name_fr, "en": name_en} if has_en else {"fr": name_fr},
            "short_description": self._text(rng.randint(12, 35), has_en),
            "description": self._text(int(rng.lognormvariate(4.4, 0.55)) + 10, has_en),
            "location": self._location(commune),
            "licence": "etalab-2.0",
        }
        if rng.random() < 0.85:
            doc["contacts"] = self._contacts(name_fr, index)
        if root == "event":
            doc["event"] = self._event_dates()
        elif root not in ("itinerary", "territory", "structure") and rng.random() < 0.75:
            doc["opening"] = self._opening()
        if rng.random() < 0.6:
            doc["pricing"] = self._pricing(root)
        if rng.random() < 0.7:
            doc["media"] = self._media(index)
        if rng.random() < 0.6:
            doc["amenities"] = rng.sample(AMENITIES, rng.randint(1, 6))
        if rng.random() < 0.4:
            doc["themes"] = rng.sample(THEMES, rng.randint(1, 3))
        if rng.random() < 0.15:
            doc["labels"] = rng.sample(LABELS, 1)
        if root == "accommodation":
            doc["classifications"] = [rng.choice(STARS)] if rng.random() < 0.5 else []
            doc["capacity"] = {"persons": rng.randint(2, 400)}
        if root == "itinerary":
            doc["location"]["geometry"] = self._line(commune)
        return doc

    def _name(self, root: str, commune: SynthCommune) -> tuple[str, str]:
        fr, en = self.rng.choice(NAMES[root])
        noun = self.rng.choice(NOUN_LIST)
        saint = self.rng.choice(SAINTS)
        en_noun = noun.removeprefix("de la ").removeprefix("de l'").split(" ", 1)[-1]
        return (
            fr.format(c=commune.name, n=noun, s=saint),
            en.format(c=commune.name, n=en_noun, s=saint),
        )

    def _text(self, n_words: int, has_en: bool) -> dict[str, str]:
        out = {"fr": FRENCH_VOCABULARY.text(self.rng, n_words)}
        if has_en:
            out["en"] = ENGLISH_VOCABULARY.text(self.rng, n_words)
        return out

    def _location(self, commune: SynthCommune) -> dict[str, Any]:
        rng = self.rng
        return {
            "address_lines": [f"{rng.randint(1, 120)} rue {rng.choice(NOUN_LIST)}"],
            "postal_code": commune.postal_code,
            "commune": {"insee": commune.insee, "name": commune.name},
            "latitude": round(commune.latitude + rng.uniform(-0.02, 0.02), 6),
            "longitude": round(commune.longitude + rng.uniform(-0.03, 0.03), 6),
        }

    def _contacts(self, name: str, index: int) -> list[dict[str, str]]:
        rng = self.rng
        host = f"o{self.seed}-{index}.example"
        phone = f"+33 {rng.randint(1, 5)} " + " ".join(
            f"{rng.randint(0, 99):02d}" for _ in range(4)
        )
        out = [{"kind": "phone", "value": phone}]
        if rng.random() < 0.8:
            out.append({"kind": "email", "value": f"contact@{host}"})
        if rng.random() < 0.6:
            out.append({"kind": "website", "value": f"https://www.{host}/"})
        return out

    def _opening(self) -> dict[str, Any]:
        rng, year = self.rng, self.year
        opens = rng.choice(("08:00", "09:00", "09:30", "10:00", "14:00"))
        closes = rng.choice(("12:00", "17:30", "18:00", "19:00", "22:00"))
        if closes <= opens:
            closes = "23:00"
        if rng.random() < 0.5:
            first = date(year, rng.randint(3, 5), 1)
            period = {
                "start": first.isoformat(),
                "end": date(year, rng.randint(9, 11), 30).isoformat(),
                "recurs_yearly": True,
            }
        else:
            period = {}
        period["weekdays"] = sorted(rng.sample(WEEKDAYS, rng.randint(3, 7)), key=WEEKDAYS.index)
        period["times"] = [{"opens": opens, "closes": closes}]
        out: dict[str, Any] = {"periods": [period]}
        if rng.random() < 0.1:
            out["closures"] = [{"date": date(year, 12, 25).isoformat()}]
        return out

    def _event_dates(self) -> dict[str, Any]:
        rng = self.rng
        start = date(self.year, 1, 1) + timedelta(days=rng.randint(0, 364))
        kind = rng.random()
        if kind < 0.6:
            return {"occurrences": [{"start_date": start.isoformat(), "start_time": "20:30"}]}
        if kind < 0.8:
            end = start + timedelta(days=rng.randint(1, 120 if rng.random() < 0.3 else 3))
            return {"occurrences": [{"start_date": start.isoformat(), "end_date": end.isoformat()}]}
        if kind < 0.9:
            days = sorted(
                {start + timedelta(days=rng.randint(0, 60)) for _ in range(rng.randint(2, 6))}
            )
            return {"occurrences": [{"start_date": d.isoformat()} for d in days]}
        day = rng.choice(WEEKDAYS)
        if rng.random() < 0.5:
            until = (start + timedelta(days=rng.randint(28, 180))).strftime("%Y%m%d")
            rule = f"FREQ=WEEKLY;BYDAY={RRULE_DAYS[day]};UNTIL={until}"
        else:
            rule = f"FREQ=MONTHLY;BYDAY=1{RRULE_DAYS[day]};COUNT={rng.randint(3, 12)}"
        return {
            "recurrences": [
                {
                    "start_date": start.isoformat(),
                    "rrule": rule,
                    "start_time": "10:00",
                    "end_time": "12:00",
                }
            ]
        }

    def _pricing(self, root: str) -> dict[str, Any]:
        rng = self.rng
        if root == "event" and rng.random() < 0.4:
            return {"free": True}
        prices = []
        for (fr, en), unit, low, high in PRICE_LABELS.get(root, PRICE_LABELS["default"]):
            minimum = round(rng.uniform(low, (low + high) / 2), 1)
            prices.append(
                {
                    "label": {"fr": fr, "en": en},
                    "min": minimum,
                    "max": round(minimum * rng.uniform(1, 1.8), 1),
                    "unit": unit,
                }
            )
        return {"prices": prices, "payment_methods": rng.sample(PAYMENTS, rng.randint(1, 4))}

    def _media(self, index: int) -> list[dict[str, Any]]:
        rng = self.rng
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        return [
            {
                "kind": "image",
                "url": f"https://media.synth.example/{self.seed}/{index}/{k}.jpg",
                "credit": f"© {author}",
                "licence": rng.choice(LICENCES),
                "mime_type": "image/jpeg",
                "main": k == 0,
            }
            for k in range(rng.randint(1, 4))
        ]

    def _line(self, commune: SynthCommune) -> dict[str, Any]:
        rng = self.rng
        lon, lat = commune.longitude, commune.latitude
        points = []
        for _ in range(rng.randint(4, 12)):
            lon += rng.uniform(-0.01, 0.01)
            lat += rng.uniform(-0.01, 0.01)
            points.append([round(lon, 5), round(lat, 5)])
        return {"type": "LineString", "coordinates": points}
