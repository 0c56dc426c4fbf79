"""The audit log screen: network admins see and filter every entry; an organisation's admins
only their organisation's; everyone else gets a 403. Entries show their action's label and a
link to their object."""

import pytest
from django.urls import reverse

from opensit.catalog import services
from opensit.core.audit import log_action
from opensit.core.models import AuditEntry
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db

MATRIX = ["network_admin", "admin", "editor", "contributor", "reader", "other_admin"]


@pytest.fixture
def entries(network):
    tours = Actor.for_user(network.users["editor"], network.tours)
    blois = Actor.for_user(network.users["other_admin"], network.blois)
    museum = services.create_object(tours, {"type": "museum", "name": {"fr": "Musée"}})
    services.create_object(blois, {"type": "castle", "name": {"fr": "Château"}})
    log_action(blois, "network.invite", "1", email="x@example.org")
    return museum


def _actions(response):
    return [(e.organisation.slug, e.action) for e in response.context["page"]]


@pytest.mark.parametrize("who", MATRIX)
def test_audit_screen_matrix(client, network, entries, who):
    client.force_login(network.users[who])
    response = client.get(reverse("opensit_audit"))
    if who == "network_admin":
        assert response.status_code == 200
        assert _actions(response) == [
            ("ot-blois", "network.invite"),
            ("ot-blois", "catalog.create"),
            ("ot-tours", "catalog.create"),
        ]
    elif who == "admin":
        assert _actions(response) == [("ot-tours", "catalog.create")]
        # Asking for another organisation still shows only its own.
        other = client.get(reverse("opensit_audit"), {"organisation": "ot-blois"})
        assert _actions(other) == [("ot-tours", "catalog.create")]
    elif who == "other_admin":
        assert _actions(response) == [
            ("ot-blois", "network.invite"),
            ("ot-blois", "catalog.create"),
        ]
    else:
        assert response.status_code == 403


def test_filters_by_organisation_user_action_and_object(client, network, entries):
    client.force_login(network.users["network_admin"])
    url = reverse("opensit_audit")
    assert _actions(client.get(url, {"organisation": "ot-tours"})) == [
        ("ot-tours", "catalog.create")
    ]
    assert _actions(client.get(url, {"user": "other_admin"})) == [
        ("ot-blois", "network.invite"),
        ("ot-blois", "catalog.create"),
    ]
    assert _actions(client.get(url, {"action": "network."})) == [("ot-blois", "network.invite")]
    assert _actions(client.get(url, {"action": "catalog.create"})) == [
        ("ot-blois", "catalog.create"),
        ("ot-tours", "catalog.create"),
    ]
    assert _actions(client.get(url, {"object": entries.pk})) == [("ot-tours", "catalog.create")]
    assert _actions(client.get(url, {"origin": "backoffice", "since": "2000-01-01"})) != []
    assert _actions(client.get(url, {"until": "2000-01-01"})) == []


def test_bad_filters_are_named(client, network, entries):
    client.force_login(network.users["network_admin"])
    response = client.get(
        reverse("opensit_audit"),
        {"organisation": "nowhere", "user": "ghost", "origin": "mars", "since": "yesterday"},
    )
    assert response.status_code == 400
    assert set(response.context["errors"]) == {"organisation", "user", "origin", "since"}
    assert list(response.context["page"]) == []


def test_entries_show_their_french_label_and_a_link_to_their_object(client, network, entries):
    """The label of the action, not its code; the object's type and name, linked to its
    back-office screen; an object with no screen (or gone) as its id; an old row whose action
    is no longer registered as its code."""
    admin = Actor.for_user(network.users["network_admin"], network.board)
    log_action(admin, "network.update_organisation", network.tours.pk, fields=["email"])
    AuditEntry.objects.create(origin="system", action="catalog.retired", object_id="x")
    client.force_login(network.users["network_admin"])
    html = client.get(reverse("opensit_audit"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    museum = reverse("opensit_object_edit", kwargs={"pk": entries.pk})
    tours = reverse("opensit_organisation", kwargs={"slug": "ot-tours"})
    assert (
        '<td title="catalog.create">Objet créé</td><td data-object-type="tourism_object">'
        f'<small>Objet touristique</small> <a href="{museum}">Musée</a></td>'
    ) in html
    assert (
        '<td title="network.update_organisation">Organisation modifiée</td>'
        f'<td data-object-type="organisation"><small>Organisation</small> '
        f'<a href="{tours}">{network.tours.name}</a></td>'
    ) in html
    # Invitation 1 does not exist: its type and id, no link.
    assert (
        '<td title="network.invite">Invitation envoyée</td>'
        '<td data-object-type="invitation"><small>Invitation</small> 1</td>'
    ) in html
    assert '<td title="catalog.retired">catalog.retired</td><td data-object-type="">x</td>' in html
    english = client.get(reverse("opensit_audit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<td title="catalog.create">Object created</td>' in english


def test_object_ids_in_the_details_show_as_names_with_links(client, network, entries):
    """A merge names two objects in its data: the screen shows their names, linked, with
    labelled keys, not bare ids; an id of an object gone stays an id."""
    admin = Actor.for_user(network.users["network_admin"], network.board)
    gone = "0b8e3c1e-0000-4000-8000-000000000000"
    log_action(
        admin,
        "catalog.update",
        entries.pk,
        merged=entries.pk,
        other=gone,
        fields=["name", "contacts"],
        active=True,
    )
    client.force_login(network.users["network_admin"])
    page = client.get(reverse("opensit_audit"), HTTP_ACCEPT_LANGUAGE="fr")
    [row] = [r for r in page.context["rows"] if r.entry.data.get("other") == gone]
    museum = reverse("opensit_object_edit", kwargs={"pk": entries.pk})
    assert [(d.label, d.text, d.url) for d in row.details] == [  # in the keys' order
        ("actif", "oui", ""),
        ("champs", "name, contacts", ""),
        ("fusionné", "Musée", museum),
        ("autre objet", gone, ""),
    ]
    assert f'fusionné : <a href="{museum}">Musée</a>' in page.content.decode()
