"""Widgets' fixtures: a tourist office with a validated diffusion project, a hand-picked
selection of three published objects (two places, one coming event), its destination site
(the canonical pages) and a list widget allowed on one partner origin."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from opensit.diffusion import services as diffusion
from opensit.widgets import services
from tests.factories import (
    AMBOISE,
    BLOIS,
    create_rich,
    live_project,
    load_vocabulary,
    member,
    rich_document,
)
from tests.sitekit import make_destination, page_root

PARTNER = "https://camping-partner.example"


@dataclass
class Catalog:
    office: Any
    admin: Any
    network_admin: Any
    project: Any
    selection: Any
    objects: dict[str, Any]
    destination: Any


def coming_event_document(name: str, days_ahead: int) -> dict[str, Any]:
    day = timezone.localdate() + timedelta(days=days_ahead)
    return rich_document(
        "festival",
        name,
        commune=AMBOISE,
        point=(47.41, 0.98),
        event={"occurrences": [{"start_date": day.isoformat()}]},
    )


@pytest.fixture(autouse=True)
def _fresh(fresh_counters):
    """Empty rate-limit windows, remembered ids and usage buffer for every test."""


@pytest.fixture
def catalog(office, org_factory) -> Catalog:
    load_vocabulary()
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    network_admin = member(board, "admin")
    admin = member(office, "admin")
    objects = {
        "hotel": create_rich(office, rich_document("hotel", "Hôtel du Grand Monarque",
                                                   point=(47.394, 0.684))),
        "museum": create_rich(office, rich_document("museum", "Château de Blois",
                                                    commune=BLOIS, point=(47.586, 1.331))),
        "festival": create_rich(office, coming_event_document("Fête de la Loire", 10)),
    }  # fmt: skip
    selection = diffusion.create_selection(
        admin,
        "tours-favourites",
        "Coups de cœur",
        object_ids=[objects[name].id for name in ("hotel", "museum", "festival")],
    )
    project = live_project(admin, network_admin, "Widgets de l'OT", selections=[selection])
    ensure_page_root()
    destination = make_destination(office, "tours.localhost")
    return Catalog(office, admin, network_admin, project, selection, objects, destination)


def ensure_page_root() -> None:
    """Wagtail's root page, which the migrations make and a transactional test's flush
    removes (the browser tests run on the live server, with such a database)."""
    page_root()


def make_widget(catalog: Catalog, **fields: Any) -> Any:
    values = {
        "title": "Nos coups de cœur",
        "project": catalog.project,
        "selection": catalog.selection,
        "layout": "list",
        "language": "fr",
        "fields": ["name", "image", "short_description", "commune", "dates", "price", "type"],
        "allowed_origins": [PARTNER],
        **fields,
    }
    return services.create_widget(catalog.admin, catalog.office, **values)


@pytest.fixture
def widget(catalog):
    return make_widget(catalog)
