"""Proposals: pending revisions with per-language diffs, review, notifications, scoping."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from opensit.catalog import services, workflow
from opensit.catalog.models import Proposal, Revision, TourismObject
from opensit.catalog.policy import Action, objects_for

HOTEL = {
    "type": "hotel",
    "name": {"fr": "Hôtel de l'Univers", "en": "Hotel Univers"},
    "location": {"commune": {"insee": "37261", "name": "Tours"}},
    "pricing": {"prices": [{"label": {"fr": "Chambre double"}, "min": 95, "max": 140}]},
}


@pytest.fixture
def setup(org_factory, member_factory, django_user_model):
    office = org_factory("ot-tours")
    provider = org_factory("hotel-univers", kind="provider", parent=office)
    editor = member_factory(office, "editor")
    editor.user.email = "redaction@tours-tourisme.fr"
    editor.user.save()
    contributor = member_factory(provider, "contributor")
    contributor.user.email = "direction@hotel-univers.fr"
    contributor.user.save()
    obj = services.create_object(editor, HOTEL)
    services.publish(editor, obj)
    services.link_provider(editor, obj, provider)
    return {"office": office, "editor": editor, "contributor": contributor, "obj": obj}


def test_contributor_edit_becomes_a_proposal_with_field_diff(
    setup, django_capture_on_commit_callbacks
):
    obj, contributor, editor = setup["obj"], setup["contributor"], setup["editor"]
    proposed = {
        **HOTEL,
        "description": {"fr": "Hôtel <strong>historique</strong><script>alert(1)</script>"},
        "pricing": {"prices": [{"label": {"fr": "Chambre double"}, "min": 105, "max": 150}]},
    }
    with django_capture_on_commit_callbacks(execute=True):
        outcome = workflow.edit(contributor, obj, proposed, comment="Tarifs 2027")
    assert outcome.kind == "proposed"
    obj.refresh_from_db()
    assert obj.version == 2 and "description" not in obj.document  # the live version stays
    lines = [change.describe() for change in workflow.review_diff(outcome.proposal)]
    assert lines == [
        "description.fr added: “Hôtel <strong>historique</strong>”",
        "pricing.prices[0].max changed from 140 to 150",
        "pricing.prices[0].min changed from 95 to 105",
    ]
    assert [m.to for m in mail.outbox] == [["redaction@tours-tourisme.fr"]]
    assert "Hôtel de l'Univers" in mail.outbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(editor, outcome.proposal, comment="Merci")
    obj.refresh_from_db()
    assert obj.version == 3
    assert obj.document["pricing"]["prices"][0]["min"] == 105
    rev = Revision.objects.get(object=obj, number=3)
    assert (rev.action, rev.author) == ("approve", editor.user)
    assert mail.outbox[-1].to == ["direction@hotel-univers.fr"]
    assert "approved" in mail.outbox[-1].subject


def test_provider_cannot_propose_outside_its_fields(setup):
    with pytest.raises(PermissionDenied, match="name"):
        workflow.propose(setup["contributor"], setup["obj"], {**HOTEL, "name": {"fr": "Autre"}})
    assert not Proposal.objects.exists()


def test_rejection_needs_a_comment_and_keeps_the_object(setup, django_capture_on_commit_callbacks):
    obj, editor = setup["obj"], setup["editor"]
    proposal = workflow.propose(
        setup["contributor"],
        obj,
        {**HOTEL, "media": []}
        | {"media": [{"kind": "image", "url": "https://example.org/facade.jpg"}]},
    )
    with pytest.raises(ValueError, match="comment"):
        workflow.reject(editor, proposal, " ")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(editor, proposal, "Photo floue")
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.review_comment == "Photo floue"
    assert "rejected" in mail.outbox[-1].subject
    with pytest.raises(ValueError, match="already"):
        workflow.approve(editor, proposal)
    obj.refresh_from_db()
    assert "media" not in obj.document


def test_approval_applies_only_proposed_fields_over_later_edits(setup):
    obj, editor = setup["obj"], setup["editor"]
    proposal = workflow.propose(
        setup["contributor"], obj, {**HOTEL, "description": {"fr": "Vue sur la Loire"}}
    )
    services.update_object(editor, obj, {**HOTEL, "name": {"fr": "Hôtel Univers Tours"}})
    workflow.approve(editor, proposal)
    obj.refresh_from_db()
    assert obj.name == "Hôtel Univers Tours"
    assert obj.document["description"] == {"fr": "Vue sur la Loire"}


def test_review_policy_turns_editor_edits_into_proposals(setup, settings, member_factory):
    settings.OPENSIT_REVIEW_EDITS = True
    obj, editor = setup["obj"], setup["editor"]
    outcome = workflow.edit(editor, obj, {**HOTEL, "description": {"fr": "Rénové en 2026"}})
    assert outcome.kind == "proposed"
    admin = member_factory(setup["office"], "admin", username="directrice")
    assert list(workflow.pending_for(admin)) == [outcome.proposal]
    assert workflow.edit(admin, obj, {**HOTEL, "description": {"fr": "x"}}).kind == "updated"


def test_draft_proposed_published(setup):
    editor = setup["editor"]
    draft = services.create_object(editor, {**HOTEL, "name": {"fr": "Gîte des Tanneurs"}})
    assert draft.status == "draft"
    workflow.submit_for_review(editor, draft)
    draft.refresh_from_db()
    assert draft.status == "proposed" and draft.document["status"] == "proposed"
    services.publish(editor, draft)
    draft.refresh_from_db()
    assert draft.status == TourismObject.Status.PUBLISHED
    with pytest.raises(ValueError, match="drafts"):
        workflow.submit_for_review(editor, draft)


def test_only_those_who_work_on_a_draft_ask_to_publish_it(setup, org_factory, member_factory):
    """A provider linked to an office's draft, or another office (which may only propose
    changes), may not move it to "proposed"; the owner's editors may."""
    editor = setup["editor"]
    draft = services.create_object(editor, {**HOTEL, "name": {"fr": "Gîte des Tanneurs"}})
    services.link_provider(editor, draft, setup["contributor"].organisation)
    elsewhere = member_factory(org_factory("ot-blois"), "editor")
    for outsider in (setup["contributor"], elsewhere):
        with pytest.raises(PermissionDenied):
            workflow.submit_for_review(outsider, draft)
        draft.refresh_from_db()
        assert (draft.status, draft.version) == ("draft", 1)
    workflow.submit_for_review(editor, draft)
    draft.refresh_from_db()
    assert draft.status == "proposed"


