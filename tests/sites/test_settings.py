"""A destination's settings: who may change what (`sites.services`, as a matrix), and the
back-office screen, whose refusals name their field."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from opensit.network.services import FieldError
from opensit.sites import services
from tests.factories import member, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_admin(db):
    return member(organisation("reseau", is_network_admin=True), "admin")


@pytest.mark.parametrize(
    ("who", "may_edit", "may_move"),
    [
        ("own-admin", True, False),
        ("own-editor", False, False),
        ("own-contributor", False, False),
        ("own-reader", False, False),
        ("other-admin", False, False),
        ("network-admin", True, True),
    ],
)
def test_who_changes_what(destination, office, network_admin, who, may_edit, may_move):
    if who == "network-admin":
        actor = network_admin
    else:
        place, role = who.split("-")
        actor = member(office if place == "own" else organisation("ot-blois"), role)
    assert services.can_edit_settings(actor, destination) is may_edit
    assert (destination in services.editable_destinations(actor)) is may_edit
    if may_edit:
        services.update_settings(actor, destination, site_name="Touraine", analytics=False)
        destination.refresh_from_db()
        assert (destination.site.site_name, destination.analytics) == ("Touraine", False)
    else:
        with pytest.raises(PermissionDenied):
            services.update_settings(actor, destination, site_name="Touraine")
    if may_move:
        services.update_settings(actor, destination, hostname="touraine.localhost", port=8080)
        destination.site.refresh_from_db()
        assert (destination.site.hostname, destination.site.port) == ("touraine.localhost", 8080)
    elif may_edit:
        with pytest.raises(PermissionDenied):
            services.update_settings(actor, destination, hostname="touraine.localhost")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"primary_colour": "bleu"}, "primary_colour"),
        ({"languages": ["fr", "xx"]}, "languages"),
        ({"site_name": ""}, "site_name"),
    ],
)
def test_a_wrong_value_names_its_field(destination, office, values, field):
    with pytest.raises(FieldError) as refused:
        services.update_settings(member(office, "admin"), destination, **values)
    assert refused.value.field == field


def test_an_address_taken_names_the_hostname(destination, office, network_admin):
    from tests.sitekit import make_destination

    make_destination(office, "blois.localhost")
    with pytest.raises(FieldError) as refused:
        services.update_settings(network_admin, destination, hostname="blois.localhost")
    assert refused.value.field == "hostname"


def _form(destination, **changes):
    values = {
        "site_name": destination.site.site_name,
        "primary_colour": destination.primary_colour,
        "accent_colour": destination.accent_colour,
        "languages": destination.languages,
        "tile_url": "",
        "tile_attribution": "",
        "analytics": "on",
        "canonical_priority": "0",
    }
    return {**values, **changes}


def test_the_screen_saves_and_shows_errors_by_field(destination, office):
    client = Client()
    client.force_login(member(office, "admin").user)
    url = reverse("opensit_destination_edit", args=[destination.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="site_name"' in html and 'name="hostname"' not in html  # not theirs to move
    refused = client.post(url, _form(destination, accent_colour="rouge"))
    assert refused.status_code == 200
    assert 'data-error-for="accent_colour"' in refused.content.decode()
    saved = client.post(url, _form(destination, site_name="Touraine", primary_colour="#123456"))
    assert saved.status_code == 302
    destination.refresh_from_db()
    assert (destination.site.site_name, destination.primary_colour) == ("Touraine", "#123456")
    assert "Touraine" in client.get(reverse("opensit_destinations")).content.decode()


def test_the_screen_refuses_an_editor_and_another_office(destination, office):
    url = reverse("opensit_destination_edit", args=[destination.pk])
    for actor in (member(office, "editor"), member(organisation("ot-blois"), "admin")):
        client = Client()
        client.force_login(actor.user)
        assert client.get(url).status_code == 403
        assert (
            destination.site.site_name
            not in client.get(reverse("opensit_destinations")).content.decode()
        )


def test_the_logo_is_chosen_from_the_media_library(destination, office):
    from opensit.media.models import LibraryImage
    from tests.media.conftest import png

    client = Client()
    client.force_login(member(office, "admin").user)
    uploaded = client.post(
        "/admin/images/add/",
        {"title": "Logo OT", "file": png(), "credit": "OT Tours", "licence": "cc-by-4.0"},
    )
    assert uploaded.status_code == 302
    logo = LibraryImage.objects.get(title="Logo OT")
    url = reverse("opensit_destination_edit", args=[destination.pk])
    assert "image-chooser" in client.get(url).content.decode()  # Wagtail's chooser widget
    assert client.post(url, _form(destination, logo=str(logo.pk))).status_code == 302
    destination.refresh_from_db()
    assert destination.logo == logo


def test_the_menu_entry_is_shown_to_those_who_may_change_a_site(destination, office):
    entry = reverse("opensit_destinations")
    for actor, shown in ((member(office, "admin"), True), (member(office, "editor"), False)):
        client = Client()
        client.force_login(actor.user)
        assert (entry in client.get("/admin/").content.decode()) is shown
