"""A provider proposes its establishment in a real browser: it names its commune as it knows it
("Limeray") and places the point on the map; the proposal carries both. Selected with
`-m browser`."""

import pytest

from opensit.catalog.models import TourismObject
from opensit.network.models import Commune
from tests.browser import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_provider_names_its_commune_and_places_its_point(page, live_server, network):
    network.tours.communes.add(
        Commune.objects.create(insee="37129", name="Limeray", postal_codes=["37530"])
    )
    login(page, live_server, "contributor", "x")
    page.goto(f"{live_server.url}/admin/opensit/objects/propose/")
    page.select_option("[name=type]", "bed_and_breakfast")
    page.fill("[name=name_fr]", "Chambres du Clos de Limeray")
    page.fill("[name=commune]", "Limeray")
    page.wait_for_selector(".opensit-location[data-map-ready='1']", state="attached")
    page.click("#opensit-map", position={"x": 320, "y": 180})
    latitude = float(page.input_value("[name=latitude]"))
    assert 40 < latitude < 52  # the click wrote the point
    shoot(page, "42-provider-proposes-with-map")
    page.click("[data-testid=propose-new] button.button")
    page.wait_for_url(f"{live_server.url}/admin/opensit/objects/")
    obj = TourismObject.objects.get(name="Chambres du Clos de Limeray")
    location = obj.document["location"]
    assert location["commune"] == {"insee": "37129", "name": "Limeray"}
    assert location["latitude"] == pytest.approx(latitude, abs=1e-6)
    assert (obj.status, obj.owner) == ("proposed", network.tours)
    assert page.failures == [] and page.violations == []  # type: ignore[attr-defined]
