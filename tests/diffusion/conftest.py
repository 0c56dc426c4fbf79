"""Fixtures of the diffusion tests: a network, published objects, an active project and its key."""

from datetime import date, timedelta

import pytest
from django.test import Client

from opensit.catalog import services as catalog
from opensit.diffusion import services
from opensit.network.permissions import Actor
from tests import factories
from tests.factories import rich_document

SECRET_NOTE = "combination 4471 for the back door"
PRIVATE_PHONE = "+33 6 99 88 77 66"

HOTEL = {
    "type": "hotel",
    "name": {"fr": "Hôtel de l'Univers", "en": "Hotel Univers"},
    "short_description": {"fr": "Face à la gare", "en": "Opposite the station"},
    "location": {
        "commune": {"insee": "37261", "name": "Tours"},
        "latitude": 47.3905,
        "longitude": 0.6929,
    },
    "contacts": [
        {"kind": "phone", "value": "+33 2 47 05 37 12"},
        {"kind": "mobile", "value": PRIVATE_PHONE, "role": "management", "public": False},
    ],
    "media": [
        {"kind": "image", "url": "https://img.example/facade.jpg", "licence": "cc-by-4.0",
         "credit": "OT Tours"},
        {"kind": "image", "url": "https://img.example/closed.jpg",
         "licence": "all-rights-reserved"},
        {"kind": "image", "url": "https://img.example/expired.jpg", "licence": "cc0",
         "publication_end": "2020-12-31"},
    ],
    "private": {"notes": SECRET_NOTE, "provider_notes": "owner prefers email"},
}  # fmt: skip

# Every part a real object has (tests/factories.py): texts in three languages, private contacts,
# labelled periods, prices, media, links, private notes and source leftovers.
CASTLE = {
    **rich_document(
        "place",
        "Château de Chenonceau",
        commune={"insee": "37070", "name": "Chenonceaux"},
        point=(47.3249, 1.0703),
    ),
    "name": {"fr": "Château de Chenonceau", "en": "Chenonceau Castle"},
}


@pytest.fixture(autouse=True)
def _fresh_counters(fresh_counters):
    """Every test of these starts with empty counters (tests/conftest.py)."""


@pytest.fixture
def board(org_factory):
    return org_factory("crt-centre", kind="regional_board", is_network_admin=True)


@pytest.fixture
def network_admin(board, member_factory) -> Actor:
    return member_factory(board, "admin", username="animator")


@pytest.fixture
def office(org_factory):
    return org_factory("ot-tours")


@pytest.fixture
def office_admin(office, member_factory) -> Actor:
    return member_factory(office, "admin", username="ot-admin")


@pytest.fixture
def editor(office, member_factory) -> Actor:
    return member_factory(office, "editor", username="ot-editor")


@pytest.fixture
def publish(editor):
    def make(document: dict, published: bool = True):
        obj = catalog.create_object(editor, document)
        if published:
            obj = catalog.publish(editor, obj)
        return obj

    return make


@pytest.fixture
def hotel(publish):
    return publish(HOTEL)


@pytest.fixture
def castle(publish):
    return publish(CASTLE)


@pytest.fixture
def project(office_admin, network_admin):
    return factories.live_project(
        office_admin, network_admin, "Tours Visit", url="https://tours.example"
    )


@pytest.fixture
def api_key(project, office_admin) -> str:
    _key, raw = services.create_key(office_admin, project, "website")
    return raw


@pytest.fixture
def api(api_key) -> Client:
    return Client(headers={"X-API-Key": api_key})


def tomorrow() -> date:
    return date.today() + timedelta(days=1)
