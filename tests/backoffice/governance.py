"""People of a small network for the governance screen tests: a regional board (network
admins), the Tours office with one member per role, its provider, and the Blois office."""

from dataclasses import dataclass, field
from typing import Any

import pytest

from opensit.network.models import Membership, Organisation

ROLES = ("network_admin", "admin", "editor", "contributor", "reader", "other_admin")


@dataclass
class Network:
    board: Organisation
    tours: Organisation
    provider: Organisation
    blois: Organisation
    users: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def network(org_factory, django_user_model) -> Network:
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    tours = org_factory("ot-tours")
    provider = org_factory("hotel-univers", kind="provider", parent=tours)
    blois = org_factory("ot-blois")
    net = Network(board, tours, provider, blois)
    for name, org, role in (
        ("network_admin", board, "admin"),
        ("admin", tours, "admin"),
        ("editor", tours, "editor"),
        ("contributor", provider, "contributor"),
        ("reader", tours, "reader"),
        ("other_admin", blois, "admin"),
    ):
        user = django_user_model.objects.create_user(
            name, email=f"{name}@example.org", password="x"
        )
        Membership.objects.create(user=user, organisation=org, role=role)
        net.users[name] = user
    return net
