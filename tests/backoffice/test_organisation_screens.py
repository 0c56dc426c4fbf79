"""Network admins create and edit organisations in the back-office (name, kind, parent,
contacts, territory as INSEE codes). Rights as a matrix: everyone else gets a 403 and nothing
changes; bad input is shown next to its field and writes nothing."""

import pytest
from django.urls import reverse

from opensit.core.models import AuditEntry
from opensit.network import services
from opensit.network.models import Commune, Organisation
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db

MATRIX = ["network_admin", "admin", "editor", "contributor", "reader", "other_admin"]


@pytest.fixture
def communes(db) -> None:
    Commune.objects.create(insee="37261", name="Tours", latitude=47.3941, longitude=0.6848)
    Commune.objects.create(insee="37214", name="Saint-Cyr-sur-Loire")
    Commune.objects.create(insee="37018", name="Ballan-Miré")


def _state() -> tuple:
    return (
        sorted(
            Organisation.objects.values_list(
                "slug", "name", "kind", "parent__slug", "email", "website", "is_network_admin"
            )
        ),
        sorted(Organisation.communes.through.objects.values_list("organisation__slug", "commune")),
        AuditEntry.objects.filter(action__endswith="_organisation").count(),
    )


NEW = {
    "name": "Office de tourisme de Chinon",
    "slug": "ot-chinon",
    "kind": "tourist_office",
    "email": "accueil@chinon.example",
    "website": "https://www.chinon.example",
    "communes": "37261, 37214",
}


@pytest.mark.parametrize("who", MATRIX)
def test_create_matrix(client, network, communes, who):
    client.force_login(network.users[who])
    before = _state()
    data = {**NEW, "parent": network.board.pk}
    response = client.post(reverse("opensit_organisation_create"), data)
    if who == "network_admin":
        assert response.status_code == 302
        chinon = Organisation.objects.get(slug="ot-chinon")
        assert response["Location"] == reverse("opensit_organisation", args=["ot-chinon"])
        assert (chinon.name, chinon.kind, chinon.parent, chinon.email, chinon.website) == (
            NEW["name"],
            "tourist_office",
            network.board,
            NEW["email"],
            NEW["website"],
        )
        assert not chinon.is_network_admin
        assert sorted(chinon.communes.values_list("insee", flat=True)) == ["37214", "37261"]
        entry = AuditEntry.objects.get(action="network.create_organisation")
        assert entry.user == network.users[who] and entry.data["slug"] == "ot-chinon"
    else:
        assert response.status_code == 403
        assert client.get(reverse("opensit_organisation_create")).status_code == 403
        assert _state() == before


@pytest.mark.parametrize("who", MATRIX)
def test_edit_matrix(client, network, communes, who):
    client.force_login(network.users[who])
    before = _state()
    url = reverse("opensit_organisation_edit", args=["ot-tours"])
    data = {"name": "Tours Loire Valley", "kind": "tourist_office", "communes": "37018"}
    response = client.post(url, data)
    network.tours.refresh_from_db()
    if who == "network_admin":
        assert response.status_code == 302
        assert network.tours.name == "Tours Loire Valley"
        assert list(network.tours.communes.values_list("insee", flat=True)) == ["37018"]
        entry = AuditEntry.objects.get(action="network.update_organisation")
        assert entry.data["communes_added"] == ["37018"]
        assert "name" in entry.data["fields"]
    else:
        assert response.status_code == 403
        assert client.get(url).status_code == 403
        assert network.tours.name == "Ot-Tours"
        assert _state() == before


def test_buttons_only_for_network_admins(client, network):
    client.force_login(network.users["network_admin"])
    assert 'data-testid="new-organisation"' in client.get(reverse("opensit_organisations")).text
    page = client.get(reverse("opensit_organisation", args=["ot-tours"])).text
    assert 'data-testid="edit-organisation"' in page
    client.force_login(network.users["admin"])
    assert 'data-testid="new-organisation"' not in client.get(reverse("opensit_organisations")).text
    page = client.get(reverse("opensit_organisation", args=["ot-tours"])).text
    assert 'data-testid="edit-organisation"' not in page


