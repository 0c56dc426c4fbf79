"""Ownership and co-editing of an object: grant, revoke, transfer. Only the owner's admins and
network admins decide; the others get a 403 and nothing changes, or a 404 when they may not
even read the draft (another office, an unrelated provider: its name is never shown). Every
decision is audited."""

import pytest
from django.urls import reverse

from opensit.catalog import services
from opensit.catalog.models import Revision, TourismObject
from opensit.core.models import AuditEntry
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db

MATRIX = ["network_admin", "admin", "editor", "contributor", "reader", "other_admin"]
DECIDERS = {"network_admin", "admin"}


@pytest.fixture
def museum(network):
    actor = Actor.for_user(network.users["admin"], network.tours)
    return services.create_object(actor, {"type": "museum", "name": {"fr": "Musée de Tours"}})


def _state(obj):
    obj = TourismObject.objects.get(pk=obj.pk)
    return (
        obj.owner_id,
        sorted(obj.coeditors.values_list("slug", flat=True)),
        obj.version,
        Revision.objects.filter(object=obj).count(),
        AuditEntry.objects.count(),
    )


def refusal(who: str) -> int:
    """403 for who may read the draft (its organisation's members), 404 for the others."""
    return 404 if who in {"contributor", "other_admin"} else 403


def _post(client, obj, action, organisation):
    return client.post(
        reverse("opensit_object_sharing", args=[obj.pk]),
        {"action": action, "organisation": organisation},
    )


@pytest.mark.parametrize("who", MATRIX)
def test_sharing_screen_is_for_editors_of_the_object(client, network, museum, who):
    client.force_login(network.users[who])
    response = client.get(reverse("opensit_object_sharing", args=[museum.pk]))
    if who in {"network_admin", "admin", "editor"}:
        assert response.status_code == 200
        assert response.context["can_manage"] == (who in DECIDERS)
    else:
        assert response.status_code == refusal(who)


@pytest.mark.parametrize("who", MATRIX)
def test_grant_coediting_matrix(client, network, museum, who):
    client.force_login(network.users[who])
    before = _state(museum)
    response = _post(client, museum, "grant", "ot-blois")
    if who in DECIDERS:
        assert response.status_code == 302
        assert list(museum.coeditors.values_list("slug", flat=True)) == ["ot-blois"]
        entry = AuditEntry.objects.get(action="catalog.grant_coediting")
        assert (entry.user, entry.object_id) == (network.users[who], museum.pk)
        assert entry.data == {"organisation": "ot-blois"}
    else:
        assert response.status_code == refusal(who)
        assert _state(museum) == before


@pytest.mark.parametrize("who", MATRIX)
def test_revoke_coediting_matrix(client, network, museum, who):
    services.grant_coediting(Actor.system(), museum, network.blois)
    client.force_login(network.users[who])
    before = _state(museum)
    response = _post(client, museum, "revoke", "ot-blois")
    if who in DECIDERS:
        assert response.status_code == 302 and not museum.coeditors.exists()
        assert AuditEntry.objects.filter(action="catalog.revoke_coediting").count() == 1
    else:  # Blois co-edits it: its admin reads it, and may not revoke
        assert response.status_code == (404 if who == "contributor" else 403)
        assert _state(museum) == before


@pytest.mark.parametrize("who", MATRIX)
def test_transfer_ownership_matrix(client, network, museum, who):
    client.force_login(network.users[who])
    before = _state(museum)
    response = _post(client, museum, "transfer", "ot-blois")
    museum.refresh_from_db()
    if who in DECIDERS:
        assert response.status_code == 302 and museum.owner == network.blois
        assert museum.document["owner"] == "ot-blois"
        revision = Revision.objects.get(object=museum, number=museum.version)
        assert (revision.action, revision.author) == ("transfer", network.users[who])
        assert AuditEntry.objects.filter(action="catalog.transfer", object_id=museum.pk).exists()
        trail = client.get(reverse("opensit_object_sharing", args=[museum.pk]))
        if who == "network_admin":  # Tours' admin no longer edits it
            assert [e.action for e in trail.context["trail"]] == ["catalog.transfer"]
    else:
        assert response.status_code == refusal(who)
        assert _state(museum) == before


def test_co_editor_may_edit_after_the_grant_and_not_after_revoke(client, network, museum):
    client.force_login(network.users["other_admin"])
    url = reverse("opensit_object_edit", args=[museum.pk])
    assert client.get(url).status_code == 404  # another office's draft: not found
    services.grant_coediting(
        Actor.for_user(network.users["admin"], network.tours), museum, network.blois
    )
    assert client.get(url).status_code == 200
    services.revoke_coediting(
        Actor.for_user(network.users["admin"], network.tours), museum, network.blois
    )
    assert client.get(url).status_code == 404


def test_bad_input_is_a_message_not_an_error(client, network, museum):
    client.force_login(network.users["admin"])
    before = _state(museum)
    for action, org in (("grant", "nowhere"), ("grant", "ot-tours"), ("explode", "ot-blois")):
        response = _post(client, museum, action, org)
        assert response.status_code == 302
        assert len(list(client.get(response.url).context["messages"])) == 1
    assert _state(museum) == before
