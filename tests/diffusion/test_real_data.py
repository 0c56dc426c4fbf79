"""The API over real DATAtourisme records (Centre-Val de Loire 2020), read in place."""

from datetime import date

import orjson
import pytest

from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.core.licences import is_open, is_restricted


@pytest.fixture
def imported(dt_archive, office):
    # One folder of the archive: 17 records (places and events), read where they are.
    run = ImportEngine(DataTourismeConnector(), owner=office).run(dt_archive / "objects/0/00")
    assert (run.read, run.created, run.failed) == (17, 17, 0)
    return run


def test_real_records_served_with_their_values(api, imported):
    listing = orjson.loads(api.get("/api/v1/objects", {"page_size": 200, "lang": "fr"}).content)
    assert listing["total"] == 17
    by_name = {item["name"]: item for item in listing["items"]}
    hotel = by_name["Hôtel Astéries"]
    assert hotel["location"]["commune"]["insee"] == "37261"
    assert (hotel["location"]["latitude"], hotel["location"]["longitude"]) == (
        47.3890732,
        0.6928082,
    )
    assert hotel["type_path"][0] == "accommodation"
    chapel = next(name for name in by_name if name.startswith("Visite – Le chantier"))
    assert by_name[chapel]["location"]["commune"]["insee"] == "37132"  # Loches
    assert "+33 2 47 59 48 21" in [c["value"] for c in by_name[chapel]["contacts"]]
    today = date.today().isoformat()
    for item in listing["items"]:
        assert item["licence"]["code"] == "etalab-2.0"
        for medium in item["media"]:
            # Diffused unless restricted (formats.public.is_diffusable_medium), with a licence
            # the consumer can read: its code and whether it is open.
            code = medium["licence"]["code"]
            assert code and not is_restricted(code)
            assert medium["licence"]["open"] == is_open(code)
            assert medium.get("publication_end") is None or medium["publication_end"] >= today


def test_real_records_near_tours_and_in_the_feed(api, imported):
    near = orjson.loads(
        api.get(
            "/api/v1/objects", {"near": "47.3898,0.6930", "radius": "3", "sort": "distance"}
        ).content
    )
    names = [item["name"] for item in near["items"]]
    assert names[0] == "Hôtel Astéries" and "Gîte chanzy" in names
    assert near["items"][0]["distance_km"] < 0.2
    changes = orjson.loads(api.get("/api/v1/changes", {"limit": 1000}).content)
    assert len(changes["items"]) == 17 and {c["action"] for c in changes["items"]} == {"created"}
