"""The Tourinsoft connector on the real syndication samples of ../shared/data/tourinsoft: the
values of the hotel and the event, both answer shapes (v2 `d.results`, v3 `value`), a folder,
the CLI, idempotence, a broken record among good ones, strict mode and unknown fields."""

from io import StringIO
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opensit.catalog.models import Revision, TourismObject, VocabularyEntry
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportIssue, ImportRun, SourceRecord
from opensit.connectors.tourinsoft import TourinsoftConnector
from opensit.diffusion.models import FeedEntry
from tests.missing import unavailable

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]

HOTEL = "tourinsoft-v2-hotel.json"
EVENT = "tourinsoft-v2-event.json"


@pytest.fixture
def tourinsoft_dir(shared_data: Path) -> Path:
    folder = shared_data / "tourinsoft"
    if not (folder / HOTEL).is_file() or not (folder / EVENT).is_file():
        unavailable(f"no Tourinsoft samples at {folder}")
    return folder


def run_import(path: Path, **kwargs) -> ImportRun:
    return ImportEngine(TourinsoftConnector(), **kwargs).run(path)


def document(source_id: str) -> dict:
    return TourismObject.objects.get(source_system="tourinsoft", source_id=source_id).document


def records(folder: Path, name: str) -> list[dict]:
    return orjson.loads((folder / name).read_bytes())["d"]["results"]


def test_the_hotel(tourinsoft_dir):
    run = run_import(tourinsoft_dir / HOTEL)
    assert (run.status, run.read, run.created, run.failed) == (ImportRun.Status.SUCCESS, 1, 1, 0)
    doc = document("HOTCEN0280010001")
    assert doc["type"] == "hotel"
    assert doc["name"] == {"fr": "Hôtel du Perche"}
    assert doc["short_description"]["fr"].startswith("A deux pas du centre ville")
    location = doc["location"]
    assert location["commune"] == {"insee": "28280", "name": "NOGENT-LE-ROTROU"}
    assert location["postal_code"] == "28400"
    assert location["address_lines"] == ["Rue de la Bruyère"]
    assert (location["latitude"], location["longitude"]) == (48.3295, 0.804899)
    contacts = {(c["kind"], c["value"]) for c in doc["contacts"]}
    assert contacts == {
        ("phone", "02 37 53 43 60"),
        ("fax", "02 37 53 43 69"),
        ("email", "hotelduperche@brithotel.fr"),
        ("website", "http://www.hotel-du-perche.com"),
    }
    photos = doc["media"]
    assert [m["url"].rsplit("/", 1)[-1] for m in photos] == [
        "Hotel-du-Perche-2.jpg",
        "Hotel-du-Perche.jpg",
        "Brit-hotel.JPG",
    ]
    assert photos[1]["credit"] == "© CDT 28" and photos[0]["credit"] == "OT Nogent-le-Rotrou"
    assert photos[0]["main"] and photos[0]["title"] == {"fr": "Hôtel du Perche"}
    # stars and national labels take the codes DATAtourisme records have for them
    assert doc["classifications"] == ["ScaleRating_3etoiles"]
    assert doc["labels"] == ["LabelRating_QualiteTourisme"]
    assert "tourinsoft:wifi-gratuit" in doc["amenities"] and len(doc["amenities"]) == 24
    assert doc["languages"] == ["en"]
    assert doc["capacity"] == {"persons": 40}
    assert "tourinsoft:cheques-vacances" in doc["pricing"]["payment_methods"]
    prices = doc["pricing"]["prices"]
    assert [p["label"]["fr"] for p in prices] == [
        "Chambre single (1 personne)",
        "Chambre double",
        "Chambre triple",
        "Petit déjeuner par personne",
        "Animaux",
    ]
    assert prices[0]["unit"] == "per room" and prices[3]["unit"] == "per person"
    # the source's dates: created 2005-10-24, updated 2019-01-02 (ms since the epoch)
    assert doc["created_at"].startswith("2005-10-24")
    assert doc["source"]["updated_at"].startswith("2019-01-02T19:32:55")
    # the OData uri holds the syndication's id (a key to the client's feed): raw record only
    assert "url" not in doc["source"] and "7780b30d" not in orjson.dumps(doc).decode()
    assert "7780b30d" in orjson.dumps(SourceRecord.objects.get().payload).decode()
    # the hotel chain has no canonical field: kept, not lost
    assert doc["extra"]["Chaines"] == "Brit' hotel"
    label = VocabularyEntry.objects.get(code="LabelRating_QualiteTourisme")
    assert (label.scheme, label.labels) == ("label", {"fr": "Qualité Tourisme"})
    assert VocabularyEntry.objects.get(code="ScaleRating_3etoiles").scheme == "classification"
    wifi = VocabularyEntry.objects.get(code="tourinsoft:wifi-gratuit")
    assert (wifi.scheme, wifi.labels) == ("amenity", {"fr": "Wifi gratuit"})


