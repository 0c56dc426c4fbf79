"""Back-office fixtures: two tourist offices with an editor each, and objects made by services."""

from dataclasses import dataclass
from typing import Any

import pytest

from opensit.catalog import services
from opensit.network.permissions import Actor
from tests.factories import BLOIS, TOURS, rich_document

PASSWORD = "correct horse battery staple"


@dataclass
class Office:
    organisation: Any
    user: Any
    actor: Actor


def _office(org_factory, django_user_model, slug: str, role: str = "editor") -> Office:
    from opensit.network.models import Membership

    organisation = org_factory(slug)
    user = django_user_model.objects.create_user(
        f"{role}-{slug}", email=f"{role}@{slug}.example", password=PASSWORD
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return Office(organisation, user, Actor.for_user(user, organisation))


@pytest.fixture
def tours(org_factory, django_user_model) -> Office:
    return _office(org_factory, django_user_model, "ot-tours", role="admin")


@pytest.fixture
def blois(org_factory, django_user_model) -> Office:
    return _office(org_factory, django_user_model, "ot-blois")


def make_object(actor: Actor, name: str, type_code: str = "museum", **extra: Any):
    document = {"type": type_code, "name": {"fr": name}, **extra}
    return services.create_object(actor, document)


def make_rich(actor: Actor, name: str, type_code: str, commune: dict, point=None, **extra: Any):
    """A draft with every part filled (tests/factories.py), French name as given."""
    document = rich_document(type_code, name, commune=commune, point=point, **extra)
    document["name"] = {**document["name"], "fr": name}
    return services.create_object(actor, document)


@pytest.fixture
def catalog(tours: Office, blois: Office) -> dict[str, Any]:
    """Three drafts in Tours, one in Blois, with real names, communes and points. All but the
    museum carry every part a real object has (tests/factories.py: contacts, private ones too,
    periods, prices, media...); the museum is a name and a place, the blank page that the
    editor and proposal tests fill and assert on."""
    return {
        "musee": make_object(
            tours.actor,
            "Musée des Beaux-Arts de Tours",
            location={"commune": TOURS, "latitude": 47.3952, "longitude": 0.6939},
        ),
        "guinguette": make_rich(tours.actor, "Guinguette de Tours sur Loire", "cafe_bar", TOURS),
        "hotel": make_rich(tours.actor, "Hôtel de l'Univers", "hotel", TOURS),
        "chateau": make_rich(
            blois.actor, "Château royal de Blois", "castle", BLOIS, (47.5857, 1.3311)
        ),
    }


# A small network with one user per role, for the governance screens' rights matrices.
from tests.backoffice.governance import network  # noqa: E402, F401
