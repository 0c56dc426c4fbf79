"""The vocabulary entries the demo objects use, registered through `upsert_entries`.

Codes follow the catalog's convention: DATAtourisme individuals keep their local name.
"""

from opensit.catalog.vocabularies import Entry, Scheme

# fmt: off
_ENTRIES: list[tuple[str, str, str, str]] = [
    (Scheme.AMENITY, "Wifi", "Wifi, accès internet", "Wifi, internet access"),
    (Scheme.AMENITY, "CarPark", "Parking", "Car park"),
    (Scheme.AMENITY, "PrivateParking", "Parking privé", "Private parking"),
    (Scheme.AMENITY, "Terrace", "Terrasse", "Terrace"),
    (Scheme.AMENITY, "Garden", "Jardin", "Garden"),
    (Scheme.AMENITY, "SwimmingPool", "Piscine", "Swimming pool"),
    (Scheme.AMENITY, "HeatedPool", "Piscine chauffée", "Heated pool"),
    (Scheme.AMENITY, "BikeGarage", "Garage à vélo", "Bike garage"),
    (Scheme.AMENITY, "BikeHire", "Location de vélo", "Bike hire"),
    (Scheme.AMENITY, "Restaurant", "Restaurant", "Restaurant"),
    (Scheme.AMENITY, "Bar", "Bar", "Bar"),
    (Scheme.AMENITY, "GameArea", "Espace jeux", "Game area"),
    (Scheme.AMENITY, "Elevator", "Ascenseur", "Elevator"),
    (Scheme.AMENITY, "PicnicArea", "Aire de pique-nique", "Picnic area"),
    (Scheme.AMENITY, "ChargingStation", "Borne de charge véhicule électrique",
     "Charging station"),
    (Scheme.AMENITY, "CamperServicePoint", "Borne de service camping-car",
     "Camper service point"),
    (Scheme.AMENITY, "BabyChair", "Chaise bébé", "Baby chair"),
    (Scheme.AMENITY, "TakeawayFoodOrMeals", "Vente de plats à emporter", "Takeaway food"),
    (Scheme.AMENITY, "Shop", "Boutique", "Shop"),
    (Scheme.AMENITY, "EquippedMeetingRoom", "Salle de réunion équipée",
     "Equipped meeting room"),
    (Scheme.AMENITY, "Toilet", "Toilettes", "Toilets"),
    (Scheme.THEME, "InTown", "En ville", "In town"),
    (Scheme.THEME, "Downtown", "En centre-ville", "Downtown"),
    (Scheme.THEME, "InTheCountryside", "À la campagne", "In the countryside"),
    (Scheme.THEME, "NearARiverOrStream", "En bord de fleuve ou rivière", "Near a river"),
    (Scheme.THEME, "TraditionalCuisine", "Cuisine traditionnelle française",
     "French traditional cuisine"),
    (Scheme.THEME, "GourmetCuisine", "Cuisine gastronomique", "Gourmet cuisine"),
    (Scheme.THEME, "Wine", "Vin", "Wine"),
    (Scheme.THEME, "BicycleTouring", "Cyclotourisme", "Bicycle touring"),
    (Scheme.THEME, "Renaissance", "Renaissance", "Renaissance"),
    (Scheme.THEME, "FamilyOuting", "Sortie en famille", "Family outing"),
    (Scheme.LABEL, "LabelRating_AccueilVelo", "Accueil Vélo", "Accueil Vélo"),
    (Scheme.LABEL, "LabelRating_QualiteTourisme", "Qualité Tourisme", "Qualité Tourisme"),
    (Scheme.LABEL, "LabelRating_VignoblesEtDecouvertes", "Vignobles & Découvertes",
     "Vignobles & Découvertes"),
    (Scheme.LABEL, "LabelRating_TourismeEtHandicap", "Tourisme & Handicap",
     "Tourisme & Handicap"),
    (Scheme.CLASSIFICATION, "ScaleRating_2etoiles", "2 étoiles", "2 stars"),
    (Scheme.CLASSIFICATION, "ScaleRating_3etoiles", "3 étoiles", "3 stars"),
    (Scheme.CLASSIFICATION, "ScaleRating_4etoiles", "4 étoiles", "4 stars"),
    (Scheme.ACCESSIBILITY, "WheelchairAccessible", "Accessible en fauteuil roulant",
     "Wheelchair accessible"),
    (Scheme.ACCESSIBILITY, "HearingLoop", "Boucle magnétique", "Hearing loop"),
    (Scheme.PAYMENT, "Cash", "Espèces", "Cash"),
    (Scheme.PAYMENT, "Check", "Chèque", "Cheque"),
    (Scheme.PAYMENT, "BlueCard", "Carte bancaire", "Bank card"),
    (Scheme.PAYMENT, "HolidayVouchers", "Chèques vacances", "Holiday vouchers"),
    (Scheme.LANGUAGE, "fr", "Français", "French"),
    (Scheme.LANGUAGE, "en", "Anglais", "English"),
    (Scheme.LANGUAGE, "de", "Allemand", "German"),
    (Scheme.LANGUAGE, "es", "Espagnol", "Spanish"),
]
# fmt: on


# Codes of the project's own, with no DATAtourisme individual behind them.
_OWN_CODES = {"Renaissance", "FamilyOuting", "WheelchairAccessible", "HearingLoop"}


def demo_entries() -> list[Entry]:
    return [
        Entry(
            scheme=scheme,
            code=code,
            labels={"fr": fr, "en": en},
            datatourisme="" if scheme == Scheme.LANGUAGE or code in _OWN_CODES else f"kb:{code}",
        )
        for scheme, code, fr, en in _ENTRIES
    ]


DEMO_CODES = frozenset(code for _, code, _, _ in _ENTRIES)
