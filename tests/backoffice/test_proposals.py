"""Proposals in the back-office: a provider's contributor proposes through the editor, the
owner's editor reviews the field-level diff per language and approves or rejects it."""

import pytest
from django.urls import reverse

from opensit.catalog.models import Proposal, TourismObject
from opensit.network.models import Membership
from tests.backoffice.test_editor import form_data_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(org_factory, django_user_model, catalog):
    """The Musée's own staff: a provider organisation with a contributor, linked to it."""
    organisation = org_factory("musee-beaux-arts", kind="provider")
    user = django_user_model.objects.create_user("conservateur", password="x")
    Membership.objects.create(user=user, organisation=organisation, role="contributor")
    catalog["musee"].providers.add(organisation)
    return user


def propose_description(client, musee) -> None:
    url = reverse("opensit_object_edit", args=[musee.pk])
    data = form_data_of(client.get(url))
    data |= {
        "description_fr": "Collections de peinture du XIVe au XXe siècle.",
        "description_en": "Paintings from the 14th to the 20th century.",
        "comment": "Nouveau texte de présentation",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_contributor_sees_only_its_establishment_and_proposes(client, provider, catalog):
    client.force_login(provider)
    listed = [o.name for o in client.get(reverse("opensit_objects")).context["page"]]
    assert listed == ["Musée des Beaux-Arts de Tours"]
    assert client.get(reverse("opensit_object_edit", args=[catalog["hotel"].pk])).status_code == 404
    musee = catalog["musee"]
    propose_description(client, musee)
    musee.refresh_from_db()
    assert musee.version == 1 and "description" not in musee.document  # still live as it was
    proposal = Proposal.objects.get(object=musee)
    assert proposal.status == "pending" and sorted(proposal.changes) == ["description"]
    assert proposal.removed == []
    assert proposal.comment == "Nouveau texte de présentation"


def test_editor_reviews_the_diff_per_language_and_approves(client, provider, tours, catalog):
    musee = catalog["musee"]
    client.force_login(provider)
    propose_description(client, musee)
    proposal = Proposal.objects.get(object=musee)

    client.force_login(tours.user)
    waiting = client.get(reverse("opensit_objects"), {"waiting": "on"})
    assert [o.name for o in waiting.context["page"]] == ["Musée des Beaux-Arts de Tours"]
    assert list(client.get(reverse("opensit_proposals")).context["proposals"]) == [proposal]
    review = client.get(reverse("opensit_proposal", args=[proposal.pk]))
    assert review.status_code == 200
    rows = review.context["rows"]
    fr = "Collections de peinture du XIVe au XXe siècle."
    en = "Paintings from the 14th to the 20th century."
    assert rows == [
        {
            "field": "description",
            "label": "Description",
            "change": None,
            "languages": [
                {"lang": "fr", "old": "—", "new": fr},
                {"lang": "en", "old": "—", "new": en},
            ],
        }
    ]
    assert 'data-field="description.en"' in review.content.decode()
    client.post(
        reverse("opensit_proposal_decide", args=[proposal.pk]),
        {"decision": "approve", "comment": "Merci"},
    )
    musee.refresh_from_db()
    assert musee.document["description"]["en"] == en
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewer, proposal.applied_version) == (
        "approved",
        tours.user,
        musee.version,
    )


def test_rejection_needs_a_comment(client, provider, tours, catalog):
    musee = catalog["musee"]
    client.force_login(provider)
    propose_description(client, musee)
    proposal = Proposal.objects.get(object=musee)
    client.force_login(tours.user)
    url = reverse("opensit_proposal_decide", args=[proposal.pk])
    client.post(url, {"decision": "reject", "comment": ""})
    proposal.refresh_from_db()
    assert proposal.status == "pending"
    client.post(url, {"decision": "reject", "comment": "Texte trop long"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_comment) == ("rejected", "Texte trop long")
    assert "description" not in TourismObject.objects.get(pk=musee.pk).document


def test_another_organisation_cannot_review(client, provider, blois, catalog):
    client.force_login(provider)
    propose_description(client, catalog["musee"])
    proposal = Proposal.objects.get()
    client.force_login(blois.user)
    assert client.get(reverse("opensit_proposal", args=[proposal.pk])).status_code == 403
    response = client.post(
        reverse("opensit_proposal_decide", args=[proposal.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "pending"
