"""The demo sites in a real browser: a visitor's journey on the regional site (a listing
filtered without JavaScript and with it, an object's page, the English version, a trail's GPX),
axe-core on every demo page type, and screenshots of them kept as test artefacts
(test-artifacts/screenshots/demo-*.png)."""

from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import gpxpy
import pytest
from django.core.management import call_command
from django.test import override_settings

from opensit.sites.demo import ESCAPADE_HOST, REGIONAL_HOST
from tests.browser import shoot
from tests.sites.test_listing_browser import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGIONAL_PAGES = ["/", "/ou-dormir/", "/agenda/", "/carte/", "/randonnee-du-mois/", "/en/"]
ESCAPADE_PAGES = ["/", "/48-heures-a-amboise/", "/dormir/", "/ce-week-end/", "/contact/"]


@pytest.fixture
def demo(live_server, django_db_blocker):
    """The demo catalog and its sites, reached on the live server's port; the demo's photos
    are served by the live server too."""
    port = urlsplit(live_server.url).port
    with override_settings(WAGTAILADMIN_BASE_URL=live_server.url):
        call_command("demo", "--today", "2026-12-03", stdout=StringIO())
        call_command("sites", "demo", "--port", str(port), stdout=StringIO())
        yield lambda host, path="/": f"http://{host}:{port}{path}"


def _clean(page) -> None:
    assert not page.violations, page.violations
    assert not page.failures, page.failures
    assert not page.errors, page.errors


def test_a_visitor_s_journey_and_every_demo_page(page, demo):
    # without JavaScript: a facet link narrows the listing
    plain = page.context.browser.new_context(locale="fr-FR", java_script_enabled=False)
    nojs = plain.new_page()
    nojs.goto(demo(REGIONAL_HOST, "/que-voir/"))
    before = nojs.locator(".cards h3 a").count()
    nojs.locator(".facets a", has_text="Amboise").first.click()
    nojs.wait_for_url("**commune=37003**")
    after = nojs.locator(".cards h3 a").count()
    assert 0 < after < before
    plain.close()

    # with JavaScript: ticking a box applies it at once
    page.goto(demo(REGIONAL_HOST, "/que-voir/"))
    page.locator(".facets input[type=checkbox][name=commune][value='37003']").check()
    page.wait_for_url("**commune=37003**")
    assert page.locator(".cards h3 a").count() == after
    shoot(page, "demo-01-listing-filtered")

    # an object's page, then its English version
    page.locator(".cards h3 a", has_text="Château").first.click()
    page.wait_for_selector("h1")
    french_title = page.locator("h1").inner_text()
    assert "Château" in french_title
    assert page.locator("script[type='application/ld+json']").count() == 1
    shoot(page, "demo-02-detail")
    page.click("nav.languages a[hreflang=en]")
    page.wait_for_selector("html[lang=en]")
    assert "/en/" in page.url and page.locator("h1").inner_text() != ""
    shoot(page, "demo-03-detail-english")

    # the walk of the month: its trace, profile and GPX
    page.goto(demo(REGIONAL_HOST, "/randonnee-du-mois/"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la trace GPX").click()
    track = gpxpy.parse(Path(download.value.path()).read_text())
    assert track.tracks and track.tracks[0].segments[0].points
    _clean(page)

    # every demo page type: no serious accessibility finding, no error, a screenshot
    for host, paths in ((REGIONAL_HOST, REGIONAL_PAGES), (ESCAPADE_HOST, ESCAPADE_PAGES)):
        for n, path in enumerate(paths):
            page.goto(demo(host, path))
            page.wait_for_load_state("networkidle")
            assert not serious_violations(page), (host, path, serious_violations(page))
            shoot(page, f"demo-{host.split('.')[0]}-{n:02d}{path.strip('/').replace('/', '-')}")
    _clean(page)
