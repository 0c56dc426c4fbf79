"""Objects built through the write services, each carrying private data that no format may
leak: a private note, a contact marked not public, a medium under a closed licence and one
whose publication has ended."""

from typing import Any

import pytest

from opensit.catalog import services
from opensit.catalog.models import TourismObject

SECRET_NOTE = "NOTE-INTERNE-7731"
HIDDEN_EMAIL = "direction-privee@exemple.fr"
CLOSED_IMAGE = "https://img.exemple.fr/closed-licence.jpg"
EXPIRED_IMAGE = "https://img.exemple.fr/expired.jpg"
OPEN_IMAGE = "https://img.exemple.fr/open.jpg"
LEAKS = (SECRET_NOTE, HIDDEN_EMAIL, CLOSED_IMAGE, EXPIRED_IMAGE)


def private_parts() -> dict[str, Any]:
    return {
        "private": {"notes": SECRET_NOTE, "criteria": ["vip"]},
        "contacts": [
            {"kind": "phone", "value": "+33 2 47 70 37 37"},
            {"kind": "email", "value": "info@exemple.fr"},
            {"kind": "website", "value": "https://www.exemple.fr/"},
            {"kind": "email", "value": HIDDEN_EMAIL, "public": False},
        ],
        "media": [
            {
                "kind": "image",
                "url": OPEN_IMAGE,
                "licence": "cc-by-4.0",
                "credit": "Léonard de Serres",
                "title": {"fr": "Façade", "en": "Front"},
                "mime_type": "image/jpeg",
                "main": True,
            },
            {"kind": "image", "url": CLOSED_IMAGE, "licence": "all-rights-reserved"},
            {
                "kind": "image",
                "url": EXPIRED_IMAGE,
                "licence": "etalab-2.0",
                "publication_end": "2020-09-30",
            },
        ],
    }


HOTEL = {
    "type": "hotel",
    "name": {"fr": "Hôtel de l'Univers", "en": "Hotel Univers"},
    "short_description": {"fr": "Hôtel historique au cœur de Tours.", "en": "Historic hotel."},
    "description": {"fr": "Depuis 1846, boulevard Heurteloup."},
    "location": {
        "address_lines": ["5 boulevard Heurteloup"],
        "postal_code": "37000",
        "commune": {"insee": "37261", "name": "Tours"},
        "latitude": 47.3905,
        "longitude": 0.6929,
    },
    "opening": {
        "periods": [
            {
                "start": "2026-01-01",
                "end": "2026-12-31",
                "weekdays": ["mon", "tue", "wed"],
                "times": [{"opens": "07:00:00", "closes": "22:30:00"}],
            }
        ],
        "summary": {"fr": "Ouvert toute l'année"},
    },
    "pricing": {
        "prices": [{"label": {"fr": "Chambre double"}, "min": 189.0, "max": 420.0}],
        "payment_methods": ["BlueCard", "Cash"],
    },
    "capacity": {"rooms": 80, "persons": 160},
    "classifications": ["ScaleRating_4etoiles"],
    "labels": ["LabelRating_QualiteTourisme"],
    "amenities": ["Wifi", "Elevator"],
    "themes": ["Downtown"],
    "languages": ["fr", "en"],
    "pets_allowed": True,
    "booking": {"url": "https://reservation.exemple.fr/univers"},
    **private_parts(),
}

FESTIVAL = {
    "type": "festival",
    "name": {"fr": "Festival Terres du Son", "en": "Terres du Son festival"},
    "short_description": {"fr": "Musiques actuelles au domaine de Candé."},
    "location": {
        "commune": {"insee": "37159", "name": "Monts"},
        "latitude": 47.2885,
        "longitude": 0.6348,
    },
    "event": {
        "occurrences": [
            {"start_date": "2026-07-10", "end_date": "2026-07-12"},
            {
                "start_date": "2026-08-01",
                "end_date": "2026-08-03",
                "start_time": "14:00:00",
                "end_time": "23:00:00",
            },
        ],
        "recurrences": [
            {
                "start_date": "2026-06-06",
                "rrule": "FREQ=WEEKLY;BYDAY=SA;UNTIL=20260627",
                "start_time": "10:00:00",
                "end_time": "12:00:00",
                "exdates": ["2026-06-13"],
            }
        ],
    },
    "pricing": {"prices": [{"min": 25.0, "max": 89.0, "label": {"fr": "Pass"}}]},
    **private_parts(),
}

TRAIL = {
    "type": "walking_tour",
    "name": {"fr": "Sentier des Bâtisseurs", "en": "Builders' trail"},
    "location": {
        "commune": {"insee": "37132", "name": "Loches"},
        "latitude": 47.1281,
        "longitude": 0.9951,
        "geometry": {
            "type": "LineString",
            "coordinates": [[0.9951, 47.1281, 80.0], [0.9990, 47.1302, 95.5], [1.0031, 47.1277]],
        },
    },
    **private_parts(),
}
TRAIL["media"] = [
    *TRAIL["media"],
    {
        "kind": "trace",
        "url": "https://trace.exemple.fr/batisseurs.gpx?v=2&lang=fr",
        "licence": "cc0",
    },
]


@pytest.fixture
def office(org_factory):
    return org_factory("ot-touraine")


@pytest.fixture
def editor(office, member_factory):
    return member_factory(office, "editor")


@pytest.fixture
def publish(editor):
    def make(document: dict[str, Any]) -> TourismObject:
        return services.publish(editor, services.create_object(editor, document))

    return make


@pytest.fixture
def catalog(publish, editor) -> dict[str, TourismObject]:
    """Three published objects, a draft and a deleted one (those two never exported)."""
    objects = {"hotel": publish(HOTEL), "festival": publish(FESTIVAL), "trail": publish(TRAIL)}
    services.create_object(editor, {"type": "restaurant", "name": {"fr": "Brouillon"}})
    gone = publish({"type": "museum", "name": {"fr": "Musée supprimé"}})
    services.delete_object(editor, gone, reason="closed")
    return objects


def stored(obj: TourismObject) -> dict[str, Any]:
    obj.refresh_from_db()
    return obj.document
