"""Real records through every public output: DATAtourisme objects and events (Centre-Val de
Loire 2020) and a real Apidae object given a winter aspect, read in place."""

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from icalendar import Calendar

from opensit.catalog.models import TourismObject
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from tests.missing import unavailable

CORROIRIE = "Château-monastère de la Corroirie"
CHAUMONT = "Domaine Régional de Chaumont Centre d'Arts et de Nature - Installations pérennes"
MAGIC = 'Spectacle "Illusions magiques" à la Maison de la Magie'


@pytest.fixture
def imported(dt_archive, office):
    # One folder of the archive: 17 records (places and events), read where they are.
    run = ImportEngine(DataTourismeConnector(), owner=office).run(dt_archive / "objects/0/00")
    assert (run.read, run.failed) == (17, 0)
    return {o.document["name"]["fr"]: o for o in TourismObject.objects.all()}


def csv_rows(api, **params) -> dict[str, dict[str, str]]:
    response = api.get("/api/v1/objects", {"format": "csv", "page_size": 200, **params})
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.content.decode(), newline=""))
    return {row["name"]: row for row in rows}


def test_real_csv_opening_image_prices_and_dates(api, imported):
    rows = csv_rows(api, lang="fr")
    assert len(rows) == 17
    with_periods = [
        name for name, obj in imported.items() if obj.document.get("opening", {}).get("periods")
    ]
    assert len(with_periods) >= 4
    for name in with_periods:
        assert rows[name]["opening"], name
    assert rows[CORROIRIE]["opening"] == (
        "Tous les jours de 8h30 à 11h et de 18h à 21h du 1er janvier au 31 décembre 2020"
    )
    magic = rows[MAGIC]
    assert magic["opening"].startswith(
        "Du lundi au vendredi de 14h à 18h30, du 1er septembre au 20 septembre 2020. "
    )
    assert magic["image_url"].endswith("/-697-maison-de-la-magie-blois-Christelle-Beulle-ADT41.jpg")
    assert magic["image_credit"] == "©C-Beulle-ADT41" and magic["image_licence"]
    assert "Tarif enfant [ChildRate]: 6.50 EUR" in magic["prices"].split("; ")
    assert (magic["price_min"], magic["price_max"]) == ("0.0", "11.0")
    assert rows[CORROIRIE]["image_credit"] == "ADT Touraine / WeLikeTravel"
    assert magic["source_updated_at"] == "2020-06-30T00:00:00Z"
    assert magic["updated_at"] > "2026" and magic["updated_at"] != magic["source_updated_at"]


def test_real_event_in_ical_has_the_source_date(api, imported):
    response = api.get("/api/v1/objects", {"format": "ical", "type": "event", "page_size": 200})
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    chaumont = [e for e in events if str(e["summary"]) == CHAUMONT]
    assert chaumont
    assert chaumont[0].decoded("last-modified") == datetime(2020, 7, 31, tzinfo=UTC)
    assert chaumont[0].decoded("dtstart").hour == 10


def test_real_geojson_and_licence_filter(api, imported):
    geo = orjson.loads(api.get("/api/v1/objects", {"format": "geojson", "lang": "fr"}).content)
    features = {f["properties"]["name"]: f["properties"] for f in geo["features"]}
    image = features[MAGIC]["image"]
    assert image["credit"] == "©C-Beulle-ADT41" and image["licence"]["code"]
    assert features[MAGIC]["source_updated_at"] == "2020-06-30T00:00:00Z"
    corroirie = imported[CORROIRIE].id
    every = orjson.loads(api.get(f"/api/v1/objects/{corroirie}").content)["media"]
    codes = {m["licence"]["code"] for m in every}
    assert every and codes
    code = sorted(codes)[0]
    kept = orjson.loads(api.get(f"/api/v1/objects/{corroirie}", {"media_licence": code}).content)[
        "media"
    ]
    assert kept and {m["licence"]["code"] for m in kept} == {code}
    assert [m["url"] for m in kept] == [m["url"] for m in every if m["licence"]["code"] == code]
    none = orjson.loads(api.get("/api/v1/objects", {"media_licence": "cc0"}).content)
    assert none["total"] == 17 and all(item["media"] == [] for item in none["items"])


@pytest.fixture
def apidae_object(shared_data: Path, tmp_path: Path, office) -> TourismObject:
    path = shared_data / "apidae" / "sitra-api-v002-multilang-2014.json"
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    objects = orjson.loads(path.read_bytes())["objetsTouristiques"]
    real = dict(next(o for o in objects if o["id"] == 526457))
    real["aspects"] = [
        {
            "aspect": "HIVER",
            "presentation": {
                "descriptifDetaille": {
                    "libelleFr": "En hiver, accès par la piste damée depuis le col.",
                    "libelleEn": "In winter, access by the groomed track from the pass.",
                }
            },
        }
    ]
    export = tmp_path / "apidae.json"
    export.write_bytes(orjson.dumps({"numFound": 1, "objetsTouristiques": [real]}))
    run = ImportEngine(ApidaeConnector(), owner=office).run(export)
    assert (run.created, run.failed) == (1, 0)
    return TourismObject.objects.get(source_system="apidae", source_id="526457")


def test_real_apidae_object_through_its_winter_aspect(api, apidae_object):
    path = f"/api/v1/objects/{apidae_object.id}"
    main = orjson.loads(api.get(path, {"lang": "en"}).content)
    assert main["available_aspects"] == ["winter"]
    for asked in ("HIVER", "winter"):
        winter = orjson.loads(api.get(path, {"lang": "en", "aspect": asked}).content)
        assert winter["description"] == "In winter, access by the groomed track from the pass."
        assert winter["name"] == main["name"]
        assert winter.get("short_description") == main.get("short_description")
    assert main.get("description") != winter["description"]
    summer = orjson.loads(api.get(path, {"lang": "en", "aspect": "ETE"}).content)
    assert summer == main  # no summer aspect: the main form