def test_the_hotel_opening(tourinsoft_dir):
    run_import(tourinsoft_dir / HOTEL)
    periods = document("HOTCEN0280010001")["opening"]["periods"]
    # 01/01-21/07/2019: open Wed-Sun at lunch and dinner, Tuesday evening only, closed Monday
    first, tuesday = periods[0], periods[1]
    assert (first["start"], first["end"]) == ("2019-01-01", "2019-07-21")
    assert first["weekdays"] == ["wed", "thu", "fri", "sat", "sun"]
    assert [(t["opens"], t["closes"]) for t in first["times"]] == [
        ("08:00:00", "15:00:00"),
        ("18:00:00", "22:00:00"),
    ]
    assert tuesday["weekdays"] == ["tue"]
    assert tuesday["times"] == [{"opens": "18:00:00", "closes": "22:00:00"}]
    # 08/08-31/12/2019: the same, and open on public holidays
    assert (periods[2]["start"], periods[2]["end"]) == ("2019-08-08", "2019-12-31")
    assert periods[2]["label"] == {"fr": "Ouvert les jours fériés"}
    assert len(periods) == 4


def test_the_event(tourinsoft_dir):
    run = run_import(tourinsoft_dir / EVENT)
    assert (run.created, run.failed) == (1, 0)
    doc = document("FMACEN0280060359")
    assert doc["name"] == {"fr": "Moto cross de Brou"}
    assert doc["type"] == "sports_event"  # FMA, refined by "Compétition sportive"
    assert doc["event"]["occurrences"] == [{"start_date": "2100-06-01", "end_date": "2100-06-02"}]
    assert doc["location"]["commune"] == {"insee": "28123", "name": "DAMPIERRE-SOUS-BROU"}
    assert {"kind": "mobile", "value": "06 46 49 30 16"} in doc["contacts"]
    assert len(doc["media"]) == 9 and doc["media"][0]["credit"] == "Moto cross de Brou"
    assert doc["languages"] == ["en", "de"]
    child = doc["pricing"]["prices"][1]
    assert child["label"] == {"fr": "Tarif enfant"} and child["audiences"] == ["children"]
    assert child["conditions"] == {"fr": "14/18 ans"}
    adult = doc["pricing"]["prices"][0]
    assert (adult["policy"], adult["audiences"]) == ("full_rate", ["adults"])
    assert "tourinsoft:competition-sportive" in doc["themes"]


def test_a_folder_of_pages_and_the_v3_shape(tourinsoft_dir, tmp_path):
    """A folder holding a v2 page and a v3 (`value`) page of the same records imports both
    records once each, to the same documents as the single files."""
    run_import(tourinsoft_dir / HOTEL)
    run_import(tourinsoft_dir / EVENT)
    expected = {o.source_id: o.document for o in TourismObject.objects.all()}
    TourismObject.objects.all().delete()
    SourceRecord.objects.all().delete()
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "1.json").write_bytes((tourinsoft_dir / HOTEL).read_bytes())
    v3 = {"odata.count": "801", "value": records(tourinsoft_dir, EVENT)}
    (folder / "2.json").write_bytes(orjson.dumps(v3))
    (folder / "notes.txt").write_text("not a page")
    run = run_import(folder)
    assert (run.read, run.created, run.failed) == (2, 2, 0)
    got = {o.source_id: o.document for o in TourismObject.objects.all()}
    for source_id, doc in expected.items():
        for key in ("name", "type", "location", "contacts", "media", "pricing", "event"):
            assert got[source_id].get(key) == doc.get(key), (source_id, key)


