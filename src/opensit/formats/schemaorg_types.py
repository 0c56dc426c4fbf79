"""The schema.org class of each catalog type, in one table (`SCHEMA_TYPES`), and what each
class is (a business, a place, an event...), for the properties `formats.schemaorg` may give
it: schema.org defines `priceRange` for a LocalBusiness, not for a Museum."""

from opensit.catalog.types import TYPES, ancestors

#: The class of a document whose type is unknown here (a type from a newer catalog).
FALLBACK_CLASS = "LocalBusiness"

# The schema.org class of each type. A type without a row takes its closest ancestor's
# (`ancestors`): hotel_restaurant is a Hotel, gourmet_restaurant a Restaurant. Where the
# catalog's type table names a schema: class (`catalog.types`, used by imports), the class
# here is the same (tests/formats/test_schemaorg.py keeps them in step).
SCHEMA_TYPES: dict[str, str] = {
    # events
    "event": "Event",
    "concert": "MusicEvent",
    "exhibition": "ExhibitionEvent",
    "show": "TheaterEvent",
    "festival": "Festival",
    "sports_event": "SportsEvent",
    "market_fair": "SaleEvent",
    "social_event": "SocialEvent",
    # itineraries, trips
    "itinerary": "TouristTrip",
    "boat_trip": "TouristTrip",
    "package": "Product",
    # accommodation
    "accommodation": "LodgingBusiness",
    "hotel": "Hotel",
    "campsite": "Campground",
    "bed_and_breakfast": "BedAndBreakfast",
    "hostel": "Hostel",
    "holiday_village": "Resort",
    # food and drink
    "food": "FoodEstablishment",
    "restaurant": "Restaurant",
    "cafe_bar": "BarOrPub",
    "fast_food": "FastFoodRestaurant",
    "tasting": "LocalBusiness",
    "wine_cellar": "Winery",
    # heritage and nature
    "cultural_site": "TouristAttraction",
    "museum": "Museum",
    "religious_site": "PlaceOfWorship",
    "castle": "LandmarksOrHistoricalBuildings",
    "remarkable_building": "LandmarksOrHistoricalBuildings",
    "archaeological_site": "LandmarksOrHistoricalBuildings",
    "park_garden": "Park",
    "natural_site": "Landform",
    "place": "TouristAttraction",
    # leisure, activities, services
    "leisure": "SportsActivityLocation",
    "swimming_pool": "PublicSwimmingPool",
    "golf_course": "GolfCourse",
    "amusement_park": "AmusementPark",
    "play_area": "Playground",
    "ski_area": "SkiResort",
    "activity": "LocalBusiness",
    "service": "LocalBusiness",
    "shop": "Store",
    "tourist_office": "TouristInformationCenter",
    "travel_agency": "TravelAgency",
    "business_venue": "EventVenue",
    # others
    "territory": "AdministrativeArea",
    "structure": "Organization",
}
# A finer class named by one of the type's own DATAtourisme classes that the document keeps
# (`classes`, from an import): a "Bar, café" that is a CafeOrTeahouse is a CafeOrCoffeeShop.
CLASS_REFINEMENTS: dict[str, str] = {
    "CafeOrTeahouse": "CafeOrCoffeeShop",
    "DanceEvent": "DanceEvent",
    "VisualArtsEvent": "VisualArtsEvent",
    "ChildrensEvent": "ChildrensEvent",
    "Church": "Church",
    "Chapel": "Church",
    "Cathedral": "Church",
    "Basilica": "Church",
    "ZooAnimalPark": "Zoo",
    "VivariumAquarium": "Aquarium",
    "Brewery": "Brewery",
}
# What each class is, for the properties it may carry (a Museum is a place, not a business:
# no priceRange; an Event has a location, not an address).
EVENT, TRIP, PRODUCT, BUSINESS, LODGING, PLACE, AREA, ORGANISATION = (
    "event", "trip", "product", "business", "lodging", "place", "area", "organisation",
)  # fmt: skip
KINDS: dict[str, str] = {
    **dict.fromkeys(
        ("Event", "MusicEvent", "ExhibitionEvent", "TheaterEvent", "Festival", "SportsEvent",
         "SaleEvent", "SocialEvent", "DanceEvent", "VisualArtsEvent", "ChildrensEvent"),
        EVENT,
    ),
    "TouristTrip": TRIP,
    "Product": PRODUCT,
    **dict.fromkeys(
        ("LodgingBusiness", "Hotel", "Campground", "BedAndBreakfast", "Hostel", "Resort"),
        LODGING,
    ),
    **dict.fromkeys(
        ("LocalBusiness", "FoodEstablishment", "Restaurant", "BarOrPub", "CafeOrCoffeeShop",
         "FastFoodRestaurant", "Winery", "Brewery", "SportsActivityLocation",
         "PublicSwimmingPool", "GolfCourse", "AmusementPark", "SkiResort", "Store",
         "TouristInformationCenter", "TravelAgency"),
        BUSINESS,
    ),
    **dict.fromkeys(
        ("TouristAttraction", "Museum", "PlaceOfWorship", "Church",
         "LandmarksOrHistoricalBuildings", "Park", "Landform", "Playground", "EventVenue",
         "Zoo", "Aquarium"),
        PLACE,
    ),
    "AdministrativeArea": AREA,
    "Organization": ORGANISATION,
}  # fmt: skip
# Classes of which schema.org defines `availableLanguage` (languages spoken there).
SPEAKING = {"TouristAttraction", "LodgingBusiness", *(c for c, k in KINDS.items() if k == LODGING)}


def schema_type(type_code: str, classes: list[str] | tuple[str, ...] = ()) -> str:
    """The most specific schema.org class of a type: a refinement named by one of the type's
    own DATAtourisme classes, else its row, else its closest ancestor's row."""
    if type_code not in TYPES:
        return FALLBACK_CLASS
    own = TYPES[type_code].datatourisme
    for cls in classes:
        if cls in own and cls in CLASS_REFINEMENTS:
            return CLASS_REFINEMENTS[cls]
    for step in ancestors(type_code):
        if step in SCHEMA_TYPES:
            return SCHEMA_TYPES[step]
    return FALLBACK_CLASS


def kind_of(schema_class: str) -> str:
    return KINDS.get(schema_class, BUSINESS)
