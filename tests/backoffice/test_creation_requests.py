"""A provider proposes a new establishment in the simple form; the tourist office whose
territory holds the commune validates it from its "waiting for validation" list."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from opensit.catalog import creation
from opensit.catalog.models import Proposal, Revision, TourismObject
from opensit.network.models import Commune
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db

MATRIX = ["network_admin", "admin", "editor", "contributor", "reader", "other_admin"]
FORM = {
    "type": "hotel",
    "name_fr": "Hôtel du Cygne",
    "name_en": "Swan hotel",
    "short_description_fr": "Un petit hôtel <script>x</script>au bord de la Loire",
    "address": "6 rue du Cygne",
    "postal_code": "37000",
    "commune": "37261",
    "phone": "02 47 66 66 41",
    "email": "contact@hotel-cygne.example",
    "website": "https://hotel-cygne.example",
    "comment": "Ouvert depuis mars",
}


@pytest.fixture
def territories(network):
    network.tours.communes.add(Commune.objects.create(insee="37261", name="Tours"))
    network.blois.communes.add(Commune.objects.create(insee="41018", name="Blois"))
    return network


def _propose(client, user, **changes):
    client.force_login(user)
    return client.post(reverse("opensit_object_propose"), {**FORM, **changes})


def test_provider_proposes_and_the_office_of_the_commune_validates(
    client, territories, django_capture_on_commit_callbacks
):
    net = territories
    with django_capture_on_commit_callbacks(execute=True):
        response = _propose(client, net.users["contributor"])
    assert response.status_code == 302
    obj = TourismObject.objects.get()
    assert (obj.status, obj.owner, obj.name) == ("proposed", net.tours, "Hôtel du Cygne")
    assert list(obj.providers.all()) == [net.provider]
    assert obj.document["location"]["commune"] == {"insee": "37261", "name": "Tours"}
    assert "<script>" not in obj.document["short_description"]["fr"]
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.proposer, proposal.organisation) == (
        "create",
        net.users["contributor"],
        net.provider,
    )
    # The office's reviewers are told by email.
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.org", "editor@example.org"]
    # The contributor sees it among its establishments.
    assert client.get(reverse("opensit_objects")).context["page"].object_list[0] == obj

    client.force_login(net.users["editor"])
    waiting = client.get(reverse("opensit_proposals")).context["proposals"]
    assert [p.pk for p in waiting] == [proposal.pk]
    review = client.get(reverse("opensit_proposal", args=[proposal.pk]))
    assert review.context["is_creation"]
    fields = {row["field"] for row in review.context["rows"]}
    assert {"name", "type", "contacts"} <= fields
    client.force_login(net.users["other_admin"])
    assert client.get(reverse("opensit_proposals")).context["proposals"].count() == 0

    client.force_login(net.users["editor"])
    decided = client.post(
        reverse("opensit_proposal_decide", args=[proposal.pk]), {"decision": "approve"}
    )
    assert decided.status_code == 302
    obj.refresh_from_db()
    proposal.refresh_from_db()
    assert (obj.status, proposal.status, proposal.reviewer) == (
        "published",
        "approved",
        net.users["editor"],
    )
    assert [r.action for r in Revision.objects.filter(object=obj).order_by("number")] == [
        "propose_create",
        "publish",
    ]


def test_rejected_creation_leaves_a_tombstone(client, territories):
    net = territories
    _propose(client, net.users["contributor"])
    proposal = Proposal.objects.get()
    client.force_login(net.users["admin"])
    url = reverse("opensit_proposal_decide", args=[proposal.pk])
    client.post(url, {"decision": "reject"})  # a comment is required
    assert Proposal.objects.get().status == "pending"
    client.post(url, {"decision": "reject", "comment": "Déjà référencé"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.object.status) == ("rejected", "deleted")


def test_the_validating_office_is_the_one_of_the_commune(client, territories):
    net = territories
    _propose(client, net.users["contributor"], commune="41018", name_fr="Gîte de Blois")
    assert TourismObject.objects.get(name="Gîte de Blois").owner == net.blois
    # A commune no office covers: the provider's own office validates.
    _propose(client, net.users["contributor"], commune="37214", name_fr="Gîte de St-Cyr")
    assert TourismObject.objects.get(name="Gîte de St-Cyr").owner == net.tours
    assert creation.validating_office("41018", None) == net.blois
    with translation.override("en"), pytest.raises(ValueError, match="no tourist office covers"):
        creation.validating_office("75056", None)


@pytest.mark.parametrize("who", MATRIX)
def test_proposing_matrix(client, territories, who):
    response = _propose(client, territories.users[who])
    if who == "reader":
        assert response.status_code == 403
        assert not TourismObject.objects.exists() and not Proposal.objects.exists()
    else:
        assert response.status_code == 302
        assert Proposal.objects.get().kind == "create"


@pytest.mark.parametrize("who", MATRIX)
def test_approving_matrix(client, territories, who):
    contributor = Actor.for_user(territories.users["contributor"], territories.provider)
    proposal = creation.propose_creation(
        contributor,
        {"type": "hotel", "name": {"fr": "Hôtel"}, "location": {"commune": {"insee": "37261"}}},
    )
    client.force_login(territories.users[who])
    response = client.post(
        reverse("opensit_proposal_decide", args=[proposal.pk]), {"decision": "approve"}
    )
    proposal.refresh_from_db()
    if who in {"network_admin", "admin", "editor"}:
        assert response.status_code == 302
        assert (proposal.status, proposal.object.status) == ("approved", "published")
    else:
        assert response.status_code == 403
        assert (proposal.status, proposal.object.status, proposal.object.version) == (
            "pending",
            "proposed",
            1,
        )


def test_form_errors_are_next_to_the_fields(client, territories):
    response = _propose(
        client, territories.users["contributor"], commune="Toursville", name_fr="", email="x"
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"commune", "name_fr", "email"} <= set(errors)
    # Nobody covers Paris and the board has no parent office to fall back to.
    response = _propose(client, territories.users["network_admin"], commune="75056")
    assert response.status_code == 400 and response.context["form"].errors["commune"]
    assert not TourismObject.objects.exists()


def test_provider_edits_its_establishment_in_the_simple_form(client, network):
    """Only the tabs of what a provider may propose; the other fields are kept as they were."""
    from opensit.catalog import services
    from tests.backoffice.test_editor import form_data_of

    editor = Actor.for_user(network.users["editor"], network.tours)
    hotel = services.create_object(
        editor,
        {"type": "hotel", "name": {"fr": "Hôtel de l'Univers"}, "amenities": ["Wifi"]},
    )
    services.link_provider(editor, hotel, network.provider)
    url = reverse("opensit_object_edit", args=[hotel.pk])
    client.force_login(network.users["contributor"])
    page = client.get(url)
    assert page.context["provider_mode"]
    assert [code for code, _label in page.context["tabs"]] == ["texts", "dates", "prices", "media"]
    data = form_data_of(page)
    data["short_description_fr"] = "Au cœur de Tours, face à la gare"
    assert client.post(url, data).status_code == 302
    proposal = Proposal.objects.get(object=hotel)
    assert list(proposal.changes) == ["short_description"]
    client.force_login(network.users["editor"])
    full = client.get(url)
    assert not full.context["provider_mode"] and len(full.context["tabs"]) == 10


def test_the_commune_is_named_as_people_name_it_and_the_point_placed(client, territories):
    """ "Limeray" (not its INSEE code), a shared name narrowed by the postal code, and the point
    clicked on the map."""
    net = territories
    limeray = Commune.objects.create(insee="37129", name="Limeray", postal_codes=["37530"])
    net.tours.communes.add(limeray)
    for insee, postal in (("41213", "41110"), ("72308", "72120")):
        Commune.objects.create(insee=insee, name="Saint-Aignan", postal_codes=[postal])
    net.blois.communes.add("41213")
    contributor = net.users["contributor"]
    response = _propose(
        client,
        contributor,
        commune="limeray",
        postal_code="37530",
        latitude="47.4632",
        longitude="1.0431",
        name_fr="Gîte de Limeray",
    )
    assert response.status_code == 302
    obj = TourismObject.objects.get(name="Gîte de Limeray")
    location = obj.document["location"]
    assert location["commune"] == {"insee": "37129", "name": "Limeray"}
    assert (location["latitude"], location["longitude"]) == (47.4632, 1.0431)
    assert (obj.commune_insee, obj.owner) == ("37129", net.tours)

    shared = _propose(client, contributor, commune="Saint-Aignan", postal_code="")
    assert shared.status_code == 400
    message = shared.context["form"].errors["commune"][0]
    assert "41110" in message and "72120" in message  # says which, and how to choose
    narrowed = _propose(
        client, contributor, commune="Saint-Aignan", postal_code="41110", name_fr="Gîte du Cher"
    )
    assert narrowed.status_code == 302
    gite = TourismObject.objects.get(name="Gîte du Cher")
    assert (gite.commune_insee, gite.owner) == ("41213", net.blois)  # Blois' office validates