def test_mapping_in_worker_processes_gives_the_same_documents(tourinsoft_dir, tmp_path):
    """Large inputs are read and mapped in forked workers (`premap`): the same objects, the
    same vocabulary entries as in one process."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for number, name in enumerate((HOTEL, EVENT, HOTEL)):
        (folder / f"{number}.json").write_bytes((tourinsoft_dir / name).read_bytes())
    run = run_import(folder)
    assert (run.read, run.created, run.failed) == (3, 2, 0)
    expected = {o.source_id: o.document for o in TourismObject.objects.all()}
    entries = set(VocabularyEntry.objects.values_list("code", "scheme"))
    TourismObject.objects.all().delete()
    SourceRecord.objects.all().delete()
    VocabularyEntry.objects.all().delete()
    run = run_import(folder, parallel=True, workers=2)
    assert (run.read, run.created, run.failed) == (3, 2, 0)
    got = {o.source_id: o.document for o in TourismObject.objects.all()}
    for source_id, doc in expected.items():
        assert got[source_id]["name"] == doc["name"]
        assert got[source_id]["media"] == doc["media"]
    assert set(VocabularyEntry.objects.values_list("code", "scheme")) == entries


def test_the_command_and_a_second_run_unchanged(tourinsoft_dir):
    out = StringIO()
    call_command("import", "tourinsoft", str(tourinsoft_dir / HOTEL), "--no-progress", stdout=out)
    assert "Status: Success" in out.getvalue()
    assert TourismObject.objects.filter(source_id="HOTCEN0280010001").exists()
    revisions, changes = Revision.objects.count(), FeedEntry.objects.count()
    out = StringIO()
    call_command("import", "tourinsoft", str(tourinsoft_dir / HOTEL), "--no-progress", stdout=out)
    again = ImportRun.objects.latest("pk")
    assert (again.created, again.updated, again.unchanged, again.failed) == (0, 0, 1, 0)
    assert (Revision.objects.count(), FeedEntry.objects.count()) == (revisions, changes)


def test_remapping_the_same_payloads_changes_nothing(tourinsoft_dir, monkeypatch):
    run_import(tourinsoft_dir / EVENT)
    revisions = Revision.objects.count()
    monkeypatch.setattr(TourinsoftConnector, "mapping_version", 2)
    again = run_import(tourinsoft_dir / EVENT)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Revision.objects.count() == revisions


def _broken_page(folder: Path, tmp_path: Path) -> Path:
    hotel, event = records(folder, HOTEL)[0], records(folder, EVENT)[0]
    nameless = {**hotel, "SyndicObjectID": "HOTCEN0280010002"}
    for key in ("SyndicObjectName", "title", "RaisonSociale"):
        nameless[key] = None
    path = tmp_path / "broken.json"
    path.write_bytes(orjson.dumps({"d": {"results": [hotel, nameless, event], "__count": "3"}}))
    return path


def test_a_broken_record_is_named_and_the_rest_imports(tourinsoft_dir, tmp_path):
    run = run_import(_broken_page(tourinsoft_dir, tmp_path))
    assert run.status == ImportRun.Status.PARTIAL
    assert (run.read, run.created, run.failed) == (3, 2, 1)
    issue = ImportIssue.objects.get(run=run, level="error")
    assert (issue.source_id, issue.field, issue.file) == (
        "HOTCEN0280010002",
        "SyndicObjectName",
        "broken.json#2",
    )
    assert "no name" in issue.message
    assert set(TourismObject.objects.values_list("source_id", flat=True)) == {
        "HOTCEN0280010001",
        "FMACEN0280060359",
    }


def test_strict_mode_writes_nothing(tourinsoft_dir, tmp_path):
    run = run_import(_broken_page(tourinsoft_dir, tmp_path), strict=True)
    assert run.status == ImportRun.Status.ABORTED and run.created == 0
    assert not TourismObject.objects.exists()
    assert not SourceRecord.objects.exists()
    assert not VocabularyEntry.objects.exists()
    out = StringIO()
    with pytest.raises(CommandError, match="Aborted"):
        call_command(
            "import",
            "tourinsoft",
            str(_broken_page(tourinsoft_dir, tmp_path)),
            "--strict",
            "--no-progress",
            stdout=out,
        )
    assert "HOTCEN0280010002" in out.getvalue() and "SyndicObjectName" in out.getvalue()


def test_unknown_fields_are_reported_and_kept(tourinsoft_dir, tmp_path):
    hotel = records(tourinsoft_dir, HOTEL)[0]
    hotel["ZoneTouristiqueMaison"] = "Perche"
    hotel["MediaPhotoss"] = [
        {"Photo": {"Url": "http://cdt28.media.tourinsoft.eu/upload/x.jpg", "Credit": "A. B",
                   "Licence": "CC BY-SA 4.0", "Focale": "35 mm"}}
    ]  # fmt: skip
    path = tmp_path / "more.json"
    path.write_bytes(orjson.dumps({"value": [hotel]}))
    run = run_import(path)
    assert run.failed == 0
    assert run.unknown_keys == {"ZoneTouristiqueMaison": 1, "MediaPhotoss[].Photo.Focale": 1}
    doc = document("HOTCEN0280010001")
    assert doc["extra"]["ZoneTouristiqueMaison"] == "Perche"
    added = doc["media"][-1]
    assert (added["credit"], added["licence"]) == ("A. B", "cc-by-sa-4.0")
    assert SourceRecord.objects.get().payload["ZoneTouristiqueMaison"] == "Perche"


def test_unreadable_input_is_an_error_naming_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"d": {"results": [')
    run = run_import(bad)
    assert run.failed == 1
    issue = ImportIssue.objects.get(run=run)
    assert issue.file == "bad.json" and "invalid JSON" in issue.message
    idless = tmp_path / "idless.json"
    idless.write_bytes(orjson.dumps({"value": [{"SyndicObjectName": "Sans id"}]}))
    run = run_import(idless)
    issue = ImportIssue.objects.get(run=run)
    assert issue.file == "idless.json#1" and "SyndicObjectID" in issue.message
    assert "Sans id" in issue.message
