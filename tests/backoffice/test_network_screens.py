"""Organisation pages, vocabularies, diffusion projects and selections in the back-office."""

import pytest
from django.urls import reverse

from opensit.catalog.vocabularies import Entry, upsert_entries
from opensit.network.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def animator(org_factory, django_user_model):
    from opensit.network.models import Membership

    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    user = django_user_model.objects.create_user("animator", password="x")
    Membership.objects.create(user=user, organisation=board, role="admin")
    return user


def test_organisation_page_members_territory_and_objects(client, tours, blois, catalog):
    tours.organisation.communes.add(
        Commune.objects.create(insee="37261", name="Tours", latitude=47.3941, longitude=0.6848),
        Commune.objects.create(insee="37214", name="Saint-Cyr-sur-Loire"),
    )
    from opensit.catalog import services
    from opensit.network.permissions import Actor

    services.grant_coediting(Actor.system(), catalog["chateau"], tours.organisation)
    client.force_login(tours.user)
    response = client.get(reverse("opensit_organisation", args=["ot-tours"]))
    assert response.status_code == 200
    ctx = response.context
    assert [(m.user.username, m.role) for m in ctx["members"]] == [("admin-ot-tours", "admin")]
    assert [c.name for c in ctx["communes"]] == ["Saint-Cyr-sur-Loire", "Tours"]
    # Only communes with coordinates go on the map.
    assert ctx["commune_points"] == [
        {"name": "Tours", "insee": "37261", "lat": 47.3941, "lon": 0.6848}
    ]
    assert ctx["owned_count"] == 3
    assert [o.name for o in ctx["coedited"]] == ["Château royal de Blois"]
    assert client.get(reverse("opensit_organisation", args=["ot-blois"])).status_code == 403


def test_organisation_list_is_scoped_except_for_network_admins(client, tours, blois, animator):
    client.force_login(tours.user)
    names = [o.name for o in client.get(reverse("opensit_organisations")).context["organisations"]]
    assert names == ["Ot-Tours"]
    client.force_login(animator)
    names = [o.name for o in client.get(reverse("opensit_organisations")).context["organisations"]]
    assert names == ["Crt-Centre", "Ot-Blois", "Ot-Tours"]


def test_vocabulary_screen_lists_entries_per_scheme(client, tours):
    upsert_entries(
        [
            Entry("amenity", "BoulesPitch", {"fr": "Terrain de pétanque", "en": "Boules pitch"}),
            Entry("theme", "Heritage", {"fr": "Patrimoine"}),
        ]
    )
    client.force_login(tours.user)
    response = client.get(reverse("opensit_vocabularies"), {"scheme": "amenity"})
    assert [e.code for e in response.context["entries"]] == ["BoulesPitch"]
    assert "Terrain de pétanque" in response.content.decode()
    counts = {value: count for value, _label, count in response.context["schemes"]}
    assert counts["amenity"] == 1 and counts["theme"] == 1


def test_editor_offers_vocabulary_entries_and_saves_codes(client, tours, catalog):
    upsert_entries([Entry("amenity", "Parking", {"fr": "Parking", "en": "Car park"})])
    client.force_login(tours.user)
    from tests.backoffice.test_editor import form_data_of

    url = reverse("opensit_object_edit", args=[catalog["hotel"].pk])
    data = form_data_of(client.get(url))
    assert ("Parking", "Parking") in client.get(url).context["form"].fields["amenities"].choices
    data["amenities"] = ["Parking"]
    data["capacity_rooms"] = "58"
    capacity = catalog["hotel"].document["capacity"]
    assert client.post(url, data).status_code == 302
    catalog["hotel"].refresh_from_db()
    assert catalog["hotel"].document["amenities"] == ["Parking"]
    assert catalog["hotel"].document["capacity"] == {**capacity, "rooms": 58}  # beds kept


def test_projects_waiting_for_validation_are_validated_by_network_admins(client, tours, animator):
    from opensit.diffusion import services as diffusion

    project = diffusion.create_project(tours.actor, "Tours Visit", url="https://tours.example")
    client.force_login(tours.user)  # the office's admin sees its project, and decides nothing
    mine = client.get(reverse("opensit_projects"))
    assert [p.name for p in mine.context["others"]] == ["Tours Visit"]
    assert mine.context["pending"] == [] and mine.context["requests"] == []
    client.post(reverse("opensit_project_decide", args=[project.pk]), {"decision": "validate"})
    project.refresh_from_db()
    assert project.status == "pending"
    client.force_login(animator)
    response = client.get(reverse("opensit_projects"))
    assert [p.name for p in response.context["pending"]] == ["Tours Visit"]
    client.post(reverse("opensit_project_decide", args=[project.pk]), {"decision": "validate"})
    project.refresh_from_db()
    assert project.status == "active" and project.validated_at is not None


def test_bulk_add_to_a_hand_picked_selection(client, tours, catalog):
    from opensit.diffusion import services as diffusion

    selection = diffusion.create_selection(
        tours.actor, "musees-tours", "Musées de Tours", object_ids=[]
    )
    client.force_login(tours.user)
    page = client.get(reverse("opensit_objects"))
    assert [s.name for s in page.context["selections"]] == ["Musées de Tours"]
    ids = [catalog["musee"].pk, catalog["chateau"].pk]  # the château is not in Tours' scope
    client.post(
        reverse("opensit_objects_bulk"),
        {"action": "select", "ids": ids, "selection": selection.pk},
    )
    selection.refresh_from_db()
    assert selection.object_ids == [catalog["musee"].pk]
