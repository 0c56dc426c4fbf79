"""Demo content: where to sleep, eat and taste. The businesses are fictional (demo contacts on
demo.opensit.org); the communes and the landscape around them are real. Texts are our own.
Opening periods come from the day the demo runs (`dates.DemoDays`): places open all year have a
period covering today, seasonal ones their current or next season.
"""

from opensit.demo.builders import (
    Spec,
    contacts,
    document,
    hours,
    located,
    period,
    photo,
    price,
    t,
)
from opensit.demo.dates import DemoDays
from opensit.demo.territory import PROVIDER

# fmt: off
ALL_WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NIGHT = t("Nuitée", "Night")
CREDIT = "OpenSIT démo / Camille Rousseau"


def _web(slug: str) -> str:
    return f"https://demo.opensit.org/{slug}"


def _hotel(key, type_code, name, insee, lat, lon, street, short, desc, stars, rooms, low, high,
           **more) -> Spec:
    return Spec(
        key,
        document(
            key,
            type_code,
            name,
            located(insee, lat, lon, street),
            short,
            desc,
            contacts=contacts("+33 2 47 00 10 " + f"{len(key):02d}", f"{key}@demo.opensit.org",
                              _web(key)),
            classifications=[stars],
            capacity={"rooms": rooms, "persons": rooms * 2},
            pricing={
                "prices": [price(t("Chambre double", "Double room"), low, high, "night")],
                "payment_methods": ["BlueCard", "Cash", "HolidayVouchers"],
            },
            languages=["fr", "en"],
            media=[photo(key, name, CREDIT)],
            **more,
        ),
    )


