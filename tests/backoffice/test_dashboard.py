"""The back office's home is OpenSIT's: per role, what waits for the person and their
organisation's figures; no page search, no page or image counts, no CMS menus."""

import pytest
from django.test import Client

from opensit.backoffice.dashboard import organisation_figures, waiting_for
from opensit.catalog import services, workflow
from opensit.diffusion import services as diffusion
from opensit.network import services as network_services
from opensit.network.models import Commune
from opensit.network.permissions import Actor
from tests.factories import TOURS

pytestmark = pytest.mark.django_db

# The keys each role is shown (the counts are asserted below).
SHOWN = {
    "network_admin": {"proposals", "stale", "warnings", "invitations", "projects"},
    "admin": {"proposals", "stale", "warnings", "invitations"},
    "editor": {"proposals", "stale", "warnings"},
    "contributor": {"my-proposals"},
    "reader": {"my-proposals"},
}


def _actor(network, role: str) -> Actor:
    user = network.users[role]
    return Actor.for_user(user, user.memberships.get().organisation)


@pytest.fixture
def work(network):
    """One proposal from the provider on a Tours object, one pending invitation, one project
    waiting for validation, one Tours object with a quality warning (a point far from its
    commune)."""
    Commune.objects.create(insee="37261", name="Tours", latitude=47.3936, longitude=0.6892)
    admin = _actor(network, "admin")
    hotel = services.create_object(
        admin,
        {
            "type": "hotel",
            "name": {"fr": "Hôtel de l'Univers"},
            "location": {"commune": TOURS, "latitude": 43.3, "longitude": 5.4},
        },
        status="published",
    )
    services.link_provider(admin, hotel, network.provider)
    contributor = _actor(network, "contributor")
    document = {**hotel.document, "short_description": {"fr": "Face à la gare."}}
    workflow.propose(contributor, hotel, document, comment="description")
    network_services.invite(admin, "nouvelle@ot-tours.example", network.tours, "editor")
    diffusion.create_project(admin, "Tours Visit", url="https://tours.example")
    return hotel


@pytest.mark.parametrize("role", sorted(SHOWN))
def test_each_role_sees_its_own_work(network, work, role):
    items = {item.key: item for item in waiting_for(_actor(network, role))}
    assert set(items) == SHOWN[role]
    expected = {"proposals": 1, "invitations": 1, "projects": 1, "my-proposals": 0, "warnings": 1}
    if role == "contributor":
        expected["my-proposals"] = 1
    if role == "network_admin":
        expected["invitations"] = 0  # its own organisation's: the board invited nobody
    for key, item in items.items():
        if key in expected:
            assert item.count == expected[key], key
        assert item.url.startswith("/admin/")


def test_another_office_counts_nothing_of_tours(network, work):
    other = {item.key: item.count for item in waiting_for(_actor(network, "other_admin"))}
    assert other["proposals"] == 0 and other["warnings"] == 0 and other["invitations"] == 0


def test_the_figures_are_the_organisations_own(network, work):
    figures = organisation_figures(_actor(network, "editor"))
    assert figures["total"] == 1 and figures["members"] == 3  # admin, editor, reader
    assert [n for _label, n in figures["statuses"]] == [1]
    assert 0 < figures["score"] <= 100


@pytest.mark.parametrize("role", ["admin", "contributor"])
def test_the_home_screen_is_opensits(network, work, role):
    user = network.users[role]
    user.is_superuser = user.is_staff = role == "admin"  # as the demo's admin: every menu
    user.save()
    client = Client()
    client.force_login(user)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'data-testid="dashboard-waiting"' in page and 'data-testid="dashboard-figures"' in page
    assert "Search all pages" not in page and "Rechercher dans toutes les pages" not in page
    for cms in ("explorer", "reports", "settings", "help"):  # the sidebar's menu items
        assert f'"name": "{cms}"' not in page, cms
    if role == "admin":
        assert '"name": "images"' in page  # the media library stays
