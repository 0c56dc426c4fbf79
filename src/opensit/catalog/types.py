"""The type hierarchy of tourism objects, with mapping tables to DATAtourisme and Apidae.

Each object has one type. A type's ancestors are implied: filtering on `accommodation`
includes hotels, campsites, rentals... DATAtourisme gives every object all of its classes and
their ancestors, so the most specific mapped class wins; Apidae gives one of its 16 types.
"""

from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True)
class ObjectType:
    code: str
    parent: str | None
    fr: str
    en: str
    datatourisme: tuple[str, ...] = ()
    apidae: tuple[str, ...] = ()
    children: list[str] = field(default_factory=list, compare=False, hash=False)

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en

    @property
    def root(self) -> str:
        return ancestors(self.code)[-1]


# code, parent, fr, en, DATAtourisme classes, Apidae types.
# Roots come in priority order: when DATAtourisme classes match several roots (an object is
# both a Product and a TastingProvider), the earlier root wins.
# fmt: off
_TABLE: list[tuple[str, str | None, str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("event", None, "Fête et manifestation", "Event",
     ("EntertainmentAndEvent", "schema:Event"), ("FETE_ET_MANIFESTATION",)),
    ("cultural_event", "event", "Manifestation culturelle", "Cultural event",
     ("CulturalEvent",), ()),
    ("concert", "cultural_event", "Concert", "Concert", ("Concert", "Recital"), ()),
    ("exhibition", "cultural_event", "Exposition", "Exhibition", ("Exhibition",), ()),
    ("show", "cultural_event", "Spectacle", "Show",
     ("ShowEvent", "TheaterEvent", "DanceEvent"), ()),
    ("festival", "cultural_event", "Festival", "Festival", ("Festival",), ()),
    ("sports_event", "event", "Manifestation sportive", "Sports event",
     ("SportsEvent", "SportsCompetition"), ()),
    ("market_fair", "event", "Marché, foire, vide-grenier", "Market and fair",
     ("SaleEvent", "Market", "FairOrShow", "GarageSale", "BricABrac"), ()),
    ("social_event", "event", "Fête et animation", "Social event",
     ("SocialEvent", "OpenDay", "ReligiousEvent", "ChildrensEvent", "Conference",
      "Carnival", "Parade", "PilgrimageAndProcession", "VisualArtsEvent"), ()),
    ("itinerary", None, "Itinéraire", "Itinerary", ("Tour",), ()),
    ("walking_tour", "itinerary", "Itinéraire pédestre", "Walking tour", ("WalkingTour",), ()),
    ("cycling_tour", "itinerary", "Itinéraire cyclable", "Cycling tour", ("CyclingTour",), ()),
    ("road_tour", "itinerary", "Itinéraire routier", "Road tour", ("RoadTour",), ()),
    ("horse_tour", "itinerary", "Itinéraire équestre", "Horse tour", ("HorseTour",), ()),
    ("fluvial_tour", "itinerary", "Itinéraire fluvial", "Fluvial tour", ("FluvialTour",), ()),
    ("accommodation", None, "Hébergement", "Accommodation",
     ("Accommodation", "schema:LodgingBusiness"), ()),
    ("hotel", "accommodation", "Hôtellerie", "Hotel",
     ("HotelTrade", "Hotel", "schema:Hotel"), ("HOTELLERIE",)),
    ("hotel_restaurant", "hotel", "Hôtel-restaurant", "Hotel restaurant",
     ("HotelRestaurant",), ()),
    ("campsite", "accommodation", "Hôtellerie de plein air", "Campsite",
     ("CampingAndCaravanning", "Camping"), ("HOTELLERIE_PLEIN_AIR",)),
    ("camper_van_area", "campsite", "Aire de camping-cars", "Camper van area",
     ("CamperVanArea",), ()),
    ("rental", "accommodation", "Hébergement locatif", "Holiday rental",
     ("RentalAccommodation", "SelfCateringAccommodation"), ("HEBERGEMENT_LOCATIF",)),
    ("chalet", "rental", "Chalet", "Chalet", ("Chalet",), ()),
    ("bed_and_breakfast", "accommodation", "Chambre d'hôtes", "Bed and breakfast",
     ("Guesthouse", "schema:BedAndBreakfast"), ()),
    ("collective_accommodation", "accommodation", "Hébergement collectif",
     "Group accommodation",
     ("CollectiveAccommodation", "GroupLodging", "StopOverOrGroupLodge"),
     ("HEBERGEMENT_COLLECTIF",)),
    ("hostel", "collective_accommodation", "Auberge de jeunesse", "Hostel",
     ("YouthHostelAndInternationalCenter", "schema:Hostel"), ()),
    ("holiday_village", "collective_accommodation", "Village et centre de vacances",
     "Holiday village", ("HolidayCentre", "HolidayResort", "ClubOrHolidayVillage"), ()),
    ("food", None, "Restauration", "Food and drink",
     ("FoodEstablishment", "schema:FoodEstablishment"), ("RESTAURATION",)),
    ("restaurant", "food", "Restaurant", "Restaurant", ("Restaurant", "schema:Restaurant"), ()),
    ("gourmet_restaurant", "restaurant", "Restaurant gastronomique", "Gourmet restaurant",
     ("GourmetRestaurant",), ()),
    ("farmhouse_inn", "restaurant", "Ferme-auberge", "Farmhouse inn", ("FarmhouseInn",), ()),
    ("cafe_bar", "food", "Bar, café, brasserie", "Bar and café",
     ("BistroOrWineBar", "BrasserieOrTavern", "CafeOrTeahouse"), ()),
    ("fast_food", "food", "Restauration rapide", "Fast food",
     ("FastFoodRestaurant", "SelfServiceCafeteria"), ()),
    ("tasting", None, "Dégustation", "Tasting", ("TastingProvider", "Tasting"), ("DEGUSTATION",)),
    ("wine_cellar", "tasting", "Cave et domaine viticole", "Wine cellar",
     ("WineCellar", "schema:Winery"), ()),
    ("producer", "tasting", "Producteur", "Producer",
     ("Producer", "Farm", "Brewery", "Cooperative", "ProducersGroup"), ()),
    ("cultural_site", None, "Patrimoine culturel", "Cultural heritage",
     ("CulturalSite",), ("PATRIMOINE_CULTUREL",)),
    ("museum", "cultural_site", "Musée", "Museum",
     ("Museum", "InterpretationCentre", "schema:Museum"), ()),
    ("religious_site", "cultural_site", "Édifice religieux", "Religious site",
     ("ReligiousSite", "Church", "Chapel", "Abbey", "Cathedral", "Basilica", "Collegiate",
      "Convent", "Monastery", "Cloister"), ()),
    ("castle", "cultural_site", "Château et site défensif", "Castle",
     ("Castle", "FortifiedCastle", "DefenceSite", "Citadel", "Dungeon", "FortifiedSet",
      "Tower"), ()),
    ("remarkable_building", "cultural_site", "Patrimoine bâti", "Remarkable building",
     ("RemarkableBuilding", "CityHeritage", "TechnicalHeritage", "IndustrialSite", "Mill",
      "PigeonLoft", "Bridge", "RemembranceSite", "Ruins"), ()),
    ("archaeological_site", "cultural_site", "Site archéologique", "Archaeological site",
     ("ArcheologicalSite", "MegalithDolmenMenhir", "RomanPath"), ()),
    ("park_garden", "cultural_site", "Parc et jardin", "Park and garden",
     ("ParkAndGarden", "schema:Park"), ()),
    ("natural_site", None, "Patrimoine naturel", "Natural heritage",
     ("NaturalHeritage", "schema:Landform"), ("PATRIMOINE_NATUREL",)),
    ("cave", "natural_site", "Grotte et gouffre", "Cave", ("CaveSinkholeOrAven",), ()),
    ("viewpoint", "natural_site", "Point de vue", "Viewpoint", ("PointOfView",), ()),
    ("leisure", None, "Équipement de loisirs", "Sports and leisure facility",
     ("SportsAndLeisurePlace",), ("EQUIPEMENT",)),
    ("swimming_pool", "leisure", "Piscine et baignade", "Swimming pool", ("SwimmingPool",), ()),
    ("golf_course", "leisure", "Golf", "Golf course", ("GolfCourse", "schema:GolfCourse"), ()),
    ("amusement_park", "leisure", "Parc de loisirs et animalier", "Amusement park",
     ("ThemePark", "ZooAnimalPark", "VivariumAquarium", "schema:AmusementPark"), ()),
    ("play_area", "leisure", "Aire de jeux et de pique-nique", "Play and picnic area",
     ("PlayArea", "PicnicArea", "MiniGolf", "BoulesPitch", "FitnessPath", "FitnessCenter",
      "RacingCircuit"), ()),
    ("ski_area", "leisure", "Domaine skiable", "Ski area", ("SkiResort",), ("DOMAINE_SKIABLE",)),
    ("activity", None, "Activité", "Activity", ("Practice", "ActivityProvider"), ("ACTIVITE",)),
    ("guided_activity", "activity", "Activité encadrée", "Guided activity",
     ("AccompaniedPractice",), ()),
    ("free_activity", "activity", "Activité libre", "Self-guided activity", ("FreePractice",), ()),
    ("course", "activity", "Cours et stage", "Course",
     ("Course", "IntroductionCourse", "DevelopmentCourse", "FirstPractice"), ()),
    ("multi_activity", "activity", "Multi-activités", "Multi-activity", ("MultiActivity",), ()),
    ("boat_trip", "activity", "Promenade en bateau", "Boat trip",
     ("SightseeingBoat", "TouristTrain"), ()),
    ("service", None, "Commerce et service", "Shop and service",
     ("ServiceProvider", "Store"), ("COMMERCE_ET_SERVICE",)),
    ("shop", "service", "Commerce", "Shop", ("BoutiqueOrLocalShop", "Trader"), ()),
    ("equipment_rental", "service", "Location de matériel", "Equipment rental",
     ("EquipmentRental", "EquipmentRentalShop", "Rental", "EquipmentRepairShop"), ()),
    ("tourist_office", "service", "Office de tourisme", "Tourist information",
     ("TouristInformationCenter", "LocalTouristOffice", "schema:TouristInformationCenter"), ()),
    ("travel_agency", "service", "Agence de voyages", "Travel agency",
     ("IncomingTravelAgency",), ()),
    ("business_venue", "service", "Tourisme d'affaires", "Business venue",
     ("BusinessPlace", "ConventionCentre"), ()),
    ("convenience", "service", "Service pratique", "Practical service",
     ("ConvenientService",), ()),
    ("package", None, "Séjour et produit", "Package and product",
     ("Product", "schema:Product", "AccommodationProduct", "Visit"), ("SEJOUR_PACKAGE",)),
    ("territory", None, "Territoire", "Territory", (), ("TERRITOIRE",)),
    ("structure", None, "Structure", "Organisation", ("schema:Organization",), ("STRUCTURE",)),
    ("place", None, "Lieu", "Place", ("PlaceOfInterest", "PointOfInterest"), ()),
]
# fmt: on

TYPES: dict[str, ObjectType] = {}
for _code, _parent, _fr, _en, _dt, _apidae in _TABLE:
    TYPES[_code] = ObjectType(_code, _parent, _fr, _en, _dt, _apidae)
for _type in TYPES.values():
    if _type.parent:
        TYPES[_type.parent].children.append(_type.code)

ROOTS: list[str] = [code for code, t in TYPES.items() if t.parent is None]


@cache
def ancestors(code: str) -> tuple[str, ...]:
    """The type and its ancestors, most specific first."""
    chain = [code]
    while (parent := TYPES[chain[-1]].parent) is not None:
        chain.append(parent)
    return tuple(chain)


@cache
def descendants(code: str) -> tuple[str, ...]:
    """The type and every type below it: what a hierarchical `type` filter matches."""
    out = [code]
    for child in TYPES[code].children:
        out.extend(descendants(child))
    return tuple(out)


def root_of(code: str) -> str:
    return ancestors(code)[-1]


_DT_INDEX: dict[str, list[str]] = {}
for _type in TYPES.values():
    for _cls in _type.datatourisme:
        _DT_INDEX.setdefault(_cls, []).append(_type.code)

_ROOT_RANK = {code: rank for rank, code in enumerate(ROOTS)}


def best_type(candidates: set[str]) -> str:
    """The most specific of several types, roots taken in priority order."""
    if not candidates:
        return "place"
    return min(candidates, key=lambda c: (_ROOT_RANK[root_of(c)], -len(ancestors(c)), c))


def type_for_datatourisme(classes: list[str], inherited: dict[str, str] | None = None) -> str:
    """The most specific type for a DATAtourisme class list, roots taken in priority order.

    `inherited` gives the type of the classes with no mapping of their own (their nearest
    mapped ancestor's in the ontology, see connectors.datatourisme.classgen): a record may list
    a fine class without the ancestors that carry a mapping."""
    candidates = {code for cls in classes for code in _DT_INDEX.get(cls, ())}
    if inherited:
        candidates |= {inherited[c] for c in classes if c not in _DT_INDEX and c in inherited}
        if len(candidates) > 1:
            candidates.discard("place")
    return best_type(candidates)


def datatourisme_classes(code: str) -> list[str]:
    """DATAtourisme classes for an export: the type's first class and its ancestors' ones."""
    classes = []
    for step in ancestors(code):
        classes.extend(cls for cls in TYPES[step].datatourisme[:1] if not cls.startswith("schema:"))
    return [*classes, "PointOfInterest"] if "PointOfInterest" not in classes else classes


APIDAE_TO_TYPE: dict[str, str] = {apidae: t.code for t in TYPES.values() for apidae in t.apidae}
TYPE_TO_APIDAE: dict[str, str] = {}
for _code in TYPES:
    for _step in ancestors(_code):
        if TYPES[_step].apidae:
            TYPE_TO_APIDAE[_code] = TYPES[_step].apidae[0]
            break
