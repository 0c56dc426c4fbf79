"""Write-API fixtures: two tourist offices, a provider of the Tours office, objects owned by
each (one Blois object co-edited by Tours), a token per organisation and a diffusion key."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from opensit.catalog import services as catalog
from opensit.diffusion import services as diffusion
from opensit.network.models import Commune
from opensit.network.permissions import Actor
from opensit.partners import tokens
from tests.factories import rich_document

TOURS = {"insee": "37261", "name": "Tours"}
BLOIS = {"insee": "41018", "name": "Blois"}


def document(name: str, type_code: str = "hotel", commune: dict | None = None, **extra: Any):
    return {
        "type": type_code,
        "name": {"fr": name},
        "location": {"commune": commune or TOURS, "latitude": 47.39, "longitude": 0.69},
        **extra,
    }


@dataclass
class Network:
    tours: Any
    blois: Any
    provider: Any
    tours_editor: Actor
    blois_editor: Actor
    board_admin: Actor
    hotel: Any  # Tours, provider-linked
    museum: Any  # Tours
    castle: Any  # Blois
    shared: Any  # Blois, co-edited by Tours
    tokens: dict[str, str]


@pytest.fixture(autouse=True)
def _fresh_counters(fresh_counters):
    """Every test of these starts with empty counters (tests/conftest.py)."""


@pytest.fixture
def net(org_factory, member_factory) -> Network:
    Commune.objects.create(insee="37261", name="Tours", department="37")
    Commune.objects.create(insee="41018", name="Blois", department="41")
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    tours = org_factory("ot-tours")
    tours.communes.add("37261")
    blois = org_factory("ot-blois")
    blois.communes.add("41018")
    provider = org_factory("hotel-univers", kind="provider", parent=tours)
    tours_editor = member_factory(tours, "editor")
    blois_editor = member_factory(blois, "editor")
    board_admin = member_factory(board, "admin")
    # The provider's hotel and the co-edited house carry every part (tests/factories.py).
    hotel = catalog.publish(
        tours_editor, catalog.create_object(tours_editor, rich_document("hotel", "Univers"))
    )
    catalog.link_provider(tours_editor, hotel, provider)
    museum = catalog.create_object(tours_editor, document("Musée", "museum"))
    castle = catalog.create_object(blois_editor, document("Château", "castle", BLOIS))
    shared = catalog.create_object(
        blois_editor, rich_document("museum", "Maison de Loire", commune=BLOIS)
    )
    catalog.grant_coediting(Actor.system(), shared, tours)
    raw = {}
    for key, org in (("tours", tours), ("blois", blois), ("provider", provider)):
        _token, raw[key] = tokens.create_token(Actor.system(), org, key)
    return Network(
        tours, blois, provider, tours_editor, blois_editor, board_admin,
        hotel, museum, castle, shared, raw,
    )  # fmt: skip


def partner(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def reader(net) -> Client:
    """A client of the public API (an active diffusion project's key)."""
    project = diffusion.create_project(net.board_admin, "Site", url="https://site.example")
    project = diffusion.validate_project(net.board_admin, project)
    _key, raw = diffusion.create_key(net.board_admin, project, "site")
    return Client(headers={"X-API-Key": raw})
