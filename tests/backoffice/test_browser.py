"""Real-browser tests of the back-office (the kit: tests/browser.py). Selected with
`-m browser`. Screenshots of the main screens land in test-artifacts/screenshots/."""

import json
import re

import pytest
from playwright.sync_api import expect

from opensit.catalog.models import Proposal, TourismObject
from opensit.network.models import Commune
from tests import browser as browser_kit
from tests import factories
from tests.backoffice.conftest import PASSWORD
from tests.browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:
    browser_kit.login(page, live_server, username, PASSWORD)


def test_editor_creates_an_event_with_a_recurrence_and_a_point(page, live_server, tours, catalog):
    Commune.objects.create(insee="37129", name="Limeray", postal_codes=["37530"])
    login(page, live_server, tours.user.username)
    page.goto(f"{live_server.url}/admin/opensit/objects/")
    page.wait_for_selector("[data-testid=objects]")
    shoot(page, "01-object-list")

    page.goto(f"{live_server.url}/admin/opensit/objects/new/?type=market_fair")
    page.click("#tab-texts")
    page.fill("[name=name_fr]", "Marché des Halles de Tours")
    page.fill("[name=name_en]", "Tours covered market")
    shoot(page, "02-editor-translations")

    page.click("#tab-location")
    page.wait_for_selector(".opensit-location[data-map-ready='1']", state="attached")
    page.fill("[name=commune]", "37530")  # Limeray, by its postal code
    page.click("#opensit-map", position={"x": 300, "y": 200})
    latitude = float(page.input_value("[name=latitude]"))
    longitude = float(page.input_value("[name=longitude]"))
    assert 44 < latitude < 51 and -3 < longitude < 6  # around the default centre of the map
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    shoot(page, "03-editor-map")

    page.click("#tab-dates")
    row = page.locator("[data-row='recurrences-0']")
    row.locator("[name=recurrences-0-start_date]").fill("2026-01-03")
    row.locator("[name=recurrences-0-freq]").select_option("WEEKLY")
    row.locator("input[name=recurrences-0-weekdays][value=SA]").check()
    row.locator("[name=recurrences-0-until]").fill("2026-06-27")
    row.locator("[name=recurrences-0-start_time]").fill("07:00")
    assert row.locator("[name=recurrences-0-rrule]").input_value() == (
        "FREQ=WEEKLY;BYDAY=SA;UNTIL=20260627"
    )
    shoot(page, "04-editor-recurrence")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=status]")

    obj = TourismObject.objects.get(name="Marché des Halles de Tours")
    assert obj.owner == tours.organisation
    assert (obj.latitude, obj.longitude) == (latitude, longitude)
    assert obj.document["event"]["recurrences"][0]["rrule"] == "FREQ=WEEKLY;BYDAY=SA;UNTIL=20260627"
    assert obj.document["name"]["en"] == "Tours covered market"
    assert str(obj.last_date) == "2026-06-27"
    assert obj.document["location"]["commune"] == {"insee": "37129", "name": "Limeray"}
    page.click("#tab-location")
    assert page.input_value("[name=commune]") == "Limeray"  # its name, not its code


def test_validation_error_is_shown_on_its_tab(page, live_server, tours, catalog):
    login(page, live_server, tours.user.username)
    page.goto(f"{live_server.url}/admin/opensit/objects/{catalog['hotel'].pk}/")
    page.click("#tab-prices")
    row = page.locator("[data-row='prices-0']")
    row.locator("[name=prices-0-min]").fill("120")
    row.locator("[name=prices-0-max]").fill("95")
    page.click("[data-testid=save]")
    error = page.locator("[data-row='prices-0'] .error-message")
    error.wait_for()
    assert "95" in error.inner_text() and "120" in error.inner_text()
    assert page.locator("#tab-prices.has-error").is_visible()
    shoot(page, "05-editor-validation-error")
    assert TourismObject.objects.get(pk=catalog["hotel"].pk).version == 1


def test_cross_organisation_edit_is_refused(page, live_server, tours, blois, catalog):
    """Another office's draft is "not found" and never named; once published, a 403."""
    from opensit.catalog import services

    login(page, live_server, blois.user.username)
    page.goto(f"{live_server.url}/admin/opensit/objects/")
    names = page.locator("[data-testid=objects] tbody a").all_inner_texts()
    assert names == ["Château royal de Blois"]
    url = f"{live_server.url}/admin/opensit/objects/{catalog['musee'].pk}/"
    response = page.goto(url)
    assert response.status == 404
    assert "Musée des Beaux-Arts de Tours" not in page.content()
    services.publish(tours.actor, catalog["musee"])
    response = page.goto(url)
    assert response.status == 403
    assert page.locator("[data-testid=forbidden]").is_visible()
    assert "Musée des Beaux-Arts de Tours" in page.locator("[data-testid=forbidden]").inner_text()
    shoot(page, "06-forbidden")
    assert TourismObject.objects.get(pk=catalog["musee"].pk).version == 2  # created, published