def _error_for(response, field: str) -> str:
    """The error message shown next to `field`, from the rendered page."""
    text = response.content.decode()
    marker = f'data-error-for="{field}">'
    assert marker in text, f"no error next to {field}"
    return text.split(marker, 1)[1].split("<", 1)[0]


def test_duplicate_slug_is_refused_next_to_the_field(client, network, communes):
    client.force_login(network.users["network_admin"])
    before = _state()
    response = client.post(reverse("opensit_organisation_create"), {**NEW, "slug": "ot-blois"})
    assert response.status_code == 200
    assert "ot-blois" in _error_for(response, "slug")
    assert _state() == before


def test_unknown_insee_code_is_refused_next_to_the_field(client, network, communes):
    client.force_login(network.users["network_admin"])
    before = _state()
    response = client.post(
        reverse("opensit_organisation_create"), {**NEW, "communes": "37261 99999"}
    )
    assert response.status_code == 200
    assert "99999" in _error_for(response, "communes")
    assert "37261" not in _error_for(response, "communes")
    assert _state() == before
    # Same on edit: nothing of the other, valid changes is written either.
    network.tours.communes.add("37261")
    before = _state()
    response = client.post(
        reverse("opensit_organisation_edit", args=["ot-tours"]),
        {"name": "Renamed", "kind": "tourist_office", "communes": "37214,00000"},
    )
    assert response.status_code == 200
    assert "00000" in _error_for(response, "communes")
    assert _state() == before


def test_bad_email_and_missing_name_are_named(client, network):
    client.force_login(network.users["network_admin"])
    before = _state()
    response = client.post(
        reverse("opensit_organisation_create"),
        {**NEW, "name": "", "email": "not-an-address", "communes": ""},
    )
    assert response.status_code == 200
    assert _error_for(response, "name") and _error_for(response, "email")
    assert _state() == before


def test_territory_change_shows_on_the_detail_page(client, network, communes):
    network.tours.communes.add("37214")
    client.force_login(network.users["network_admin"])
    url = reverse("opensit_organisation_edit", args=["ot-tours"])
    form = client.get(url).context["form"]
    assert form["communes"].value() == "37214"
    assert "slug" not in form.fields
    response = client.post(
        url, {"name": "Ot-Tours", "kind": "tourist_office", "communes": "37261 37018"}
    )
    assert response.status_code == 302
    page = client.get(reverse("opensit_organisation", args=["ot-tours"]))
    listed = page.content.decode().split('data-testid="communes">', 1)[1].split("</p>", 1)[0]
    assert "Tours (37261)" in listed and "Ballan-Miré (37018)" in listed
    assert "37214" not in listed
    assert page.context["commune_points"] == [
        {"name": "Tours", "insee": "37261", "lat": 47.3941, "lon": 0.6848}
    ]


def test_parent_cannot_be_a_descendant(network):
    actor = Actor.for_user(network.users["network_admin"], network.board)
    with pytest.raises(services.FieldError) as exc:
        services.update_organisation(actor, network.tours, parent=network.provider)
    assert exc.value.field == "parent"
    network.tours.refresh_from_db()
    assert network.tours.parent is None


def test_service_refuses_the_network_admin_flag_and_the_slug(network):
    actor = Actor.for_user(network.users["network_admin"], network.board)
    for field, value in (("is_network_admin", True), ("slug", "tours")):
        with pytest.raises(services.FieldError) as exc:
            services.update_organisation(actor, network.tours, **{field: value})
        assert exc.value.field == field
    network.tours.refresh_from_db()
    assert (network.tours.slug, network.tours.is_network_admin) == ("ot-tours", False)


def test_service_refuses_non_network_admins(network):
    from django.core.exceptions import PermissionDenied

    actor = Actor.for_user(network.users["admin"], network.tours)
    with pytest.raises(PermissionDenied):
        services.create_organisation(actor, "X", "x", "partner")
    with pytest.raises(PermissionDenied):
        services.update_organisation(actor, network.tours, name="Mine")
    assert not Organisation.objects.filter(slug="x").exists()
