"""The API documentation in a real browser: from the home page's doors to the guide, in French,
with no Content-Security-Policy violation and nothing fetched from elsewhere."""

from datetime import date

import pytest

from opensit.demo.loader import load_demo
from opensit.diffusion.keys import DEMO_API_KEY
from tests.browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_doors_of_the_home_page_open_the_guide(page, live_server):
    load_demo(date(2026, 12, 3))
    page.goto(f"{live_server.url}/")
    page.click("[data-testid=door-api]")
    page.wait_for_url("**/api/v1/docs")
    assert page.locator("h1").inner_text() == "Documentation de l'API"
    assert page.locator("#access h2").inner_text() == "Obtenir une clé"
    first = page.locator("#authentication pre.example").first.inner_text()
    assert first.startswith(f"curl -H 'X-API-Key: {DEMO_API_KEY}' '{live_server.url}/api/v1/")
    assert page.locator("#reference article.operation").count() >= 17
    shoot(page, "api-docs")
    page.click("button[value=en]")
    page.wait_for_load_state()
    assert page.locator("#access h2").inner_text() == "Getting a key"
    page.click("#access a[href='/api-access/']")  # the guide leads to the request page
    assert page.locator("h1").inner_text() == "Request API access"
    assert not page.violations and not page.failures, (page.violations, page.failures)
    assert all(url.startswith(live_server.url) for url in page.requested)
