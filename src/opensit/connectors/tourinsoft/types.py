"""Tourinsoft object types -> catalog types.

Tourinsoft files objects in "bordereaux" inherited from the TourinFrance norm, whose code opens
every object id (`HOTCEN0280010001` is a hotel of Centre, `FMA...` an event). The type comes
from the id's prefix, else from the syndication's name (`Syndication_GEOTREKHOT_...`), else
from the words of `ObjectTypeName`; the object's `Classification` values then refine it
(`Compétition sportive` makes an event a sports event).
"""

import re
from typing import Any

from opensit.catalog.types import TYPES, ancestors
from opensit.connectors.tourinsoft.values import slug, text

#: Bordereau code -> catalog type.
BORDEREAUX: dict[str, str] = {
    "HOT": "hotel",
    "HLO": "rental",
    "HPA": "campsite",
    "HCO": "collective_accommodation",
    "CHA": "bed_and_breakfast",
    "RES": "food",
    "DEG": "tasting",
    "FMA": "event",
    "SPECTACLE": "show",
    "SPE": "show",
    "PCU": "cultural_site",
    "PNA": "natural_site",
    "ASC": "activity",
    "LOI": "leisure",
    "ITI": "itinerary",
    "COS": "service",
    "ORG": "structure",
    "VIL": "territory",
    "PRD": "package",
    "SEJ": "package",
}
#: Words of `ObjectTypeName` -> catalog type, when neither the id nor the syndication tells.
TYPE_NAMES: list[tuple[str, str]] = [
    (r"manifestation|evenement|agenda", "event"),
    (r"spectacle", "show"),
    (r"plein-air|camping", "campsite"),
    (r"hotel", "hotel"),
    (r"chambres?-d-hotes", "bed_and_breakfast"),
    (r"locatif|meuble|gite", "rental"),
    (r"collectif", "collective_accommodation"),
    (r"hebergement", "accommodation"),
    (r"restau", "food"),
    (r"degustation", "tasting"),
    (r"patrimoine-culturel", "cultural_site"),
    (r"patrimoine-naturel", "natural_site"),
    (r"activite", "activity"),
    (r"loisir", "leisure"),
    (r"itineraire|randonnee|circuit", "itinerary"),
    (r"commerce|service", "service"),
    (r"organisme|office", "structure"),
    (r"ville|village|commune", "territory"),
    (r"sejour|produit", "package"),
]
#: Words of a `Classification` value -> a finer type, kept only below the type found.
REFINEMENTS: list[tuple[str, str]] = [
    (r"sport|competition", "sports_event"),
    (r"concert", "concert"),
    (r"exposition", "exhibition"),
    (r"spectacle|theatre|danse", "show"),
    (r"festival", "festival"),
    (r"marche|foire|brocante|vide-grenier|salon", "market_fair"),
    (r"hotel-restaurant", "hotel_restaurant"),
    (r"camping-car", "camper_van_area"),
    (r"chalet", "chalet"),
    (r"chambres?-d-hotes", "bed_and_breakfast"),
    (r"auberge-de-jeunesse", "hostel"),
    (r"village-vacances|centre-de-vacances", "holiday_village"),
    (r"gastronom", "gourmet_restaurant"),
    (r"ferme-auberge", "farmhouse_inn"),
    (r"brasserie|\bbar\b|\bcafe|salon-de-the", "cafe_bar"),
    (r"restauration-rapide", "fast_food"),
    (r"^restaurant", "restaurant"),
    (r"musee|ecomusee", "museum"),
    (r"eglise|abbaye|chapelle|cathedrale|basilique|prieure", "religious_site"),
    (r"chateau|forteresse|donjon", "castle"),
    (r"parc|jardin", "park_garden"),
    (r"grotte|gouffre", "cave"),
    (r"point-de-vue|panorama", "viewpoint"),
    (r"piscine|baignade", "swimming_pool"),
    (r"golf", "golf_course"),
    (r"cave|vign|viticole", "wine_cellar"),
    (r"producteur|ferme", "producer"),
    (r"pedestre|randonnee", "walking_tour"),
    (r"velo|cyclo|vtt", "cycling_tour"),
    (r"equestre", "horse_tour"),
    (r"office-de-tourisme|syndicat-d-initiative", "tourist_office"),
]
_SYNDICATION = re.compile(r"Syndication_([A-Za-z0-9]+)_")


def _bordereau(value: str) -> str | None:
    upper = value.upper()
    for code in sorted(BORDEREAUX, key=len, reverse=True):
        if upper.startswith(code):
            return BORDEREAUX[code]
    return None


def _by_words(table: list[tuple[str, str]], value: str) -> str | None:
    words = slug(value)
    for pattern, code in table:
        if words and re.search(pattern, words):
            return code
    return None


def object_type(record: dict[str, Any], source_id: str) -> str | None:
    """The catalog type of a record, or None when nothing in it tells."""
    found = _bordereau(source_id)
    if found is None:
        metadata = record.get("__metadata")
        kind = text(metadata.get("type")) if isinstance(metadata, dict) else ""
        name = _SYNDICATION.search(kind)
        if name:  # the syndication's name often ends with the bordereau: GEOTREKHOT
            found = next(
                (t for code, t in BORDEREAUX.items() if name.group(1).upper().endswith(code)),
                None,
            )
    if found is None:
        found = _by_words(TYPE_NAMES, text(record.get("ObjectTypeName")))
    return found


def refine(base: str, classifications: list[str]) -> str:
    """A finer type below `base` named by one of the object's classifications."""
    for value in classifications:
        finer = _by_words(REFINEMENTS, value)
        if finer and finer in TYPES and base in ancestors(finer) and finer != base:
            return finer
    return base