def test_provider_sees_only_its_establishments(setup):
    other = services.create_object(setup["editor"], {**HOTEL, "name": {"fr": "Hôtel Oceania"}})
    assert list(objects_for(setup["contributor"], Action.VIEW)) == [setup["obj"]]
    assert set(objects_for(setup["editor"], Action.VIEW)) == {setup["obj"], other}


def test_a_text_that_was_only_tags_is_dropped_and_the_document_validates_to_itself(setup):
    """Found by Hypothesis: "<b></b>" was stored as an empty text, which the next validation
    dropped, so saving the object unchanged in the editor changed it."""
    from opensit.catalog.pipeline import validate

    document = {**HOTEL, "practical_info": {"fr": "<b></b>", "en": "Lift <br>"}}
    obj = services.create_object(setup["editor"], document)
    assert obj.document["practical_info"] == {"en": "Lift <br>"}
    assert validate(obj.document).to_json() == obj.document
    outcome = workflow.edit(setup["editor"], obj, obj.document, base_version=obj.version)
    assert outcome.kind == "unchanged"


def test_description_html_is_sanitised(setup):
    obj = services.create_object(
        setup["editor"],
        {
            **HOTEL,
            "description": {
                "fr": '<p onclick="x()">Accès <a href="https://tours.fr" target="_b">ici</a>'
                "<img src=x onerror=alert(1)></p>",
                "en": "Plain & simple",
            },
        },
    )
    assert obj.document["description"] == {
        "fr": '<p>Accès <a href="https://tours.fr" rel="noopener noreferrer">ici</a></p>',
        "en": "Plain & simple",
    }