def stays(days: DemoDays) -> list[Spec]:
    """Accommodation, food and tasting of the demo territory."""
    season = period(*days.months((4, 1), (10, 31)), ALL_WEEK, yearly=True)
    all_year = period(*days.open_year, label=t("Toute l'année", "All year round"))
    return [
        _hotel(
            "hotel-le-manoir-du-fleuve", "hotel",
            t("Hôtel Le Manoir du Fleuve", "Le Manoir du Fleuve Hotel"),
            "37003", 47.4139, 0.9811, "12 quai des Marais",
            t("Un manoir du XIXᵉ siècle face à la Loire, à deux pas du château.",
              "A 19th-century manor facing the Loire, a short walk from the castle."),
            t("Vingt chambres aux tons de tuffeau, certaines avec vue sur le fleuve. Le petit "
              "déjeuner se prend dans le jardin clos aux beaux jours.",
              "Twenty rooms in tufa-stone colours, some overlooking the river. Breakfast is "
              "served in the walled garden on sunny days."),
            "ScaleRating_3etoiles", 20, 89, 165,
            amenities=["Wifi", "PrivateParking", "Garden", "BikeGarage"],
            themes=["NearARiverOrStream", "InTown"],
            labels=["LabelRating_AccueilVelo"],
            pets_allowed=True,
            opening={"periods": [all_year]},
        ),
        _hotel(
            "hotel-des-remparts", "hotel",
            t("Hôtel des Remparts", "Remparts Hotel"),
            "37003", 47.4118, 0.9870, "4 rue Victor-Hugo",
            t("Petit hôtel familial au pied des remparts royaux.",
              "A small family hotel at the foot of the royal ramparts."),
            t("Douze chambres simples et calmes, un accueil attentif et des conseils de visite "
              "pour parcourir la vieille ville à pied.",
              "Twelve plain, quiet rooms, a warm welcome and tips for exploring the old town "
              "on foot."),
            "ScaleRating_2etoiles", 12, 62, 84,
            amenities=["Wifi"], themes=["Downtown"],
            opening={"periods": [all_year, {**period(*days.months((1, 4), (1, 24))),
                                            "closed": True,
                                            "label": t("Congés annuels", "Annual holidays")}]},
        ),
        _hotel(
            "hotel-spa-les-vignes-hautes", "hotel",
            t("Hôtel & Spa Les Vignes Hautes", "Les Vignes Hautes Hotel & Spa"),
            "37131", 47.4615, 1.0420, "Route des Coteaux",
            t("Hôtel de charme au milieu des vignes, avec spa et piscine chauffée.",
              "A boutique hotel among the vines, with spa and heated pool."),
            t("Trente chambres ouvertes sur le vignoble de Limeray, un spa dans une ancienne "
              "cave de tuffeau et une piscine chauffée d'avril à octobre.",
              "Thirty rooms opening onto the Limeray vineyard, a spa in a former tufa cellar "
              "and a pool heated from April to October."),
            "ScaleRating_4etoiles", 30, 140, 320,
            amenities=["Wifi", "HeatedPool", "SwimmingPool", "Bar", "EquippedMeetingRoom"],
            themes=["InTheCountryside", "Wine"],
            labels=["LabelRating_QualiteTourisme"],
            opening={"periods": [season]},
        ),
        _hotel(
            "hotel-restaurant-le-relais-de-blere", "hotel_restaurant",
            t("Le Relais de Bléré, hôtel-restaurant", "Le Relais de Bléré hotel and restaurant"),
            "37027", 47.3275, 0.9915, "2 place Charles-Bidault",
            t("Ancien relais de poste sur le Cher, table de terroir.",
              "A former coaching inn on the Cher, with a country-cooking restaurant."),
            t("Quinze chambres au-dessus d'une salle à manger où l'on sert le poisson de Loire "
              "et les fromages de chèvre du voisinage.",
              "Fifteen rooms above a dining room serving Loire fish and goat's cheese from "
              "nearby farms."),
            "ScaleRating_2etoiles", 15, 72, 98,
            amenities=["Restaurant", "Bar", "Wifi"], themes=["TraditionalCuisine", "InTown"],
        ),
        Spec(
            "camping-de-l-ile-d-or",
            document(
                "camping-de-l-ile-d-or", "campsite",
                t("Camping de l'Île d'Or", "Île d'Or campsite"),
                located("37003", 47.4170, 0.9845, "Île d'Or"),
                t("Camping sur l'île au milieu de la Loire, face au château.",
                  "A campsite on the island in the middle of the Loire, facing the castle."),
                t("Cent vingt emplacements ombragés, une piscine et la vue la plus connue "
                  "d'Amboise au réveil. Ouvert d'avril à septembre.",
                  "A hundred and twenty shaded pitches, a pool and Amboise's most famous view "
                  "when you wake up. Open April to September."),
                classifications=["ScaleRating_3etoiles"],
                capacity={"pitches": 120, "persons": 360},
                opening={"periods": [period(*days.months((4, 1), (9, 30)), yearly=True)]},
                pricing={"prices": [
                    price(t("Emplacement 2 personnes", "Pitch for 2"), 18.5, 29, "pitch"),
                    price(t("Personne supplémentaire", "Extra person"), 5.2, None, "person"),
                ]},
                amenities=["SwimmingPool", "BikeHire", "GameArea", "Toilet"],
                themes=["NearARiverOrStream"], labels=["LabelRating_AccueilVelo"],
                contacts=contacts("+33 2 47 00 11 20", "camping-ile-d-or@demo.opensit.org"),
                media=[photo("camping-de-l-ile-d-or", t("Les emplacements au bord de l'eau",
                             "Riverside pitches"), CREDIT)],
                pets_allowed=True,
            ),
        ),
        Spec(
            "aire-camping-cars-chenonceaux",
            document(
                "aire-camping-cars-chenonceaux", "camper_van_area",
                t("Aire de camping-cars de Chenonceaux", "Chenonceaux camper van area"),
                located("37070", 47.3290, 1.0640, "Rue du Château"),
                t("Aire de service à 600 m du château.", "Service area 600 m from the castle."),
                t("Vingt places, borne eau et vidange, paiement par carte.",
                  "Twenty spaces, water and waste service point, card payment."),
                capacity={"pitches": 20},
                opening={"periods": [period(None, None)]},
                pricing={"prices": [price(t("Nuit", "Night"), 12, None, "night")],
                         "payment_methods": ["BlueCard"]},
                amenities=["CamperServicePoint", "ChargingStation"],
            ),
        ),
        Spec(
            "gite-la-closerie-des-tuffeaux",
            document(
                "gite-la-closerie-des-tuffeaux", "rental",
                t("Gîte La Closerie des Tuffeaux", "La Closerie des Tuffeaux holiday cottage"),
                located("37060", 47.4330, 1.0310, "8 chemin des Perrières"),
                t("Maison de vigneron rénovée pour six personnes.",
                  "A restored winegrower's house for six."),
                t("Trois chambres, un jardin clos et une cave voûtée : idéal pour une semaine "
                  "entre châteaux et vignobles.",
                  "Three bedrooms, a walled garden and a vaulted cellar: ideal for a week of "
                  "castles and vineyards."),
                capacity={"units": 1, "beds": 6, "persons": 6},
                pricing={"prices": [
                    price(t("Semaine haute saison", "High-season week"), 780, 950, "week"),
                    price(t("Week-end", "Weekend"), 290, None, "stay"),
                ]},
                amenities=["Garden", "Wifi", "PrivateParking"], themes=["InTheCountryside"],
                labels=["LabelRating_QualiteTourisme"],
                contacts=contacts("+33 6 00 00 12 01", "closerie@demo.opensit.org"),
                media=[photo("gite-la-closerie-des-tuffeaux", t("La façade", "The front"),
                             CREDIT)],
                pets_allowed=False,
            ),
        ),
        Spec(
            "gite-du-moulin-de-civray",
            document(
                "gite-du-moulin-de-civray", "rental",
                t("Gîte du Moulin de Civray", "Civray Mill cottage"),
                located("37079", 47.3320, 1.0470, "Le Moulin"),
                t("Un ancien moulin sur le Cher, pour quatre.",
                  "A former mill on the Cher, for four."),
                t("Deux chambres au-dessus de la roue à aubes, terrasse sur l'eau et canoë "
                  "à disposition.",
                  "Two bedrooms above the water wheel, a terrace over the river and a canoe to "
                  "borrow."),
                capacity={"units": 1, "beds": 4, "persons": 4},
                pricing={"prices": [price(t("Semaine", "Week"), 540, 720, "week")]},
                amenities=["Terrace", "Wifi"], themes=["NearARiverOrStream"],
                contacts=contacts("+33 6 00 00 12 02", "moulin-civray@demo.opensit.org"),
            ),
        ),
        Spec(
            "chambres-d-hotes-la-pagode",
            document(
                "chambres-d-hotes-la-pagode", "bed_and_breakfast",
                t("Chambres d'hôtes Le Jardin de la Pagode", "Le Jardin de la Pagode B&B"),
                located("37003", 47.3980, 0.9720, "Allée de Chanteloup"),
                t("Trois chambres dans une longère, près de la pagode de Chanteloup.",
                  "Three rooms in a long farmhouse near the Chanteloup pagoda."),
                t("Petit déjeuner aux confitures maison, vélos prêtés pour rejoindre la Loire "
                  "à Vélo.",
                  "Breakfast with home-made jams, and bikes to borrow to reach the Loire à Vélo "
                  "route."),
                capacity={"rooms": 3, "persons": 7},
                pricing={"prices": [price(t("Chambre et petit déjeuner", "Room and breakfast"),
                                          85, 110, "night")]},
                amenities=["Garden", "BikeGarage", "Wifi"], labels=["LabelRating_AccueilVelo"],
                contacts=contacts("+33 2 47 00 13 01", "jardin-pagode@demo.opensit.org"),
                languages=["fr", "en", "de"],
            ),
        ),
        Spec(
            "chambres-d-hotes-le-clos-saint-martin",
            document(
                "chambres-d-hotes-le-clos-saint-martin", "bed_and_breakfast",
                t("Le Clos Saint-Martin", "Le Clos Saint-Martin"),
                located("37161", 47.4550, 1.0990, "5 rue Saint-Martin"),
                t("Deux suites dans une demeure du XVIIIᵉ siècle.",
                  "Two suites in an 18th-century house."),
                t("Parc arboré, piscine et table d'hôtes le samedi soir sur réservation.",
                  "Wooded grounds, a pool and a guest dinner on Saturday nights, booked "
                  "ahead."),
                capacity={"rooms": 2, "persons": 5},
                pricing={"prices": [price(t("Suite", "Suite"), 120, 150, "night")]},
                amenities=["SwimmingPool", "Garden"],
                opening={"periods": [season]},
            ),
        ),
        Spec(
            "auberge-de-jeunesse-amboise",
            document(
                "auberge-de-jeunesse-amboise", "hostel",
                t("Auberge de jeunesse des Bords de Loire", "Loire riverside hostel"),
                located("37003", 47.4160, 0.9860, "Île d'Or"),
                t("Lits en dortoir et chambres familiales sur l'île d'Or.",
                  "Dormitory beds and family rooms on the Île d'Or."),
                t("Cuisine partagée, local à vélos fermé et tarifs pour les groupes scolaires.",
                  "Shared kitchen, locked bike room and rates for school groups."),
                capacity={"beds": 64, "rooms": 18},
                opening={"periods": [all_year]},
                pricing={"prices": [price(t("Lit en dortoir", "Dormitory bed"), 24, 29,
                                          "night")]},
                amenities=["BikeGarage", "Wifi"], labels=["LabelRating_AccueilVelo"],
            ),
        ),
        Spec(
            "village-vacances-les-coteaux",
            document(
                "village-vacances-les-coteaux", "holiday_village",
                t("Village vacances Les Coteaux", "Les Coteaux holiday village"),
                located("37163", 47.4300, 0.9500, "Route de Pocé"),
                t("Quarante chalets et animations pour les familles.",
                  "Forty chalets and activities for families."),
                t("Club enfants en juillet et août, piscine, terrains de sport et départ de "
                  "randonnées balisées.",
                  "Kids' club in July and August, a pool, sports grounds and waymarked walks "
                  "from the gate."),
                capacity={"units": 40, "persons": 200},
                opening={"periods": [period(*days.months((4, 4), (11, 1)))]},
                amenities=["SwimmingPool", "GameArea", "Restaurant"],
                themes=["FamilyOuting"],
            ),
        ),
        *_food(days),
    ]


