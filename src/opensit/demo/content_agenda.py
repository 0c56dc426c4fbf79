"""Demo content: the agenda (events with occurrences and recurrence rules), itineraries and
packages. Every date comes from the day the demo runs (`dates.DemoDays`): a concert this
weekend and next week, a guided tour next month, a weekly market all year round, and seasonal
events (summer markets, the Christmas market) at their current or next season.
"""

from datetime import date, timedelta

from opensit.demo.builders import Spec, demo_id, document, located, photo, price, t
from opensit.demo.dates import DemoDays, first_weekday, last_weekday, month_end, month_start
from opensit.demo.territory import BOARD, PROVIDER

# fmt: off
CREDIT = "OpenSIT démo / Hugo Lefèvre"


def night_market_dates(year: int) -> tuple[date, date, date]:
    """First night, excluded night (Bastille week) and last night of the vintners' market."""
    first = first_weekday(date(year, 7, 1), "thu")
    last = first_weekday(date(year, 8, 25), "thu")
    if last > date(year, 8, 31):
        last -= timedelta(days=7)
    return first, first + timedelta(days=14), last


def _summer_nights(year: int) -> tuple[date, date]:
    first, _, last = night_market_dates(year)
    return first, last


def _festival(year: int) -> tuple[date, date]:
    start = first_weekday(date(year, 7, 8), "fri")
    return start, start + timedelta(days=2)


def _summer_shows(year: int) -> tuple[date, date]:
    """First and last night of the sound and light show: Wednesdays and Saturdays from 1 July
    to 29 August."""
    first = min(first_weekday(date(year, 7, 1), day) for day in ("wed", "sat"))
    last = max(last_weekday(date(year, 8, 29), day) for day in ("wed", "sat"))
    return first, last


def _heritage_days(year: int) -> tuple[date, date]:
    saturday = first_weekday(date(year, 9, 15), "sat")
    return saturday, saturday + timedelta(days=1)


def _christmas_market(year: int) -> tuple[date, date]:
    """Two weekends, Friday to Sunday, from the first Friday on or after 4 December."""
    friday = first_weekday(date(year, 12, 4), "fri")
    return friday, friday + timedelta(days=9)


def _one_day(month: int, day: int, weekday: str):
    def season(year: int) -> tuple[date, date]:
        when = first_weekday(date(year, month, day), weekday)
        return when, when

    return season


def _until(day: date) -> str:
    return day.strftime("%Y%m%d")


def _event(key, type_code, name, insee, lat, lon, short, desc, event, owner=None,
           publication_end=None, **more) -> Spec:
    """An event with its photo; `publication_end`: the photo is not diffused after that day."""
    picture = photo(key, name, CREDIT)
    if publication_end:
        picture["publication_end"] = publication_end
    spec = Spec(key, document(key, type_code, name, located(insee, lat, lon), short, desc,
                              event=event, media=[picture], **more))
    if owner:
        spec.owner = owner
    return spec


def _occ(start: date, end: date | None = None, start_time: str = "", end_time: str = "") -> dict:
    out: dict = {"start_date": start, "end_date": end}
    if start_time:
        out["start_time"] = start_time
    if end_time:
        out["end_time"] = end_time
    return out


