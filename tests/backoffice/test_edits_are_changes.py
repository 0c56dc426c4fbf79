"""Edits are changes, never replacements: one change in the editor changes one path of the
document; a provider's one-line proposal keeps contacts, photos and prices through approval; a
save based on an old version is merged when the fields differ and refused when they collide;
a local edit of an imported object overrides only the field it changed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from opensit.catalog import patch, services, workflow
from opensit.catalog.models import Proposal, TourismObject
from opensit.network.models import Membership
from opensit.network.permissions import Actor
from tests.factories import create_rich, imported_document, load_vocabulary, member
from tests.formpost import as_post_data, form_fields

pytestmark = pytest.mark.django_db

EDITOR_FORM = "form.opensit-editor"


@pytest.fixture
def office(org_factory):
    load_vocabulary()
    return org_factory("ot-tours")


@pytest.fixture
def hotel(office) -> TourismObject:
    return create_rich(office)


def _page_data(client, obj: TourismObject) -> dict:
    page = client.get(reverse("opensit_object_edit", args=[obj.pk]))
    assert page.status_code == 200
    return as_post_data(form_fields(page.content.decode(), EDITOR_FORM))


def _login(client, actor: Actor) -> None:
    client.force_login(actor.user)
    client.post(reverse("opensit_switch_organisation"), {"organisation": actor.org_id})


ONE_CHANGE = [
    ("name_en", "Universe Hotel", "name.en"),
    ("description_fr", "Une seule phrase.", "description.fr"),
    ("latitude", "47.4", "location.latitude"),
    ("booking_notes_fr", "Réserver la veille.", "booking.notes.fr"),
    ("contacts-0-value", "+33 2 47 00 00 00", "contacts[0].value"),
    ("contacts-3-label", "Centrale", "contacts[3].label"),
    ("periods-0-opens", "07:30", "opening.periods[0].times[0].opens"),
    ("prices-0-label", "Tarif plein", "pricing.prices[0].label.fr"),
    ("prices-1-min", "7.5", "pricing.prices[1].min"),
    ("media-0-credit", "Ville de Tours", "media[0].credit"),
    ("media-1-title", "Dépliant", "media[1].title.fr"),
]


@pytest.mark.parametrize(("field", "value", "path"), ONE_CHANGE)
def test_one_change_in_the_editor_changes_one_path(client, office, hotel, field, value, path):
    _login(client, member(office, Membership.Role.EDITOR))
    before = hotel.document
    data = _page_data(client, hotel)
    assert field in data, f"the editor has no control {field}"
    data[field] = value
    response = client.post(reverse("opensit_object_edit", args=[hotel.pk]), data)
    assert response.status_code == 302
    hotel.refresh_from_db()
    assert [edit.dotted for edit in patch.changes(before, hotel.document)] == [path]
    assert hotel.revisions.count() == 3  # create, publish, this edit


def test_deleting_one_row_keeps_the_others_and_their_hidden_fields(client, office, hotel):
    _login(client, member(office, Membership.Role.EDITOR))
    before = hotel.document
    data = _page_data(client, hotel)
    data["contacts-0-DELETE"] = "on"
    client.post(reverse("opensit_object_edit", args=[hotel.pk]), data)
    hotel.refresh_from_db()
    assert hotel.document["contacts"] == before["contacts"][1:]
    assert [c.get("public", True) for c in hotel.document["contacts"]][-2:] == [False, False]
    assert {e.dotted for e in patch.changes(before, hotel.document)} == {"contacts"}


def test_provider_one_line_proposal_keeps_contacts_photos_and_prices(client, office, hotel):
    provider_org = type(office).objects.create(slug="hotel-univers", name="Hôtel", kind="provider")
    provider = member(provider_org, Membership.Role.CONTRIBUTOR)
    services.link_provider(member(office, Membership.Role.ADMIN), hotel, provider_org)
    _login(client, provider)
    before = hotel.document
    data = _page_data(client, hotel)
    assert "contacts-TOTAL_FORMS" not in data  # the provider's form has its four tabs only
    data["description_fr"] = "Rénové en 2026, face à la gare."
    response = client.post(reverse("opensit_object_edit", args=[hotel.pk]), data)
    assert response.status_code == 302, response.content[:500]
    proposal = Proposal.objects.get(object=hotel)
    assert (sorted(proposal.changes), proposal.removed) == (["description"], [])
    workflow.approve(member(office, Membership.Role.ADMIN), proposal)
    hotel.refresh_from_db()
    edits = patch.changes(before, hotel.document)
    assert [edit.dotted for edit in edits] == ["description.fr"]
    assert hotel.document["media"] == before["media"]
    assert hotel.document["pricing"] == before["pricing"]


def test_a_save_on_an_old_version_is_merged_or_refused(client, office, hotel):
    editor = member(office, Membership.Role.EDITOR)
    _login(client, editor)
    opened = _page_data(client, hotel)  # version 2
    colleague = member(office, Membership.Role.ADMIN, "colleague")
    changed = {**hotel.document, "name": {**hotel.document["name"], "fr": "Hôtel Univers"}}
    services.update_object(colleague, hotel, changed)
    url = reverse("opensit_object_edit", args=[hotel.pk])

    merged = {**opened, "description_fr": "Une autre description."}
    assert client.post(url, merged).status_code == 302
    hotel.refresh_from_db()
    assert hotel.document["name"]["fr"] == "Hôtel Univers"  # the colleague's change stays
    assert hotel.document["description"]["fr"] == "Une autre description."

    version = hotel.version
    colliding = {**opened, "name_fr": "Grand Hôtel"}
    response = client.post(url, colliding)
    assert response.status_code == 409
    errors = " ".join(response.context["editor"].non_field_errors)
    assert "name.fr" in errors
    hotel.refresh_from_db()
    assert (hotel.version, hotel.document["name"]["fr"]) == (version, "Hôtel Univers")


def test_review_policy_proposes_only_what_the_editor_changed(client, office, hotel, settings):
    settings.OPENSIT_REVIEW_EDITS = True
    _login(client, member(office, Membership.Role.EDITOR))
    data = _page_data(client, hotel)
    url = reverse("opensit_object_edit", args=[hotel.pk])
    response = client.post(url, data)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Rien n'a changé."]
    assert not Proposal.objects.exists()
    client.post(url, {**data, "practical_info_en": "Lift to every floor."})
    proposal = Proposal.objects.get()
    assert (sorted(proposal.changes), proposal.removed) == (["practical_info"], [])


@pytest.mark.parametrize("policy", ["refuse", "override"])
def test_local_edit_of_an_imported_object_touches_only_its_field(client, office, settings, policy):
    settings.OPENSIT_IMPORT_FIELD_POLICY = policy
    obj = create_rich(office, imported_document())
    admin = member(office, Membership.Role.ADMIN)
    _login(client, admin)
    data = _page_data(client, obj)
    url = reverse("opensit_object_edit", args=[obj.pk])
    response = client.post(url, data)
    assert response.status_code == 302  # unchanged: never refused, nothing overridden
    obj.refresh_from_db()
    assert obj.local_fields == []
    response = client.post(url, {**data, "name_en": "Universe"})
    obj.refresh_from_db()
    if policy == "refuse":
        assert response.status_code == 403
        assert obj.document["name"]["en"] != "Universe"
    else:
        assert response.status_code == 302
        assert (obj.local_fields, obj.document["name"]["en"]) == (["name"], "Universe")
        assert obj.document["contacts"] and obj.document["media"]