def _restaurant(key, type_code, name, insee, lat, lon, street, short, desc, menu_low, menu_high,
                themes, weekdays, *times, season=(None, None), **more) -> Spec:
    """A restaurant open on `weekdays`, all year or in a yearly `season` (first, last day)."""
    return Spec(
        key,
        document(
            key,
            type_code,
            name,
            located(insee, lat, lon, street),
            short,
            desc,
            opening={"periods": [period(*season, weekdays, *times, yearly=bool(season[0]))]},
            pricing={
                "prices": [price(t("Menu", "Set menu"), menu_low, menu_high, "person")],
                "payment_methods": ["BlueCard", "Cash"],
            },
            themes=themes,
            contacts=contacts("+33 2 47 00 20 " + f"{len(key):02d}", f"{key}@demo.opensit.org"),
            media=[photo(key, name, CREDIT)],
            **more,
        ),
    )


LUNCH = hours("12:00", "14:00")
DINNER = hours("19:00", "21:30")


def _food(days: DemoDays) -> list[Spec]:
    return [
        _restaurant(
            "restaurant-la-table-du-chateau", "restaurant",
            t("La Table du Château", "La Table du Château"),
            "37003", 47.4128, 0.9858, "3 place Michel-Debré",
            t("Cuisine de saison au pied du château.", "Seasonal cooking below the castle."),
            t("Le chef travaille les légumes des maraîchers de la vallée et le sandre de Loire.",
              "The chef cooks vegetables from the valley's market gardeners and Loire "
              "pike-perch."),
            24, 42, ["TraditionalCuisine", "Downtown"], ["tue", "wed", "thu", "fri", "sat"],
            LUNCH, DINNER, amenities=["Terrace", "BabyChair"],
            capacity={"seats": 48},
        ),
        _restaurant(
            "restaurant-l-atelier-gourmand", "gourmet_restaurant",
            t("L'Atelier Gourmand", "L'Atelier Gourmand"),
            "37003", 47.4110, 0.9890, "18 rue Nationale",
            t("Table gastronomique intimiste, menu unique selon le marché.",
              "An intimate gourmet table with a single market menu."),
            t("Huit tables, une cuisine ouverte et une carte des vins de Touraine choisie "
              "avec soin.",
              "Eight tables, an open kitchen and a carefully chosen Touraine wine list."),
            58, 95, ["GourmetCuisine"], ["wed", "thu", "fri", "sat"], DINNER,
            capacity={"seats": 24},
        ),
        _restaurant(
            "ferme-auberge-de-la-bergerie", "farmhouse_inn",
            t("Ferme-auberge de la Bergerie", "La Bergerie farmhouse inn"),
            "37073", 47.3310, 1.0900, "La Bergerie",
            t("Les produits de la ferme, servis à la ferme.",
              "Farm produce, served on the farm."),
            t("Agneau, volailles et fromages de l'exploitation, le week-end sur réservation.",
              "Lamb, poultry and cheese from the farm, at weekends by reservation."),
            26, 34, ["TraditionalCuisine", "InTheCountryside"], ["sat", "sun"], LUNCH, DINNER,
        ),
        _restaurant(
            "bistrot-des-mariniers", "cafe_bar",
            t("Le Bistrot des Mariniers", "Le Bistrot des Mariniers"),
            "37003", 47.4142, 0.9830, "7 quai du Général-de-Gaulle",
            t("Bar à vins et assiettes à partager sur les quais.",
              "Wine bar with sharing plates on the embankment."),
            t("Une terrasse sur la Loire, des vins au verre du vignoble voisin.",
              "A terrace on the Loire and wines by the glass from the nearby vineyard."),
            14, 22, ["NearARiverOrStream", "Wine"], ALL_WEEK, hours("11:00", "23:00"),
            amenities=["Terrace", "Bar"],
        ),
        _restaurant(
            "creperie-la-tour-de-l-horloge", "fast_food",
            t("Crêperie de l'Horloge", "L'Horloge crêperie"),
            "37003", 47.4124, 0.9835, "21 rue Nationale",
            t("Galettes et crêpes à emporter ou sur place.", "Galettes and crêpes, eat in or "
              "take away."),
            t("Farine de blé noir bio, cidre fermier et glaces artisanales l'été.",
              "Organic buckwheat flour, farm cider and craft ice cream in summer."),
            9, 16, ["Downtown"], ALL_WEEK, hours("11:30", "21:00"),
            amenities=["TakeawayFoodOrMeals"],
        ),
        _restaurant(
            "restaurant-le-bord-du-cher", "restaurant",
            t("Le Bord du Cher", "Le Bord du Cher"),
            "37079", 47.3300, 1.0440, "1 rue du Port",
            t("Guinguette au bord du Cher, friture et musique le dimanche.",
              "A riverside guinguette on the Cher, fried fish and music on Sundays."),
            t("Ouverte de mai à septembre, avec une grande terrasse ombragée.",
              "Open May to September, with a large shaded terrace."),
            17, 28, ["NearARiverOrStream"], ["thu", "fri", "sat", "sun"], LUNCH, DINNER,
            amenities=["Terrace", "Toilet"], season=days.months((5, 1), (9, 30)),
        ),
        Spec(
            "domaine-des-coteaux",
            document(
                "domaine-des-coteaux", "wine_cellar",
                t("Domaine des Coteaux", "Domaine des Coteaux"),
                located("37131", 47.4598, 1.0455, "La Côte"),
                t("Vins d'appellation Touraine-Amboise, dégustation dans la cave troglodytique.",
                  "Touraine-Amboise wines, tasted in a cave cellar."),
                t("Une famille de vignerons depuis quatre générations. Visite de la cave creusée "
                  "dans le tuffeau et dégustation commentée de chenin et de côt.",
                  "A winemaking family for four generations. Tour of the cellar dug into the "
                  "tufa and a guided tasting of chenin and côt."),
                opening={"periods": [period(None, None, ["mon", "tue", "wed", "thu", "fri",
                                                         "sat"], hours("10:00", "12:30"),
                                            hours("14:00", "18:30"))],
                         "closures": [{"date": days.next_date(12, 25),
                                       "reason": t("Noël", "Christmas")}]},
                pricing={"free": True, "payment_methods": ["BlueCard", "Check", "Cash"]},
                labels=["LabelRating_VignoblesEtDecouvertes"], themes=["Wine"],
                contacts=contacts("+33 2 47 00 30 01", "cave@demo.opensit.org",
                                  "https://demo.opensit.org/coteaux"),
                media=[photo("domaine-des-coteaux", t("La cave de tuffeau", "The tufa cellar"),
                             "Domaine des Coteaux", "cc-by-sa-4.0")],
                languages=["fr", "en"],
            ),
            owner=PROVIDER,
        ),
        Spec(
            "cave-cooperative-des-vignerons",
            document(
                "cave-cooperative-des-vignerons", "wine_cellar",
                t("Cave des Vignerons de la Vallée", "Valley Winegrowers' Cellar"),
                located("37156", 47.3900, 0.8300, "Quai Albert-Baillet"),
                t("Les vins de Montlouis-sur-Loire, tranquilles et fines bulles.",
                  "Still and sparkling wines of Montlouis-sur-Loire."),
                t("Une coopérative de vignerons qui propose dégustation, boutique et visite des "
                  "galeries souterraines.",
                  "A winegrowers' cooperative with tastings, a shop and a tour of its "
                  "underground galleries."),
                pricing={"prices": [price(t("Visite et dégustation", "Tour and tasting"), 7,
                                          None, "person")]},
                amenities=["Shop", "CarPark"], themes=["Wine"],
            ),
        ),
        Spec(
            "chevrerie-des-perrieres",
            document(
                "chevrerie-des-perrieres", "producer",
                t("Chèvrerie des Perrières", "Les Perrières goat farm"),
                located("37027", 47.3200, 0.9800, "Les Perrières"),
                t("Fromages de chèvre fermiers, traite à voir à 17 h.",
                  "Farm goat's cheese; milking at 5 pm."),
                t("Soixante chèvres, une fromagerie vitrée et une boutique à la ferme.",
                  "Sixty goats, a glass-walled dairy and a farm shop."),
                opening={"periods": [period(None, None, ["wed", "fri", "sat"],
                                            hours("16:00", "19:00"))]},
                themes=["InTheCountryside", "FamilyOuting"],
            ),
        ),
        Spec(
            "miellerie-du-val",
            document(
                "miellerie-du-val", "producer",
                t("Miellerie du Val", "Miellerie du Val honey farm"),
                located("37163", 47.4250, 0.9600, "12 rue des Abeilles"),
                t("Miels de la vallée de la Loire et pain d'épices.",
                  "Loire valley honeys and gingerbread."),
                t("Découverte d'une ruche vitrée et dégustation de miels d'acacia et de "
                  "châtaignier.",
                  "A glass observation hive and tastings of acacia and chestnut honey."),
                opening={"periods": [period(*days.months((3, 1), (10, 31)), ["sat"],
                                            hours("09:30", "12:30"), yearly=True)]},
            ),
            published=False,
        ),
    ]
# fmt: on
