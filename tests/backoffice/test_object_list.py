"""The object list: scoping to the acting organisation, filters, search and bulk actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opensit.catalog.models import Revision, TourismObject

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [obj.name for obj in response.context["page"]]


def test_list_shows_only_the_organisation_objects(client, tours, catalog):
    client.force_login(tours.user)
    response = client.get(reverse("opensit_objects"))
    assert response.status_code == 200
    assert sorted(listed(response)) == [
        "Guinguette de Tours sur Loire",
        "Hôtel de l'Univers",
        "Musée des Beaux-Arts de Tours",
    ]
    assert "Château royal de Blois" not in response.content.decode()


def test_list_filters_type_with_descendants_commune_and_status(client, tours, catalog):
    client.force_login(tours.user)
    url = reverse("opensit_objects")
    assert listed(client.get(url, {"type": "accommodation"})) == ["Hôtel de l'Univers"]
    assert listed(client.get(url, {"type": "cultural_site"})) == ["Musée des Beaux-Arts de Tours"]
    assert len(listed(client.get(url, {"commune": "37261"}))) == 3
    assert listed(client.get(url, {"commune": "41018"})) == []
    assert listed(client.get(url, {"status": "published"})) == []
    assert len(listed(client.get(url, {"status": "draft"}))) == 3


def test_list_search_and_changed_since(client, tours, catalog):
    client.force_login(tours.user)
    url = reverse("opensit_objects")
    assert listed(client.get(url, {"q": "guinguette"})) == ["Guinguette de Tours sur Loire"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert listed(client.get(url, {"changed_since": tomorrow})) == []
    today = timezone.localdate().isoformat()
    assert len(listed(client.get(url, {"changed_since": today}))) == 3


def test_list_owner_filter_offers_only_organisations_in_scope(client, tours, blois, catalog):
    client.force_login(tours.user)
    response = client.get(reverse("opensit_objects"))
    owners = list(response.context["filters"].fields["owner"].queryset)
    assert owners == [tours.organisation]


def test_bulk_publish_goes_through_the_services(client, tours, catalog):
    client.force_login(tours.user)
    ids = [catalog["musee"].pk, catalog["hotel"].pk]
    response = client.post(reverse("opensit_objects_bulk"), {"action": "publish", "ids": ids})
    assert response.status_code == 302
    statuses = dict(TourismObject.objects.filter(pk__in=ids).values_list("name", "status"))
    assert statuses == {
        "Musée des Beaux-Arts de Tours": "published",
        "Hôtel de l'Univers": "published",
    }
    assert TourismObject.objects.get(pk=catalog["guinguette"].pk).status == "draft"
    publish = Revision.objects.filter(object_id=catalog["musee"].pk, action="publish").get()
    assert publish.author == tours.user and publish.organisation == tours.organisation


def test_bulk_unpublish_needs_a_reason(client, tours, catalog):
    client.force_login(tours.user)
    musee = catalog["musee"]
    client.post(reverse("opensit_objects_bulk"), {"action": "publish", "ids": [musee.pk]})
    client.post(reverse("opensit_objects_bulk"), {"action": "unpublish", "ids": [musee.pk]})
    assert TourismObject.objects.get(pk=musee.pk).status == "published"
    client.post(
        reverse("opensit_objects_bulk"),
        {"action": "unpublish", "ids": [musee.pk], "reason": "Fermé pour travaux"},
    )
    assert TourismObject.objects.get(pk=musee.pk).status == "unpublished"
    assert Revision.objects.get(object_id=musee.pk, action="unpublish").comment == (
        "Fermé pour travaux"
    )


def test_bulk_action_ignores_objects_of_another_organisation(client, tours, catalog):
    client.force_login(tours.user)
    chateau = catalog["chateau"]
    client.post(reverse("opensit_objects_bulk"), {"action": "publish", "ids": [chateau.pk]})
    assert TourismObject.objects.get(pk=chateau.pk).status == "draft"


def test_bulk_transfer_of_ownership(client, tours, blois, catalog):
    client.force_login(tours.user)
    hotel = catalog["hotel"]
    client.post(
        reverse("opensit_objects_bulk"),
        {"action": "transfer", "ids": [hotel.pk], "new_owner": blois.organisation.pk},
    )
    assert TourismObject.objects.get(pk=hotel.pk).owner == blois.organisation


def test_user_without_membership_cannot_enter(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(user)
    response = client.get(reverse("opensit_objects"))
    assert response.status_code in (302, 403)


def test_screens_speak_french_first_and_english_on_request(client, tours, catalog):
    from wagtail.users.models import UserProfile

    client.force_login(tours.user)
    html = client.get(reverse("opensit_objects")).content.decode()
    assert "Objets touristiques" in html and "Pour les objets cochés" in html
    assert "3 objets" in html
    assert "<td>Hôtellerie</td>" in html and "<td>Musée</td>" in html  # type labels
    profile = UserProfile.get_for_user(tours.user)
    profile.preferred_language = "en"
    profile.save()
    html = client.get(reverse("opensit_objects")).content.decode()
    assert "Tourism objects" in html and "With the ticked objects" in html
    assert "<td>Hotel</td>" in html and "<td>Museum</td>" in html


def test_search_finds_published_objects_by_their_description(client, tours, catalog):
    """Published objects are found by any indexed word (opensit.search), drafts by name."""
    from opensit.catalog import services

    hotel = catalog["hotel"]
    document = {**hotel.document, "description": {"fr": "Face à la gare, près des Halles."}}
    services.update_object(tours.actor, hotel, document)
    services.publish(tours.actor, hotel)
    client.force_login(tours.user)
    url = reverse("opensit_objects")
    assert listed(client.get(url, {"q": "gare"})) == ["Hôtel de l'Univers"]
    assert listed(client.get(url, {"q": "Beaux-Arts"})) == ["Musée des Beaux-Arts de Tours"]


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/phish", "//evil.example/phish", "http:evil.example", "/\\evil.example"],
)
def test_bulk_action_next_never_leaves_the_site(client, tours, catalog, target):
    """`next` comes from the form: an outside address is an open redirect, so it is ignored."""
    client.force_login(tours.user)
    ids = [catalog["musee"].pk]
    for data in ({"action": "publish", "ids": ids}, {"action": "", "ids": ids}):
        response = client.post(reverse("opensit_objects_bulk"), {**data, "next": target})
        assert response.status_code == 302
        assert response["Location"] == reverse("opensit_objects")


def test_bulk_action_next_keeps_a_local_page(client, tours, catalog):
    client.force_login(tours.user)
    back = reverse("opensit_objects") + "?status=draft&page=2"
    response = client.post(
        reverse("opensit_objects_bulk"),
        {"action": "publish", "ids": [catalog["musee"].pk], "next": back},
    )
    assert response["Location"] == back


def test_communes_are_named_and_found_by_name_or_postal_code(client, tours, catalog):
    from opensit.network.models import Commune

    Commune.objects.create(insee="37261", name="Tours", postal_codes=["37000", "37100"])
    client.force_login(tours.user)
    url = reverse("opensit_objects")
    page = client.get(url).content.decode()
    assert '<td title="37261">Tours</td>' in page  # the name, the code on hover
    assert len(listed(client.get(url, {"commune": "tours"}))) == 3
    assert len(listed(client.get(url, {"commune": "37100"}))) == 3
    assert len(listed(client.get(url, {"commune": "37261"}))) == 3
    assert listed(client.get(url, {"commune": "Blois"})) == []


def test_the_less_used_filters_are_folded_until_used(client, tours, catalog):
    client.force_login(tours.user)
    url = reverse("opensit_objects")
    folded = client.get(url).content.decode()
    assert '<details class="opensit-more-filters" data-testid="more-filters">' in folded
    opened = client.get(url, {"min_quality": "10"}).content.decode()
    assert '<details class="opensit-more-filters" data-testid="more-filters" open>' in opened


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("admin", {"publish", "unpublish", "transfer"}),
        ("editor", {"publish", "unpublish"}),
        ("reader", set()),
        ("contributor", set()),
    ],
)
def test_bulk_actions_offered_are_those_the_role_may_take(client, network, role, offered):
    client.force_login(network.users[role])
    page = client.get(reverse("opensit_objects")).content.decode()
    for action in ("publish", "unpublish", "transfer"):
        assert (f'<option value="{action}">' in page) == (action in offered), action
    assert ('data-testid="bulk-actions"' in page) == bool(offered)
