"""The DATAtourisme import through the engine and the database (SQLite and PostgreSQL): what
the mapping now keeps is stored, indexed and registered. Records are real objects of the 2020
archive with only the part under test changed to its recent shape (see
test_datatourisme_recent.py), written to tmp_path."""

from pathlib import Path

import orjson
import pytest

from opensit.catalog.models import TourismObject, VocabularyEntry
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportRun

CHAUMONT = "objects/f/f4/15-f4d24315-59bc-3b74-b5e0-e40c0472efd7.json"
SUEVRES = "objects/f/fa/15-fa8765c2-2566-3902-b9c6-2fe9f55d2a6c.json"


def _kb(code: str, cls: str, fr: str) -> dict:
    return {"@id": f"kb:{code}", "@type": [cls], "rdfs:label": {"fr": [fr]}}


def _records(dt_archive: Path, folder: Path) -> tuple[str, str]:
    festival = orjson.loads((dt_archive / CHAUMONT).read_bytes())
    child = festival["offers"][0]["schema:priceSpecification"][1]
    child["hasEligiblePolicy"] = [child["hasEligiblePolicy"]]
    child["hasEligibleAudience"] = [_kb("Children", "PeopleAudience", "Enfants")]
    child["hasPricingMode"] = [
        _kb("PerUnit", "PricingMode", "Par unité"),
        _kb("PerWeek", "PricingMode", "Par semaine"),
    ]
    festival["availableLanguage"] = ["fr", "en-GB"]
    provider = orjson.loads((dt_archive / SUEVRES).read_bytes())
    provider["@type"] = [
        "LeisureSportActivityProvider",
        "ActivityProvider",
        "PlaceOfInterest",
        "PointOfInterest",
    ]
    provider["isLocatedAt"][0]["schema:openingHoursSpecification"].append(
        {
            "@type": ["TextOpeningHoursSpecification"],
            "schema:description": {"fr": ["Sur rendez-vous en semaine"], "en": ["By appointment"]},
        }
    )
    folder.mkdir()
    (folder / "festival.json").write_bytes(orjson.dumps(festival))
    (folder / "provider.json").write_bytes(orjson.dumps(provider))
    return festival["@id"], provider["@id"]


@pytest.mark.django_db
def test_recent_shapes_are_stored_and_registered(dt_archive, tmp_path):
    festival_id, provider_id = _records(dt_archive, tmp_path / "flux")
    run = ImportEngine(DataTourismeConnector()).run(tmp_path / "flux")
    assert (run.status, run.created, run.failed) == (ImportRun.Status.SUCCESS, 2, 0)

    festival = TourismObject.objects.get(source_id=festival_id)
    prices = festival.document["pricing"]["prices"]
    assert [p.get("policy") for p in prices] == ["Group", "ChildRate", "Free", "BaseRateFullRate"]
    child = prices[1]
    assert (child["label"]["fr"], child["min"]) == ("Tarif enfant", 6.0)
    assert (child["unit"], child["further_units"], child["audiences"]) == (
        "PerUnit",
        ["PerWeek"],
        ["Children"],
    )
    assert festival.document["source"]["updated_at"].startswith("2020-08-26")
    assert festival.document["source"]["publisher"] == "SIT Centre-Val de Loire"
    assert festival.document["languages"] == ["fr", "en-GB"]
    assert "schema:priceSpecification.hasEligiblePolicy" not in festival.document["extra"]

    provider = TourismObject.objects.get(source_id=provider_id)
    assert (provider.type, provider.type_root) == ("activity", "activity")
    assert provider.commune_insee == "41252"
    assert provider.document["opening"]["summary"] == {
        "fr": "Sur rendez-vous en semaine",
        "en": "By appointment",
    }
    assert len(provider.document["opening"]["periods"]) == 1

    # Registered with the source's label (an earlier import on the same database, such as the
    # whole archive, may already have given an entry more languages: they are kept).
    entries = dict(VocabularyEntry.objects.values_list("code", "labels"))
    assert entries["PerWeek"]["fr"] == "Par semaine"
    assert entries["Children"]["fr"] == "Enfants"
    assert "en-GB" in entries

    again = ImportEngine(DataTourismeConnector()).run(tmp_path / "flux")
    assert (again.unchanged, again.updated) == (2, 0)
