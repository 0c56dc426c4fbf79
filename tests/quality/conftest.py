"""Quality fixtures: a network board, two tourist offices with every role, and objects written
through the catalog services (so their quality and duplicate keys are stored)."""

from dataclasses import dataclass
from typing import Any

import pytest

from opensit.catalog import services
from opensit.network.permissions import Actor


@dataclass
class Network:
    board: Any
    tours: Any
    blois: Any
    actors: dict[str, Actor]  # "network", "tours-admin", "tours-editor", ..., "blois-editor"

    def user(self, name: str) -> Any:
        return self.actors[name].user


@pytest.fixture
def network(org_factory, member_factory) -> Network:
    from opensit.network.models import Commune

    Commune.objects.create(insee="37261", name="Tours", latitude=47.3936, longitude=0.6892)
    Commune.objects.create(insee="41018", name="Blois", latitude=47.5861, longitude=1.3359)
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    tours = org_factory("ot-tours")
    blois = org_factory("ot-blois")
    # No email address unless a test gives one: reminders go to those who have one.
    actors = {"network": member_factory(board, "admin", username="network", email="")}
    for role in ("admin", "editor", "contributor", "reader"):
        actors[f"tours-{role}"] = member_factory(tours, role, username=f"tours-{role}", email="")
    actors["blois-editor"] = member_factory(blois, "editor", username="blois-editor", email="")
    return Network(board, tours, blois, actors)


def make(actor: Actor, name: str, type_code: str = "restaurant", **extra: Any):
    return services.create_object(actor, {"type": type_code, "name": {"fr": name}, **extra})


def at(insee: str, commune: str, lat: float | None = None, lon: float | None = None) -> dict:
    location: dict[str, Any] = {"commune": {"insee": insee, "name": commune}}
    if lat is not None:
        location |= {"latitude": lat, "longitude": lon}
    return location