def agenda(days: DemoDays) -> list[Spec]:
    """Events around the day the demo runs, plus itineraries and packages."""
    summer = days.season(_summer_nights)[0].year
    first_night, skipped_night, last_night = night_market_dates(summer)
    festival_start, festival_end = days.season(_festival)
    heritage_sat, heritage_sun = days.season(_heritage_days)
    xmas, xmas_end = days.season(_christmas_market)
    shows_start, shows_end = days.season(_summer_shows)
    sunday = days.weekend[1]
    tasting = days.next_week[0] + timedelta(days=4)  # Friday of next week
    exhibition_start, exhibition_end = month_start(days.today, -3), month_end(days.today, 14)
    return [
        _event("marche-nocturne-des-vignerons", "market_fair",
               t("Marché nocturne des vignerons", "Vintners' night market"),
               "37003", 47.4138, 0.9835,
               t("Chaque jeudi soir de l'été, les vignerons s'installent sur les quais.",
                 "Every Thursday evening in summer, winegrowers set up on the quays."),
               t("Dégustations, produits fermiers et musique. Pas de marché la semaine du "
                 "14 juillet, place aux feux d'artifice.",
                 "Tastings, farm produce and music. No market in Bastille Day week: the "
                 "fireworks take over."),
               {"recurrences": [{
                   "start_date": first_night,
                   "rrule": f"FREQ=WEEKLY;BYDAY=TH;UNTIL={_until(last_night)}",
                   "start_time": "18:00", "end_time": "22:30",
                   "exdates": [skipped_night]}]},
               pricing={"free": True}, themes=["Wine"]),
        _event("marche-d-amboise", "market_fair",
               t("Marché d'Amboise", "Amboise market"),
               "37003", 47.4145, 0.9815,
               t("Le grand marché du dimanche et le marché du vendredi, sur le mail.",
                 "The big Sunday market and the Friday market, on the Mail."),
               t("Plus de deux cents exposants le dimanche matin : primeurs, fromagers, "
                 "volaillers et artisans. Toute l'année, qu'il pleuve ou qu'il vente.",
                 "Over two hundred stalls on Sunday mornings: greengrocers, cheesemakers, "
                 "poultry farmers and craftspeople. All year round, rain or shine."),
               {"recurrences": [{"start_date": month_start(days.today),
                                 "rrule": "FREQ=WEEKLY;BYDAY=FR,SU;"
                                          f"UNTIL={_until(month_end(days.today, 12))}",
                                 "start_time": "08:00", "end_time": "13:00"}]},
               pricing={"free": True}),
        _event("les-nuits-de-la-pagode", "festival",
               t("Les Nuits de la Pagode", "Pagoda Nights"),
               "37003", 47.3935, 0.9690,
               t("Trois soirs de concerts au pied de la pagode de Chanteloup.",
                 "Three evenings of concerts at the foot of the Chanteloup pagoda."),
               t("Jazz, musiques du monde et pique-nique sur l'herbe ; navettes depuis la gare.",
                 "Jazz, world music and picnics on the lawn; shuttles from the station."),
               {"occurrences": [_occ(festival_start, festival_end, "19:30", "23:30")]},
               pricing={"prices": [price(t("Pass 3 soirs", "3-night pass"), 45, None, "person"),
                                   price(t("Soirée", "One evening"), 18, 22, "person")]},
               booking={"url": "https://demo.opensit.org/nuits-pagode"}),
        _event("exposition-leonard-ingenieur", "exhibition",
               t("Léonard, ingénieur du roi", "Leonardo, the King's Engineer"),
               "37003", 47.4103, 0.9918,
               t("Dix-huit mois d'exposition sur les machines de Léonard de Vinci.",
                 "An eighteen-month exhibition on Leonardo da Vinci's machines."),
               t("Carnets, maquettes et dispositifs interactifs racontent les projets de "
                 "Léonard pour François Iᵉʳ.",
                 "Notebooks, models and hands-on displays tell of Leonardo's projects for "
                 "Francis I."),
               {"occurrences": [_occ(exhibition_start, exhibition_end)]},
               pricing={"summary": t("Inclus dans le billet du Clos Lucé",
                                     "Included in the Clos Lucé ticket")},
               themes=["Renaissance"], publication_end=exhibition_end),
        _event("dimanches-musicaux-saint-denis", "concert",
               t("Les Dimanches musicaux de Saint-Denis", "Saint-Denis Sunday concerts"),
               "37003", 47.4098, 0.9790,
               t("Musique de chambre dans l'église romane : quatre dimanches, quatre "
                 "programmes.",
                 "Chamber music in the Romanesque church: four Sundays, four programmes."),
               t("Quatuors et récitals d'orgue, avec de jeunes musiciens du conservatoire.",
                 "String quartets and organ recitals, with young conservatoire musicians."),
               {"occurrences": [_occ(sunday + timedelta(weeks=weeks), None, "17:00", "18:30")
                                for weeks in (0, 1, 5, 9)]},
               pricing={"prices": [price(t("Entrée", "Admission"), 12, None, "person")]}),
        _event("son-et-lumiere-les-reves-du-roi", "show",
               t("Les Rêves du Roi, son et lumière", "The King's Dreams, sound and light show"),
               "37003", 47.4136, 0.9862,
               t("Spectacle nocturne avec quatre cents figurants sur les remparts.",
                 "A night show with four hundred volunteers on the ramparts."),
               t("Deux soirs par semaine en juillet et août, la cour de François Iᵉʳ revit sous "
                 "les étoiles.",
                 "Two nights a week in July and August, Francis I's court comes back to life "
                 "under the stars."),
               {"recurrences": [{"start_date": shows_start,
                                 "rrule": f"FREQ=WEEKLY;BYDAY=WE,SA;UNTIL={_until(shows_end)}",
                                 "start_time": "22:00", "end_time": "23:15"}]},
               pricing={"prices": [price(t("Adulte", "Adult"), 24, None, "person"),
                                   price(t("Enfant", "Child"), 12, None, "person")]}),
        _event("semi-marathon-des-chateaux", "sports_event",
               t("Semi-marathon des châteaux", "Castles half-marathon"),
               "37070", 47.3249, 1.0703,
               t("21 km de Chenonceaux à Amboise, par la forêt.",
                 "21 km from Chenonceaux to Amboise, through the forest."),
               t("Départ au pied du château de Chenonceau, arrivée sur les quais d'Amboise.",
                 "Start at the foot of Chenonceau castle, finish on the Amboise quays."),
               {"occurrences": [_occ(days.season(_one_day(10, 8, "sun"))[0], None, "09:30")]},
               pricing={"prices": [price(t("Inscription", "Entry fee"), 28, 35)]}),
        _event("journees-du-patrimoine-amboise", "social_event",
               t("Journées européennes du patrimoine à Amboise",
                 "European Heritage Days in Amboise"),
               "37003", 47.4122, 0.9848,
               t("Visites gratuites et lieux exceptionnellement ouverts.",
                 "Free tours and places open for once."),
               t("Le week-end de septembre où la ville ouvre ses hôtels particuliers et ses caves.",
                 "The September weekend when the town opens its mansions and cellars."),
               {"occurrences": [_occ(heritage_sat, heritage_sun, "10:00", "18:00")]},
               pricing={"free": True}),
        _event("marche-de-noel-amboise", "market_fair",
               t("Marché de Noël d'Amboise", "Amboise Christmas market"),
               "37003", 47.4130, 0.9850,
               t("Deux week-ends de chalets et d'illuminations.",
                 "Two weekends of stalls and lights."),
               t("Artisans, vin chaud et promenade en calèche dans la vieille ville.",
                 "Craft stalls, mulled wine and carriage rides through the old town."),
               {"occurrences": [_occ(xmas, xmas + timedelta(days=2)),
                                _occ(xmas + timedelta(days=7), xmas_end)]},
               pricing={"free": True}, publication_end=xmas_end),
        _event("visite-du-vieil-amboise", "social_event",
               t("Visite guidée du vieil Amboise", "Guided tour of old Amboise"),
               "37003", 47.4140, 0.9845,
               t("Le premier samedi du mois, deux heures dans les ruelles.",
                 "On the first Saturday of the month, two hours in the lanes."),
               t("Un guide-conférencier raconte la ville royale, de la tour de l'Horloge aux "
                 "maisons de tuffeau.",
                 "A licensed guide tells the story of the royal town, from the Clock Tower to "
                 "the tufa houses."),
               {"recurrences": [{"start_date": month_start(days.today),
                                 "rrule": "FREQ=MONTHLY;BYDAY=1SA;COUNT=10",
                                 "start_time": "10:00", "end_time": "12:00"}]},
               pricing={"prices": [price(t("Adulte", "Adult"), 9, None, "person")]}),
        _event("fete-de-la-saint-vincent", "social_event",
               t("Fête de la Saint-Vincent des vignerons", "Saint Vincent winegrowers' feast"),
               "37131", 47.4600, 1.0468,
               t("La fête du patron des vignerons, en janvier.",
                 "The feast of the winegrowers' patron saint, in January."),
               t("Procession dans les vignes, messe et banquet à la salle des fêtes.",
                 "A procession through the vines, mass and a banquet in the village hall."),
               {"occurrences": [_occ(days.season(_one_day(1, 22, "sat"))[0], None,
                                     "10:00", "17:00")]},
               owner=BOARD, themes=["Wine"]),
        _event("vide-grenier-de-limeray", "market_fair",
               t("Vide-grenier de Limeray", "Limeray car-boot sale"),
               "37131", 47.4600, 1.0468,
               t("Le vide-grenier du printemps dans les rues du bourg.",
                 "The spring car-boot sale in the village streets."),
               t("Inscriptions auprès de la mairie ; buvette de l'association des parents.",
                 "Stalls booked at the town hall; refreshments by the parents' association."),
               {"occurrences": [_occ(days.season(_one_day(5, 1, "sun"))[0], None, "07:00",
                                     "18:00")]}),
        _event("soiree-degustation-domaine-des-coteaux", "social_event",
               t("Soirée dégustation au Domaine des Coteaux",
                 "Tasting evening at Domaine des Coteaux"),
               "37131", 47.4598, 1.0455,
               t("Chenin et côt à la lueur des bougies, dans la cave de tuffeau.",
                 "Chenin and côt by candlelight, in the tufa cellar."),
               t("Le vigneron commente cinq vins de la propriété, servis avec des fromages de "
                 "chèvre et des rillettes de Tours. Sur réservation, vingt places.",
                 "The winegrower presents five of the estate's wines, served with goat's "
                 "cheese and rillettes from Tours. Booking required, twenty places."),
               {"occurrences": [_occ(day, None, "18:30", "21:00")
                                for day in (tasting, tasting + timedelta(weeks=4))]},
               owner=PROVIDER, themes=["Wine"],
               pricing={"prices": [price(t("Dégustation", "Tasting"), 15, None, "person")]},
               booking={"url": "https://demo.opensit.org/coteaux/degustation"}),
        *_itineraries(),
        *_packages(),
    ]


