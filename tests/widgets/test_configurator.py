"""The configurator in the back office (/admin/opensit/widgets/): the list with its counts, a
new widget, its edit page with the preview and the three snippets, the key replaced; refused
to readers and to another office."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from opensit.widgets import counting, services
from opensit.widgets.models import Widget
from tests.factories import member
from tests.widgets.conftest import PARTNER

pytestmark = pytest.mark.django_db


def logged_in(actor) -> Client:
    client = Client()
    client.force_login(actor.user)
    return client


def form_data(catalog, **changes) -> dict:
    return {
        "title": "Sorties du week-end",
        "project": catalog.project.pk,
        "selection": catalog.selection.pk,
        "layout": "agenda",
        "detail_object": "",
        "language": "fr",
        "page_size": "8",
        "fields": ["image", "dates", "commune"],
        "primary_colour": "#aa3300",
        "background_colour": "#ffffff",
        "text_colour": "#111111",
        "allowed_origins": "https://www.camping-exemple.fr\nhttp://localhost:8080",
        "active": "on",
        **changes,
    }


def test_an_editor_makes_a_widget_and_gets_its_snippets(catalog):
    editor = member(catalog.office, "editor")
    client = logged_in(editor)
    listing = client.get(reverse("opensit_widgets"))
    assert listing.status_code == 200
    created = client.post(reverse("opensit_widget_new"), form_data(catalog))
    assert created.status_code == 302
    widget = Widget.objects.get(title="Sorties du week-end")
    assert widget.organisation == catalog.office
    assert widget.fields == ["name", "image", "dates", "commune"]
    assert widget.allowed_origins == ["https://www.camping-exemple.fr", "http://localhost:8080"]
    page = client.get(created["Location"])
    html = page.content.decode()
    key = services.public_key(widget)
    assert f'<opensit-widget widget="{widget.pk}" key="{key}"' in html.replace("&lt;", "<").replace(
        "&quot;", '"'
    )
    assert f"/widgets/{widget.pk}/frame?key={key}" in html  # the preview and the iframe snippet
    assert f"/widgets/{widget.pk}/fragment?key={key}" in html
    preview = re.search(r'<iframe src="([^"]+)"[^>]*data-testid="widget-preview"', html)
    assert preview
    framed = client.get(preview.group(1).replace("&amp;", "&"))
    assert framed.status_code == 200  # the platform may frame it: the preview


def test_bad_origins_and_colours_come_back_named(catalog):
    client = logged_in(catalog.admin)
    response = client.post(
        reverse("opensit_widget_new"),
        form_data(catalog, allowed_origins="https://ok.example\nftp://no.example",
                  primary_colour="red"),
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-error-for="allowed_origins"' in html and "ftp://no.example" in html
    assert 'data-error-for="primary_colour"' in html
    assert not Widget.objects.exists()


def test_edit_replace_the_key_and_see_the_counts(catalog, widget):
    client = logged_in(catalog.admin)
    counting.record(widget.pk, views=5)
    counting.record(widget.pk, clicks=2)
    page = client.get(reverse("opensit_widget", args=[widget.pk])).content.decode()
    assert "5 affichages et 2 clics" in page  # the back office speaks French first
    saved = client.post(
        reverse("opensit_widget", args=[widget.pk]),
        form_data(catalog, title="Renommé", layout="list", allowed_origins=PARTNER),
    )
    assert saved.status_code == 302
    widget.refresh_from_db()
    assert widget.title == "Renommé"
    old = services.public_key(widget)
    client.post(reverse("opensit_widget_key", args=[widget.pk]))
    widget.refresh_from_db()
    assert services.public_key(widget) != old


def test_a_reader_and_another_office_are_refused(catalog, widget, org_factory):
    reader = logged_in(member(catalog.office, "reader"))
    assert reader.get(reverse("opensit_widgets")).status_code == 403
    assert reader.get(reverse("opensit_widget", args=[widget.pk])).status_code == 403
    other = logged_in(member(org_factory("ot-blois"), "admin"))
    assert other.get(reverse("opensit_widget", args=[widget.pk])).status_code == 403
    listing = other.get(reverse("opensit_widgets")).content.decode()
    assert f'data-widget="{widget.pk}"' not in listing
    network = logged_in(catalog.network_admin)
    assert network.get(reverse("opensit_widget", args=[widget.pk])).status_code == 200


def test_the_menu_shows_widgets_to_editors_only(catalog):
    editor = logged_in(member(catalog.office, "editor"))
    reader = logged_in(member(catalog.office, "reader"))
    link = reverse("opensit_widgets")
    assert link in editor.get(reverse("wagtailadmin_home")).content.decode()
    assert link not in reader.get(reverse("wagtailadmin_home")).content.decode()
