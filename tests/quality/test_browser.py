"""The quality screens in Debian's Chromium (Playwright, live server): the dashboard's charts
are drawn, and a duplicate is merged by clicks. Screenshots go to
test-artifacts/screenshots/ (gitignored). Selected with `-m browser`."""

import pytest

from opensit.catalog import services
from opensit.catalog.models import TourismObject
from tests.browser import login, shoot

from .conftest import at, make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_charts_and_merge_by_clicks(page, live_server, network):
    tours = network.actors["tours-editor"]
    first = services.publish(
        tours,
        make(tours, "Le Bistrot des Halles", location=at("37261", "Tours", 47.3900, 0.6820)),
    )
    second = make(tours, "Bistrot des Halles (Le)", location=at("37261", "Tours", 47.3910, 0.6825))
    make(tours, "Hôtel de l'Univers", "hotel", location=at("37261", "Tours"))

    login(page, live_server, "tours-editor", "x")
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