def _tour(key, type_code, name, insee, short, desc, line, km, hours_text, **more) -> Spec:
    lat, lon = line[0][1], line[0][0]
    return Spec(key, document(
        key, type_code, name,
        {**located(insee, lat, lon), "geometry": {"type": "LineString", "coordinates": line}},
        short, desc,
        practical_info=t(f"{km} km, {hours_text[0]}.", f"{km} km, {hours_text[1]}."),
        media=[{"kind": "trace", "url": f"https://demo.opensit.org/traces/{key}.gpx",
                "mime_type": "application/gpx+xml", "credit": "OpenSIT démo",
                "licence": "etalab-2.0"}, photo(key, name, CREDIT)],
        **more))


def _itineraries() -> list[Spec]:
    return [
        _tour("loire-a-velo-amboise-tours", "cycling_tour",
              t("La Loire à Vélo, d'Amboise à Tours", "Loire by Bike, Amboise to Tours"),
              "37003",
              t("Une étape facile le long du fleuve, par les coteaux de Vouvray.",
                "An easy stage along the river, past the Vouvray hillsides."),
              t("Itinéraire balisé, en grande partie sur voies partagées ; nombreuses caves "
                "ouvertes à la dégustation en chemin.",
                "A waymarked route, mostly on shared lanes, with many cellars open for "
                "tastings along the way."),
              [[0.9848, 47.4140], [0.9100, 47.4050], [0.8348, 47.3900], [0.7968, 47.4110],
               [0.6898, 47.3950]], 27, ("2 h 30 à vélo", "2.5 hours by bike"),
              labels=["LabelRating_AccueilVelo"], themes=["BicycleTouring"]),
        _tour("sentier-des-vignes-de-limeray", "walking_tour",
              t("Sentier des vignes de Limeray", "Limeray vineyard trail"),
              "37131",
              t("Boucle pédestre entre vignes, caves et bords de Loire.",
                "A walking loop through vines, cellars and the Loire bank."),
              t("Balisage jaune, départ de l'église ; panneaux sur le travail de la vigne.",
                "Yellow waymarks from the church; panels on the winegrower's year."),
              [[1.0468, 47.4600], [1.0420, 47.4650], [1.0520, 47.4680], [1.0560, 47.4620],
               [1.0468, 47.4600]], 9, ("2 h 30 à pied", "2.5 hours on foot"),
              themes=["Wine", "InTheCountryside"]),
        _tour("route-des-chateaux-amboise-chenonceau", "road_tour",
              t("Route des châteaux, d'Amboise à Chenonceau", "Castle road, Amboise to Chenonceau"),
              "37003",
              t("Vingt kilomètres de petites routes entre deux châteaux royaux.",
                "Twenty kilometres of back roads between two royal castles."),
              t("Par la pagode de Chanteloup et la forêt d'Amboise, avec haltes conseillées.",
                "Via the Chanteloup pagoda and the Amboise forest, with suggested stops."),
              [[0.9862, 47.4136], [0.9690, 47.3935], [1.0100, 47.3600], [1.0703, 47.3249]],
              20, ("30 min en voiture", "30 minutes by car")),
        _tour("boucle-equestre-foret-d-amboise", "horse_tour",
              t("Boucle équestre de la forêt d'Amboise", "Amboise forest bridle loop"),
              "37003",
              t("Chemins forestiers réservés aux cavaliers et attelages.",
                "Forest tracks for riders and carriage drivers."),
              t("Balisage orange ; point d'eau et barre d'attache à la croix de Pierre.",
                "Orange waymarks; water point and hitching rail at the Croix de Pierre."),
              [[0.9900, 47.3700], [0.9600, 47.3600], [0.9800, 47.3450], [1.0100, 47.3600],
               [0.9900, 47.3700]], 18, ("3 h à cheval", "3 hours on horseback")),
        _tour("le-cher-en-bateau", "fluvial_tour",
              t("Le Cher en bateau, de Chisseaux à Civray", "The Cher by boat, Chisseaux to "
                "Civray"),
              "37073",
              t("Navigation de plaisance sans permis sur le Cher canalisé.",
                "Licence-free cruising on the canalised Cher."),
              t("Deux écluses à franchir et le passage sous la galerie de Chenonceau.",
                "Two locks to pass and the run under the Chenonceau gallery."),
              [[1.0892, 47.3295], [1.0703, 47.3240], [1.0456, 47.3309]], 5,
              ("2 h en bateau", "2 hours by boat")),
    ]