def test_contributor_proposes_editor_approves_and_the_api_shows_it(
    page, live_server, tours, catalog, org_factory, django_user_model, member_factory
):
    from opensit.catalog import services
    from opensit.diffusion import services as diffusion
    from opensit.network.models import Membership

    musee = services.publish(tours.actor, catalog["musee"])
    provider = org_factory("musee-beaux-arts", kind="provider")
    contributor = django_user_model.objects.create_user("conservateur", password=PASSWORD)
    Membership.objects.create(user=contributor, organisation=provider, role="contributor")
    musee.providers.add(provider)
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    animator = member_factory(board, "admin", username="animator")
    project = factories.live_project(
        tours.actor, animator, "Tours Visit", url="https://tours.example"
    )
    _key, api_key = diffusion.create_key(tours.actor, project, "website")
    new_text = "Paintings from the 14th to the 20th century, in the former archbishop's palace."

    login(page, live_server, "conservateur")
    page.goto(f"{live_server.url}/admin/opensit/objects/{musee.pk}/")
    page.click("#tab-texts")
    page.fill("[name=description_en]", new_text)
    page.fill("[name=comment]", "English text for the new season")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=pending]")
    proposal = Proposal.objects.get(object=musee, status="pending")

    login(page, live_server, tours.user.username)
    page.goto(f"{live_server.url}/admin/opensit/proposals/")
    page.click(f"a[href$='/proposals/{proposal.pk}/']")
    diff_row = page.locator("[data-field='description.en']")
    diff_row.wait_for()
    expect(page.locator("[data-testid=diff] tbody tr")).to_have_count(1)  # only the text
    assert new_text in diff_row.locator(".new").inner_text()
    shoot(page, "07-proposal-review")
    page.fill("[data-testid=decision] [name=comment]", "Merci !")
    page.click("[data-testid=decision] button[value=approve]")
    page.wait_for_url(re.compile(r"/admin/opensit/proposals/$"))

    proposal.refresh_from_db()
    assert proposal.status == "approved"
    api = page.request.get(
        f"{live_server.url}/api/v1/objects/{musee.pk}?lang=en", headers={"X-API-Key": api_key}
    )
    assert api.status == 200
    assert new_text in json.dumps(api.json(), ensure_ascii=False)


def test_organisation_page_shows_members_territory_and_objects(page, live_server, tours, catalog):
    from opensit.network.models import Commune

    tours_commune = Commune.objects.create(
        insee="37261", name="Tours", department="37", latitude=47.3941, longitude=0.6848
    )
    joue = Commune.objects.create(
        insee="37122", name="Joué-lès-Tours", department="37", latitude=47.3522, longitude=0.6664
    )
    tours.organisation.communes.add(tours_commune, joue)
    login(page, live_server, tours.user.username)
    page.goto(f"{live_server.url}/admin/opensit/organisations/{tours.organisation.slug}/")
    assert "admin-ot-tours" in page.locator("[data-testid=members]").inner_text()
    expect(page.locator("#opensit-territory .leaflet-interactive")).to_have_count(2)
    assert "Joué-lès-Tours (37122)" in page.locator("[data-testid=communes]").inner_text()
    expect(page.locator("[data-testid=owned] tr")).to_have_count(3)
    shoot(page, "08-organisation")


def _public(page, live_server, obj_id: str, api_key: str) -> dict:
    response = page.request.get(
        f"{live_server.url}/api/v1/objects/{obj_id}?lang=fr", headers={"X-API-Key": api_key}
    )
    assert response.status == 200
    return response.json()


def test_saving_a_rich_object_unchanged_then_with_one_change(
    page, live_server, tours, catalog, org_factory, member_factory
):
    """The editor on an object with contacts, photos, prices and two languages: a save without
    a change keeps the document and the public API as they were; one change changes one
    path, and the API shows it with everything else intact."""
    from opensit.catalog import patch, services
    from opensit.diffusion import services as diffusion

    hotel = services.publish(tours.actor, catalog["hotel"])
    board = org_factory("crt-centre", kind="regional_board", is_network_admin=True)
    animator = member_factory(board, "admin", username="animator")
    project = factories.live_project(
        tours.actor, animator, "Tours Visit", url="https://tours.example"
    )
    _key, api_key = diffusion.create_key(tours.actor, project, "website")
    stored, public = hotel.document, _public(page, live_server, hotel.pk, api_key)
    assert stored["contacts"] and stored["media"] and stored["pricing"]["prices"]
    assert {"fr", "en"} <= set(stored["name"])

    login(page, live_server, tours.user.username)
    url = f"{live_server.url}/admin/opensit/objects/{hotel.pk}/"
    page.goto(url)
    page.click("#tab-media")
    shoot(page, "09-editor-rich-media")
    page.click("[data-testid=save]")
    page.wait_for_selector(".messages")
    assert "Rien n'a changé" in page.locator(".messages").inner_text()
    hotel.refresh_from_db()
    assert (hotel.document, hotel.version) == (stored, 2)
    assert _public(page, live_server, hotel.pk, api_key) == public

    page.goto(url)
    page.click("#tab-prices")
    page.fill("[name=prices-0-label]", "Plein tarif été")
    shoot(page, "10-editor-one-change")
    page.click("[data-testid=save]")
    page.wait_for_selector(".messages")
    hotel.refresh_from_db()
    assert [e.dotted for e in patch.changes(stored, hotel.document)] == [
        "pricing.prices[0].label.fr"
    ]
    after = _public(page, live_server, hotel.pk, api_key)
    assert "Plein tarif été" in json.dumps(after, ensure_ascii=False)
    assert after["media"] == public["media"] and after["contacts"] == public["contacts"]
