"""Visitors and editors on destination sites, in a real browser (the kit: tests/browser.py).
The live server answers every host; Chromium sends each `*.localhost` name to this machine, so
each site is reached on its own host name, as in the demo."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from opensit.catalog import services
from opensit.sites.canonical import object_path
from tests import browser as browser_kit
from tests.backoffice.conftest import PASSWORD, _office
from tests.browser import shoot
from tests.factories import create_rich, load_vocabulary, rich_document
from tests.sitekit import make_destination

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def site_url(live_server, hostname: str, path: str = "/") -> str:
    return f"http://{hostname}:{urlsplit(live_server.url).port}{path}"


@pytest.fixture
def tours(org_factory, django_user_model):
    """The Tours office and its admin, who logs into the back office."""
    return _office(org_factory, django_user_model, "ot-tours", role="admin")


@pytest.fixture
def two_sites(tours, org_factory, live_server):
    port = urlsplit(live_server.url).port
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    regional = make_destination(board, "regional.localhost", port=port, title="Centre-Val de Loire")
    office = make_destination(
        tours.organisation, "tours.localhost", port=port, title="Tours Val de Loire"
    )
    return regional, office


def test_an_edit_in_the_back_office_shows_at_once_on_every_site(
    page, live_server, tours, two_sites
):
    """The office's editor changes the short description in the editor: the object's page on
    both sites shows the new text at the next visit, with no wait and no cache to clear."""
    load_vocabulary()
    museum = create_rich(
        tours.organisation,
        rich_document("museum", "Musée des Beaux-Arts", point=(47.3952, 0.6939)),
        actor=tours.actor,
    )
    path = object_path(museum.id, "Musée des Beaux-Arts", "fr")
    before = museum.document["short_description"]["fr"]
    for destination in two_sites:
        page.goto(site_url(live_server, destination.site.hostname, path))
        expect(page.locator("h1")).to_have_text("Musée des Beaux-Arts")
        expect(page.locator(".lead")).to_have_text(before)
    shoot(page, "sites-01-detail-before-edit")

    browser_kit.login(page, live_server, tours.user.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/opensit/objects/{museum.pk}/")
    page.click("#tab-texts")
    page.fill("[name=short_description_fr]", "Peintures italiennes et françaises, rénové en 2026.")
    page.click("[data-testid=save]")
    page.wait_for_selector(".messages")

    for destination in two_sites:
        page.goto(site_url(live_server, destination.site.hostname, path))
        expect(page.locator(".lead")).to_have_text(
            "Peintures italiennes et françaises, rénové en 2026."
        )
    shoot(page, "sites-02-detail-after-edit")
    # The factory's photos live on hosts that do not exist: only their loads may fail.
    assert not page.violations
    assert not [e for e in page.errors if "ERR_NAME_NOT_RESOLVED" not in e]


def test_a_renamed_object_s_old_address_follows_in_the_browser(page, live_server, tours, two_sites):
    load_vocabulary()
    hotel = create_rich(tours.organisation, rich_document("hotel", "Hôtel Ronsard"))
    old = object_path(hotel.id, "Hôtel Ronsard", "fr")
    document = {**hotel.document, "name": {"fr": "Hôtel Ronsard & Spa", "en": "Ronsard Hotel"}}
    services.update_object(tours.actor, hotel, document)
    page.goto(site_url(live_server, "regional.localhost", old))
    assert re.search(r"/hotel-ronsard-spa-[0-9a-f-]{36}/$", page.url)
    expect(page.locator("h1")).to_have_text("Hôtel Ronsard & Spa")
    page.click("nav.languages a[hreflang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Ronsard Hotel")
    assert "/en/ronsard-hotel-" in page.url
    shoot(page, "sites-03-detail-english")