def _packages() -> list[Spec]:
    return [
        Spec("week-end-chateaux-et-vins", document(
            "week-end-chateaux-et-vins", "package",
            t("Week-end châteaux et vins", "Castles and wine weekend"),
            located("37003", 47.4122, 0.9848),
            t("Deux nuits, deux châteaux et une dégustation chez un vigneron.",
              "Two nights, two castles and a tasting at a winegrower's."),
            t("Hébergement au Manoir du Fleuve, billets pour Amboise et Chenonceau, visite "
              "de cave au Domaine des Coteaux.",
              "Stay at Le Manoir du Fleuve, tickets for Amboise and Chenonceau, cellar tour at "
              "Domaine des Coteaux."),
            pricing={"prices": [price(t("Par personne, base chambre double",
                                        "Per person, sharing a double room"), 289, 349,
                                      "person")]},
            links=[{"kind": "accommodation", "target": demo_id("hotel-le-manoir-du-fleuve")},
                   {"kind": "related", "target": demo_id("chateau-royal-d-amboise")},
                   {"kind": "related", "target": demo_id("chateau-de-chenonceau")},
                   {"kind": "related", "target": demo_id("domaine-des-coteaux")}])),
        Spec("trois-jours-a-velo", document(
            "trois-jours-a-velo", "package",
            t("Trois jours à vélo sur la Loire", "Three days cycling the Loire"),
            located("37003", 47.4122, 0.9848),
            t("Vélo électrique, bagages transportés et nuits en chambres d'hôtes.",
              "E-bike, luggage transfer and nights in B&Bs."),
            t("D'Amboise à Tours puis Villandry, à votre rythme, avec carnet de route.",
              "From Amboise to Tours then Villandry, at your own pace, with a road book."),
            pricing={"prices": [price(t("Par personne", "Per person"), 425, None, "person")]},
            links=[{"kind": "related", "target": demo_id("loire-a-velo-amboise-tours")}],
            labels=["LabelRating_AccueilVelo"])),
        Spec("journee-leonard-de-vinci", document(
            "journee-leonard-de-vinci", "package",
            t("Journée Léonard de Vinci", "Leonardo da Vinci day"),
            located("37003", 47.4103, 0.9918),
            t("Château royal, Clos Lucé et déjeuner Renaissance.",
              "Royal château, Clos Lucé and a Renaissance lunch."),
            t("Une journée pour suivre les pas de Léonard à Amboise, pour les groupes.",
              "A day in Leonardo's footsteps in Amboise, for groups."),
            pricing={"prices": [price(t("Par personne, groupe de 20", "Per person, group of 20"),
                                      79, None, "person")]}),
            published=False),
    ]
# fmt: on
