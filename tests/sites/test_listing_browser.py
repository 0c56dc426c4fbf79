"""A visitor filters a listing in a real browser, with JavaScript (a ticked box applies at
once, no CSP violation) and without it (facet links, then the form's button)."""

from urllib.parse import urlsplit

import pytest

from opensit.sites.models import AgendaPage, ListingPage, SearchPage
from tests.browser import shoot
from tests.factories import AMBOISE, TOURS, load_vocabulary
from tests.sitekit import make_destination
from tests.sites.catalog_pages import add_page, communes, make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listing_url(office, live_server) -> str:
    load_vocabulary()
    communes()
    make(office, "hotel", "Hôtel de l'Univers", TOURS)
    make(office, "hotel", "Hôtel de la Loire", AMBOISE)
    make(office, "campsite", "Camping de l'Île d'Or", AMBOISE)
    parts = urlsplit(live_server.url)
    site = make_destination(office, parts.hostname, port=parts.port)
    add_page(site, ListingPage(title="Où dormir", slug="ou-dormir"))
    add_page(site, AgendaPage(title="Agenda", slug="agenda"))
    add_page(site, SearchPage(title="Rechercher", slug="rechercher"))
    return f"{live_server.url}/ou-dormir/"


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def shown(page) -> list[str]:
    return page.locator(".cards h3 a").all_inner_texts()


def test_a_visitor_filters_with_and_without_javascript(page, listing_url):
    page.goto(listing_url)
    assert len(shown(page)) == 3
    page.get_by_role("checkbox", name="Amboise 2").check()
    page.wait_for_url("**commune=37003**")
    assert shown(page) == ["Camping de l'Île d'Or", "Hôtel de la Loire"]
    assert page.locator("#results-title").inner_text() == "2 résultats"
    shoot(page, "sites-listing-filtered")
    assert not serious_violations(page), serious_violations(page)
    page.get_by_role("link", name="Carte").click()
    page.wait_for_url("**view=map**")
    assert page.locator("div.map[data-geojson]").get_attribute("data-geojson") == (
        "/ou-dormir/geojson/?commune=37003"
    )
    assert not serious_violations(page), serious_violations(page)
    # the test objects' photos live on another host, which the CSP blocks: nothing else may be
    others = [v for v in page.violations if "https://img.exemple.fr/" not in v]
    assert not others and not page.failures, (others, page.failures)
    assert not [e for e in page.errors if "Failed to load resource" not in e], page.errors
    # without JavaScript (one test: a transactional test's flush takes Wagtail's root along)
    context = page.context.browser.new_context(locale="fr-FR", java_script_enabled=False)
    plain = context.new_page()
    plain.goto(listing_url)
    plain.locator(".facets a", has_text="Amboise").click()
    plain.wait_for_url("**commune=37003**")
    assert shown(plain) == ["Camping de l'Île d'Or", "Hôtel de la Loire"]
    # ticking a box does nothing by itself; the button applies it
    plain.get_by_role("checkbox", name="Hôtellerie 1").check()
    assert "type=" not in plain.url
    plain.get_by_role("button", name="Appliquer les filtres").click()
    plain.wait_for_url("**type=hotel**")
    assert shown(plain) == ["Hôtel de la Loire"]
    # a chosen filter is removed by its link
    plain.get_by_role("link", name="Retirer le filtre Amboise").click()
    plain.wait_for_load_state()
    assert shown(plain) == ["Hôtel de l'Univers", "Hôtel de la Loire"]
    context.close()

    # the agenda and the search page pass axe-core too
    for path in ("agenda/", "rechercher/?q=loire"):
        page.goto(listing_url.replace("ou-dormir/", path))
        assert page.locator("h1").count() == 1
        assert not serious_violations(page), (path, serious_violations(page))
    page.goto(listing_url.replace("ou-dormir/", "rechercher/?q=loire"))
    shoot(page, "sites-search-page")
