"""The Content-Security-Policy in a real browser: the admin, the object editor (Leaflet map,
recurrence builder), the media library and the API documentation (Swagger UI, served locally)
work with the header on, and Chromium reports no violation. Selected with `-m browser`."""

import re

import pytest

from opensit.catalog import services as catalog
from opensit.network.models import Membership, Organisation
from opensit.network.permissions import Actor

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(org_factory, django_user_model):
    """An editor of two offices (the organisation switcher shows)."""
    user = django_user_model.objects.create_user("csp-editor", password=PASSWORD)
    for slug in ("ot-tours", "ot-blois"):
        office = org_factory(slug)
        Membership.objects.create(user=user, organisation=office, role="editor")
        actor = Actor.for_user(user, office)
        for name in ("Musée", "Château"):
            catalog.create_object(actor, {"type": "museum", "name": {"fr": f"{name} {slug}"}})
    return user


def test_admin_editor_library_and_api_docs_run_under_the_policy(page, live_server, editor):
    response = page.goto(f"{live_server.url}/admin/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/opensit/objects/new/?type=market_fair")
    page.click("#tab-location")
    page.wait_for_selector(".opensit-location[data-map-ready='1']", state="attached")
    page.click("#opensit-map", position={"x": 300, "y": 200})
    assert page.input_value("[name=latitude]")  # Leaflet ran: the click placed the point
    page.click("#tab-dates")
    row = page.locator("[data-row='recurrences-0']")
    row.locator("[name=recurrences-0-start_date]").fill("2026-01-03")
    row.locator("[name=recurrences-0-freq]").select_option("WEEKLY")
    row.locator("input[name=recurrences-0-weekdays][value=SA]").check()
    assert row.locator("[name=recurrences-0-rrule]").input_value().startswith("FREQ=WEEKLY")

    # The organisation switcher submits on change (a Stimulus action, no inline handler).
    page.goto(f"{live_server.url}/admin/opensit/objects/")
    page.check("[data-w-bulk-target=all]")  # "tick all" is a Stimulus action too
    boxes = page.locator("input[name=ids]")
    assert boxes.count() == 2
    assert all(boxes.nth(i).is_checked() for i in range(2))
    switcher = page.locator("[data-testid=org-switcher] select")
    current = switcher.input_value()
    other = [v for v in switcher.locator("option").evaluate_all("os => os.map(o => o.value)")]
    target = next(value for value in other if value != current)
    with page.expect_navigation():
        switcher.select_option(target)
    assert page.locator("[data-testid=org-switcher] select").input_value() == target
    slug = Organisation.objects.get(pk=target).slug
    page.goto(f"{live_server.url}/admin/opensit/organisations/{slug}/")
    page.wait_for_selector("#opensit-territory.leaflet-container")  # the territory map ran

    page.goto(f"{live_server.url}/admin/images/")
    page.goto(f"{live_server.url}/admin/images/multiple/add/")
    page.wait_for_selector("input[type=file]", state="attached")

    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("#reference article.operation")
    assert page.locator("#reference article.operation").count() >= 17
    assert "/api/v1/write/objects" in page.inner_text("#reference")
    assert page.violations == []  # type: ignore[attr-defined]
