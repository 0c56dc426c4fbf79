"""The quality screens in Debian's Chromium (Playwright, live server): the dashboard's charts
are drawn, and a duplicate is merged by clicks. Screenshots go to
test-artifacts/screenshots/ (gitignored). Selected with `-m browser`."""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from opensit.catalog import services
from opensit.catalog.models import TourismObject

from .conftest import at, make

CHROMIUM = Path(os.environ.get("OPENSIT_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.violations = []  # type: ignore[attr-defined]

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            page.violations.append(f"{page.url}: {message.text}")  # type: ignore[attr-defined]

    page.on("console", on_console)
    yield page
    context.close()


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "x")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_dashboard_charts_and_merge_by_clicks(page, live_server, network):
    tours = network.actors["tours-editor"]
    first = services.publish(
        tours,
        make(tours, "Le Bistrot des Halles", location=at("37261", "Tours", 47.3900, 0.6820)),
    )
    second = make(tours, "Bistrot des Halles (Le)", location=at("37261", "Tours", 47.3910, 0.6825))
    make(tours, "Hôtel de l'Univers", "hotel", location=at("37261", "Tours"))

    login(page, live_server, "tours-editor")
    page.goto(f"{live_server.url}/admin/quality/")
    chart = page.locator("svg#objects-by-commune")
    chart.wait_for()
    assert chart.locator("rect").count() == 1
    assert chart.locator("rect").get_attribute("data-value") == "3"
    assert chart.bounding_box()["height"] > 10  # drawn, not blocked by the page's policy
    assert page.locator("svg#objects-by-type rect").count() == 2
    shoot(page, "quality-01-dashboard")

    page.goto(f"{live_server.url}/admin/quality/duplicates/")
    page.click("text=Comparer et fusionner")
    page.check(f"input[name=survivor][value='{first.pk}']")
    page.fill("#merge-reason", "même restaurant saisi deux fois")
    page.click("text=Prévisualiser la fusion")
    page.wait_for_selector("[data-testid=preview]")
    shoot(page, "quality-02-merge-preview")
    page.click("text=Confirmer la fusion")
    page.wait_for_selector("text=Aucun doublon possible.")
    assert TourismObject.objects.get(pk=second.pk).merged_into == first.pk
    assert page.violations == []  # type: ignore[attr-defined]  # the CSP lets it all work
