"""Vocabulary governance screens: network admins add, translate and deprecate entries; other
organisations request entries; network admins accept or reject the requests."""

import pytest
from django.urls import reverse

from opensit.catalog import services
from opensit.catalog.models import VocabularyEntry, VocabularyRequest
from opensit.catalog.vocabularies import Entry, upsert_entries
from opensit.core.models import AuditEntry
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db

MATRIX = ["network_admin", "admin", "editor", "contributor", "reader", "other_admin"]


@pytest.fixture
def shelter(network):
    upsert_entries(
        [
            Entry("amenity", "BikeShelter", {"fr": "Abri vélos"}),
            Entry("amenity", "BikeGarage", {"fr": "Garage à vélos", "en": "Bike garage"}),
        ]
    )
    return VocabularyEntry.objects.get(code="BikeShelter")


def _vocabulary_state():
    return (
        sorted(VocabularyEntry.objects.values_list("code", "deprecated", "replaced_by", "labels")),
        sorted(VocabularyRequest.objects.values_list("code", "status")),
    )


@pytest.mark.parametrize("who", MATRIX)
def test_add_entry_matrix(client, network, who):
    client.force_login(network.users[who])
    data = {
        "scheme": "amenity",
        "code": "EVCharger",
        "label_fr": "Borne de recharge",
        "label_en": "EV charger",
    }
    response = client.post(reverse("opensit_vocabulary_add"), data)
    if who == "network_admin":
        assert response.status_code == 302
        entry = VocabularyEntry.objects.get(code="EVCharger")
        assert entry.labels == {"fr": "Borne de recharge", "en": "EV charger"}
        assert entry.created_by == network.board
    else:
        assert response.status_code == 403
        assert not VocabularyEntry.objects.exists()


def test_add_entry_errors_are_next_to_the_field(client, network, shelter):
    client.force_login(network.users["network_admin"])
    url = reverse("opensit_vocabulary_add")
    duplicate = client.post(url, {"scheme": "amenity", "code": "BikeShelter", "label_fr": "x"})
    assert duplicate.status_code == 400 and duplicate.context["form"].errors["code"]
    no_label = client.post(url, {"scheme": "amenity", "code": "Sauna"})
    assert no_label.status_code == 400 and no_label.context["form"].errors["label_fr"]
    bad_scheme = client.post(url, {"scheme": "colour", "code": "Red", "label_fr": "Rouge"})
    assert bad_scheme.status_code == 400 and bad_scheme.context["form"].errors["scheme"]
    assert VocabularyEntry.objects.count() == 2


@pytest.mark.parametrize("who", MATRIX)
def test_translate_and_deprecate_matrix(client, network, shelter, who):
    client.force_login(network.users[who])
    url = reverse("opensit_vocabulary_entry", args=[shelter.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_govern"] == (who == "network_admin")
    before = _vocabulary_state()
    translated = client.post(
        url, {"action": "translate", "label_fr": "Abri à vélos", "label_en": "Bike shelter"}
    )
    deprecated = client.post(url, {"action": "deprecate", "replaced_by": "BikeGarage"})
    shelter.refresh_from_db()
    if who == "network_admin":
        assert translated.status_code == deprecated.status_code == 302
        assert shelter.labels == {"fr": "Abri à vélos", "en": "Bike shelter"}
        assert (shelter.deprecated, shelter.replaced_by) == (True, "BikeGarage")
        assert AuditEntry.objects.filter(action="vocabulary.translate").count() == 2
    else:
        assert translated.status_code == deprecated.status_code == 403
        assert _vocabulary_state() == before


def test_deprecation_screen_rewrites_objects(client, network, shelter):
    actor = Actor.for_user(network.users["editor"], network.tours)
    hotel = services.create_object(
        actor, {"type": "hotel", "name": {"fr": "Hôtel"}, "amenities": ["BikeShelter"]}
    )
    client.force_login(network.users["network_admin"])
    url = reverse("opensit_vocabulary_entry", args=[shelter.pk])
    assert client.get(url).context["usage"] == 1
    client.post(url, {"action": "deprecate", "replaced_by": "BikeGarage"})
    hotel.refresh_from_db()
    assert hotel.document["amenities"] == ["BikeGarage"] and hotel.version == 2
    assert client.get(url).context["usage"] == 0
    listing = client.get(reverse("opensit_vocabularies"), {"scheme": "amenity"})
    assert "→ BikeGarage" in listing.content.decode()


REQUESTERS = {"network_admin", "admin", "editor", "other_admin"}


@pytest.mark.parametrize("who", MATRIX)
def test_request_entry_matrix(client, network, who):
    client.force_login(network.users[who])
    response = client.post(
        reverse("opensit_vocabulary_request_new"),
        {
            "scheme": "theme",
            "code": "Troglodytes",
            "label_fr": "Troglodytes",
            "reason": "Nos caves",
        },
    )
    if who in REQUESTERS:
        assert response.status_code == 302
        request = VocabularyRequest.objects.get()
        assert (request.code, request.reason, request.status) == (
            "Troglodytes",
            "Nos caves",
            "pending",
        )
    else:
        assert response.status_code == 403
        assert not VocabularyRequest.objects.exists()


@pytest.mark.parametrize("who", MATRIX)
def test_review_request_matrix(client, network, who):
    from opensit.catalog import vocabulary_governance as governance

    editor = Actor.for_user(network.users["editor"], network.tours)
    accept = governance.request_entry(editor, "theme", "Troglodytes", {"fr": "Troglodytes"})
    refuse = governance.request_entry(editor, "theme", "Caves", {"fr": "Caves"})
    client.force_login(network.users[who])
    before = _vocabulary_state()
    url = "opensit_vocabulary_request_review"
    approved = client.post(reverse(url, args=[accept.pk]), {"decision": "approve"})
    rejected = client.post(
        reverse(url, args=[refuse.pk]), {"decision": "reject", "comment": "Déjà couvert"}
    )
    accept.refresh_from_db()
    refuse.refresh_from_db()
    if who == "network_admin":
        assert approved.status_code == rejected.status_code == 302
        assert (
            accept.status == "approved"
            and VocabularyEntry.objects.filter(code="Troglodytes", scheme="theme").exists()
        )
        assert (refuse.status, refuse.review_comment) == ("rejected", "Déjà couvert")
    else:
        assert approved.status_code == rejected.status_code == 403
        assert _vocabulary_state() == before


def test_request_list_scope_and_rejection_needs_a_comment(client, network):
    from opensit.catalog import vocabulary_governance as governance

    tours = Actor.for_user(network.users["editor"], network.tours)
    blois = Actor.for_user(network.users["other_admin"], network.blois)
    mine = governance.request_entry(tours, "theme", "Troglodytes", {"fr": "Troglodytes"})
    governance.request_entry(blois, "theme", "Chateaux", {"fr": "Châteaux"})
    client.force_login(network.users["editor"])
    page = client.get(reverse("opensit_vocabulary_requests"))
    assert [r.code for r in page.context["pending"]] == ["Troglodytes"]
    assert not page.context["can_review"]
    client.force_login(network.users["network_admin"])
    page = client.get(reverse("opensit_vocabulary_requests"))
    assert [r.code for r in page.context["pending"]] == ["Troglodytes", "Chateaux"]
    client.post(
        reverse("opensit_vocabulary_request_review", args=[mine.pk]), {"decision": "reject"}
    )
    mine.refresh_from_db()
    assert mine.status == "pending"
