"""What a newcomer sees first, in a real browser: the home page leads to the right doors and is
styled under its own Content-Security-Policy, the browser finds an icon, the back office asks no
third party for avatars, and the object editor's map shows its marker. Selected with
`-m browser`."""

import pytest

from opensit.catalog import services as catalog
from opensit.network.models import Membership
from opensit.network.permissions import Actor
from tests.browser import login, shoot

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def located(org_factory, django_user_model):
    user = django_user_model.objects.create_user(
        "marker-editor", email="editor@ot-tours.example", password=PASSWORD
    )
    office = org_factory("ot-tours")
    Membership.objects.create(user=user, organisation=office, role="editor")
    document = {
        "type": "museum",
        "name": {"fr": "Musée des Beaux-Arts"},
        "location": {
            "commune": {"insee": "37261", "name": "Tours"},
            "latitude": 47.3952,
            "longitude": 0.6946,
        },
    }
    actor = Actor.for_user(user, office)
    return user, catalog.publish(actor, catalog.create_object(actor, document))


def test_the_home_page_is_styled_and_leads_to_each_door(page, live_server, located):
    page.goto(f"{live_server.url}/")
    shoot(page, "40-home")
    # The style sheet is a file: the policy (style-src 'self') lets it apply.
    assert page.eval_on_selector("h1", "h => getComputedStyle(h).color") == "rgb(11, 110, 79)"
    doors = {
        key: page.get_attribute(f"[data-testid=door-{key}]", "href")
        for key in ("backoffice", "api", "access")
    }
    assert doors["backoffice"] == "/admin/" and doors["api"].startswith("/api/v1/docs")
    assert "/django-admin/" not in page.content()  # the operators' door is not the public's
    assert "1" in page.inner_text("h2")  # the one published museum is counted
    icon = page.request.get(f"{live_server.url}/favicon.ico")
    assert icon.ok and icon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert page.violations == [] and page.failures == []  # type: ignore[attr-defined]


def test_the_editor_map_shows_its_marker_and_no_avatar_comes_from_elsewhere(
    page, live_server, located
):
    user, museum = located
    login(page, live_server, user.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/opensit/objects/{museum.pk}/")
    page.click("#tab-location")
    marker = page.wait_for_selector("#opensit-map img.leaflet-marker-icon")
    page.wait_for_function(
        "() => document.querySelector('#opensit-map img.leaflet-marker-icon').complete"
    )
    assert marker.evaluate("img => img.naturalWidth") > 0  # the image was found, not a 404
    # The address the page gives, not one Leaflet guessed from the (hashed) name of its CSS.
    given = page.get_attribute("script[data-marker-icon]", "data-marker-icon")
    assert marker.get_attribute("src") == given and "leaflet/images/marker-icon" in given
    shoot(page, "41-editor-marker")
    assert not [url for url in page.requested if "gravatar" in url]  # type: ignore[attr-defined]
    assert page.failures == [] and page.violations == []  # type: ignore[attr-defined]
