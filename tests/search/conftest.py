"""A small real-looking catalog of Touraine and Blésois, built through catalog.services."""

from dataclasses import dataclass

import pytest

from opensit.catalog import services
from opensit.catalog.models import TourismObject

CASTLE = {
    "type": "castle",
    "name": {"fr": "Château de Chenonceau", "en": "Chenonceau Castle"},
    "short_description": {"fr": "Le château des Dames, enjambant le Cher."},
    "location": {
        "commune": {"insee": "37070", "name": "Chenonceaux"},
        "latitude": 47.3249,
        "longitude": 1.0703,
    },
    "themes": ["heritage", "renaissance"],
    "amenities": ["parking"],
    "labels": ["qualite_tourisme"],
    "opening": {
        "periods": [{"start": "2026-03-01", "end": "2026-11-30"}],
        "closures": [{"date": "2026-05-01"}],
    },
}
HOTEL = {
    "type": "hotel",
    "name": {"fr": "Hôtel de l'Univers", "en": "Hotel Univers"},
    "description": {"fr": "Hôtel historique du centre de Tours, près de la gare."},
    "location": {
        "commune": {"insee": "37261", "name": "Tours"},
        "latitude": 47.3905,
        "longitude": 0.6929,
    },
    "amenities": ["wifi", "parking"],
    "classifications": ["hotel_4_stars"],
    # Christmas weekends, every year: a period that wraps over the new year.
    "opening": {
        "periods": [
            {
                "start": "2025-12-15",
                "end": "2026-01-15",
                "recurs_yearly": True,
                "weekdays": ["fri", "sat"],
            }
        ]
    },
}
CAMPSITE = {
    "type": "campsite",
    "name": {"fr": "Camping de l'Île d'Or"},
    "description": {"fr": "Camping sur une île de la Loire, face au château d'Amboise."},
    "location": {
        "commune": {"insee": "37003", "name": "Amboise"},
        "latitude": 47.4153,
        "longitude": 0.9840,
    },
    "amenities": ["wifi", "pool"],
    "themes": ["nature"],
}
TRAIL = {
    "type": "walking_tour",
    "name": {"fr": "Sentier des coteaux du Cher"},
    "description": {"fr": "Boucle de randonnée pédestre avec vue sur le château de Chenonceau."},
    "location": {
        "commune": {"insee": "37070", "name": "Chenonceaux"},
        "latitude": 47.3301,
        "longitude": 1.0612,
    },
    "themes": ["nature"],
}
MUSEUM = {
    "type": "museum",
    "name": {"fr": "Maison de la Magie Robert-Houdin"},
    "location": {
        "commune": {"insee": "41018", "name": "Blois"},
        "latitude": 47.5856,
        "longitude": 1.3359,
    },
    "themes": ["heritage"],
    "opening": {"periods": [{"start": "2026-04-01", "end": "2026-09-30"}]},
}
CHRISTMAS_MARKET = {
    "type": "market_fair",
    "name": {"fr": "Marché de Noël d'Amboise"},
    "location": {
        "commune": {"insee": "37003", "name": "Amboise"},
        "latitude": 47.4133,
        "longitude": 0.9826,
    },
    "event": {"occurrences": [{"start_date": "2026-12-05", "end_date": "2026-12-20"}]},
}
SATURDAY_MARKET = {
    "type": "market_fair",
    "name": {"fr": "Marché du samedi"},
    "location": {
        "commune": {"insee": "37261", "name": "Tours"},
        "latitude": 47.3936,
        "longitude": 0.6892,
    },
    "event": {
        "recurrences": [
            {
                "start_date": "2026-01-03",
                "rrule": "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261226",
                "exdates": ["2026-07-11"],
            }
        ]
    },
}
CONCERT = {
    "type": "concert",
    "name": {"fr": "Jazz au château", "en": "Jazz at the castle"},
    "location": {
        "commune": {"insee": "41018", "name": "Blois"},
        "latitude": 47.5862,
        "longitude": 1.3310,
    },
    "event": {"occurrences": [{"start_date": "2026-07-14"}]},
}
DRAFT = {
    "type": "castle",
    "name": {"fr": "Château secret de Chenonceau"},
    "location": {"commune": {"insee": "37070", "name": "Chenonceaux"}},
}


@dataclass
class Catalog:
    castle: TourismObject
    hotel: TourismObject
    campsite: TourismObject
    trail: TourismObject
    museum: TourismObject
    christmas_market: TourismObject
    saturday_market: TourismObject
    concert: TourismObject
    draft: TourismObject

    def published(self) -> set[str]:
        return {o.id for name, o in vars(self).items() if name != "draft"}


@pytest.fixture
def tours_office(org_factory):
    from opensit.network.models import Commune

    office = org_factory("ot-tours")
    for insee, name in (("37261", "Tours"), ("37003", "Amboise")):
        office.communes.add(Commune.objects.create(insee=insee, name=name, department="37"))
    return office


@pytest.fixture
def tours_editor(tours_office, member_factory):
    return member_factory(tours_office, "editor")


@pytest.fixture
def catalog(tours_editor, org_factory, member_factory) -> Catalog:
    blois = org_factory("ot-blois")
    blois_editor = member_factory(blois, "editor")

    def make(actor, document, publish=True):
        obj = services.create_object(actor, document)
        return services.publish(actor, obj) if publish else obj

    return Catalog(
        castle=make(tours_editor, CASTLE),
        hotel=make(tours_editor, HOTEL),
        campsite=make(tours_editor, CAMPSITE),
        trail=make(tours_editor, TRAIL),
        museum=make(blois_editor, MUSEUM),
        christmas_market=make(tours_editor, CHRISTMAS_MARKET),
        saturday_market=make(tours_editor, SATURDAY_MARKET),
        concert=make(blois_editor, CONCERT),
        draft=make(tours_editor, DRAFT, publish=False),
    )
