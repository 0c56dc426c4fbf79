"""Which of our types an Apidae object is: its Apidae type (`APIDAE_TO_TYPE`), refined by what
its type block tells (an EQUIPEMENT that is a hiking trail is a walking tour, an event whose type
is "Sports" is a sports event...). Rules match words of the French labels of the block's
reference values, so they work with exports too once labels are resolved.
"""

from typing import Any

from django.utils.text import slugify

from opensit.catalog.types import APIDAE_TO_TYPE
from opensit.connectors.apidae.references import References

# Apidae type -> its type block.
TYPE_BLOCKS = {
    "ACTIVITE": "informationsActivite",
    "COMMERCE_ET_SERVICE": "informationsCommerceEtService",
    "DEGUSTATION": "informationsDegustation",
    "DOMAINE_SKIABLE": "informationsDomaineSkiable",
    "EQUIPEMENT": "informationsEquipement",
    "FETE_ET_MANIFESTATION": "informationsFeteEtManifestation",
    "HEBERGEMENT_COLLECTIF": "informationsHebergementCollectif",
    "HEBERGEMENT_LOCATIF": "informationsHebergementLocatif",
    "HOTELLERIE": "informationsHotellerie",
    "HOTELLERIE_PLEIN_AIR": "informationsHotelleriePleinAir",
    "PATRIMOINE_CULTUREL": "informationsPatrimoineCulturel",
    "PATRIMOINE_NATUREL": "informationsPatrimoineNaturel",
    "RESTAURATION": "informationsRestauration",
    "SEJOUR_PACKAGE": "informationsSejourPackage",
    "STRUCTURE": "informationsStructure",
    "TERRITOIRE": "informationsTerritoire",
}
BLOCK_TYPES = {block: apidae for apidae, block in TYPE_BLOCKS.items()}

# Apidae type -> the block fields to look at, and (words, our type) rules, first match wins.
# fmt: off
_RULES: dict[str, tuple[tuple[str, ...], list[tuple[tuple[str, ...], str]]]] = {
    "EQUIPEMENT": (("activites", "rubrique"), [
        (("itineraire-de-randonnee-pedestre", "randonnee-pedestre", "sentier"), "walking_tour"),
        (("itineraire-vtt", "vtt", "cyclo", "velo", "cyclable"), "cycling_tour"),
        (("equestre",), "horse_tour"),
        (("routes-touristiques", "route-touristique"), "road_tour"),
        (("fluvial", "canoe"), "fluvial_tour"),
        (("itineraire",), "itinerary"),
        (("piscine", "baignade"), "swimming_pool"),
        (("golf",), "golf_course"),
        (("parc-de-loisirs", "parc-animalier", "zoo", "aquarium"), "amusement_park"),
        (("aire-de-jeux", "pique-nique", "parcours-de-sante"), "play_area"),
    ]),
    "FETE_ET_MANIFESTATION": (("typesManifestation", "categories"), [
        (("concert",), "concert"),
        (("exposition",), "exhibition"),
        (("festival",), "festival"),
        (("spectacle", "theatre", "danse"), "show"),
        (("sports", "sportive", "competition"), "sports_event"),
        (("marche", "foire", "brocante", "vide-grenier", "salon"), "market_fair"),
        (("culturelle",), "cultural_event"),
        (("distractions-et-loisirs", "fete", "traditions", "religieuse"), "social_event"),
    ]),
    "HEBERGEMENT_COLLECTIF": (("hebergementCollectifType",), [
        (("auberge-de-jeunesse",), "hostel"),
        (("centre-de-vacances", "village-de-vacances", "centre-international"), "holiday_village"),
    ]),
    "HEBERGEMENT_LOCATIF": (("hebergementLocatifType",), [
        (("chambre-d-hotes", "chambres-d-hotes"), "bed_and_breakfast"),
        (("chalet",), "chalet"),
    ]),
    "HOTELLERIE": (("hotellerieType",), [(("hotel-restaurant",), "hotel_restaurant")]),
    "HOTELLERIE_PLEIN_AIR": (("hotelleriePleinAirType",), [
        (("camping-car",), "camper_van_area"),
    ]),
    "RESTAURATION": (("restaurationType", "categories"), [
        (("gastronomique",), "gourmet_restaurant"),
        (("ferme-auberge",), "farmhouse_inn"),
        (("restauration-rapide", "snack", "self"), "fast_food"),
        (("bar", "cafe", "brasserie", "salon-de-the"), "cafe_bar"),
        (("restaurant",), "restaurant"),
    ]),
    "DEGUSTATION": (("typesProduit", "categories"), [
        (("vin", "cave", "viticole"), "wine_cellar"),
        (("producteur", "ferme", "brasserie"), "producer"),
    ]),
    "PATRIMOINE_CULTUREL": (("patrimoineCulturelType", "categories"), [
        (("musee", "ecomusee", "centre-d-interpretation"), "museum"),
        (("chateau", "fort", "citadelle"), "castle"),
        (("eglise", "chapelle", "abbaye", "cathedrale", "religieux"), "religious_site"),
        (("parc-et-jardin", "jardin"), "park_garden"),
        (("archeologique",), "archaeological_site"),
    ]),
    "PATRIMOINE_NATUREL": (("categories",), [
        (("grotte", "gouffre"), "cave"),
        (("point-de-vue", "panorama", "belvedere"), "viewpoint"),
    ]),
    "ACTIVITE": (("categories", "activiteType"), [
        (("pratique-encadree",), "guided_activity"),
        (("cours", "stage"), "course"),
        (("pratique-libre",), "free_activity"),
    ]),
    "COMMERCE_ET_SERVICE": (("commerceEtServiceType", "typesDetailles"), [
        (("office-de-tourisme", "point-info", "syndicat-d-initiative"), "tourist_office"),
        (("location-de-materiel", "location"), "equipment_rental"),
        (("agence",), "travel_agency"),
        (("commerce", "boutique", "magasin"), "shop"),
    ]),
}
# fmt: on


def apidae_type(obj: dict[str, Any]) -> str:
    """The Apidae type, guessed from the type block when the `type` key is missing."""
    declared = obj.get("type")
    if isinstance(declared, str) and declared in APIDAE_TO_TYPE:
        return declared
    blocks = [BLOCK_TYPES[key] for key in obj if key in BLOCK_TYPES]
    return blocks[0] if len(blocks) == 1 else str(declared or "")


def _words(refs: References, value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    out = []
    for ref in values:
        if isinstance(ref, dict):
            out.append(slugify(refs.labels(ref).get("fr", "")))
    return out


def refine(apidae: str, block: dict[str, Any], refs: References) -> str:
    """Our most specific type for the object."""
    base = APIDAE_TO_TYPE[apidae]
    fields, rules = _RULES.get(apidae, ((), []))
    labels = [word for field in fields for word in _words(refs, block.get(field))]
    if apidae == "EQUIPEMENT" and block.get("itineraire"):
        labels.append("itineraire")
    for words, code in rules:
        if any(w == label or f"-{w}-" in f"-{label}-" for label in labels for w in words):
            return code
    return base
