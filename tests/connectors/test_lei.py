"""The LEI connector on the real samples of ../shared/data/lei: values of the products and of
the event, the CLI, a second run unchanged, broken records and XML, strict mode."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opensit.catalog.models import TourismObject, VocabularyEntry
from opensit.connectors.base import ReadError, SourceItem
from opensit.connectors.engine import ImportEngine
from opensit.connectors.lei import LeiConnector
from opensit.connectors.models import ImportIssue, ImportRun
from tests.missing import unavailable

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


@pytest.fixture
def lei_dir(shared_data: Path) -> Path:
    folder = shared_data / "lei"
    if not folder.is_dir():
        unavailable(f"no LEI samples at {folder}")
    return folder


def run_import(path: Path, **kwargs) -> ImportRun:
    return ImportEngine(LeiConnector(), **kwargs).run(path)


def document(source_id: str) -> dict:
    return TourismObject.objects.get(source_system="lei", source_id=source_id).document


def test_products_values(lei_dir):
    run = run_import(lei_dir / "lei-products.xml")
    # 5 records, one id (219006401) three times: the last one is kept, with a warning
    assert (run.read, run.created, run.failed) == (5, 3, 0)
    restaurant = document("219006399")
    assert restaurant["name"] == {"fr": "Restaurant A"}
    assert restaurant["type"] == "food"
    assert restaurant["description"] == {"fr": "Commentaire A"}
    location = restaurant["location"]
    assert location["commune"] == {"insee": "67334", "name": "Niedersteinbach"}
    assert location["postal_code"] == "67510"
    assert location["address_lines"] == ["11 rue principale"]
    assert (location["latitude"], location["longitude"]) == (49.031600691652, 7.71041727388229)
    contacts = {(c["kind"], c["value"]) for c in restaurant["contacts"]}
    assert ("phone", "03 88 09 55 31") in contacts
    assert ("email", "contact@hotel-cheval-blanc.fr") in contacts
    assert restaurant["source"]["updated_at"].startswith("2022-11-29T11:32:41")
    # criteria the file's nomenclature does not name: kept, and reported by path
    kept = restaurant["extra"]["lei"]["criteres"]
    assert {"critere": "1900013", "modalite": "0", "valeur": "18"} in kept
    assert run.unknown_keys["CRITERES/Crit[@CLEF_CRITERE=1900048]"] == 2
    # the photo values have no scheme: not media, kept raw, with a warning naming the field
    assert "media" not in restaurant
    assert {"critere": "1900421", "modalite": "0", "valeur": "url.url/photo5.jpg"} in kept
    warnings = ImportIssue.objects.filter(level="warning", source_id="219006399")
    assert any("url.url/photo5.jpg" in w.message for w in warnings)
    # the last 219006401 has coordinates out of range: dropped with a warning, record kept
    assert "latitude" not in document("219006401")["location"]
    issue = ImportIssue.objects.get(source_id="219006401", field="LATITUDE")
    assert "out of range" in issue.message


def test_event_values(lei_dir):
    run = run_import(lei_dir / "lei-event.xml")
    assert (run.read, run.created, run.failed) == (1, 1, 0)
    event = document("188003953")
    assert event["type"] == "event"
    assert event["name"] == {"fr": "Event A"}
    assert event["description"] == {"fr": "Description A", "en": "Description B"}
    assert (event["location"]["latitude"], event["location"]["longitude"]) == (
        45.8377219,
        1.4932106,
    )
    assert event["location"]["postal_code"] == "87400"
    # weekly schedules over the year: Sundays at 10:00 and Tuesdays at 15:00
    assert event["event"]["recurrences"] == [
        {"start_date": "2022-01-01", "rrule": "FREQ=WEEKLY;BYDAY=SU;UNTIL=20221231",
         "start_time": "10:00:00"},
        {"start_date": "2022-01-01", "rrule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=20221231",
         "start_time": "15:00:00"},
    ]  # fmt: skip
    periods = event["opening"]["periods"]
    assert periods[0]["weekdays"] == ["sun"] and periods[1]["weekdays"] == ["tue"]
    assert periods[0]["start"] == "2022-01-01" and periods[0]["end"] == "2022-12-31"
    assert event["opening"]["summary"] == {"fr": "Every day"}
    # photos named by the nomenclature ("Photos"), the first one main
    assert [m["url"] for m in event["media"]] == [
        "http://www.pictures.net/photos/188/picture_1.jpg",
        "https://www.pictures.net/photos/188/picture_2.jpg",
    ]
    assert event["media"][0]["main"] is True
    phones = [c["value"] for c in event["contacts"] if c["kind"] == "phone"]
    assert phones == ["06 00 00 00 00", "06 00 00 00 01"]
    assert event["source"]["updated_at"].startswith("2022-02-28T11:31:46")
    # criteria named by the nomenclature but with no canonical field: kept with their names
    kept = event["extra"]["lei"]["criteres"]
    assert {"critere": "30000346", "modalite": "30002610", "nom": "Communauté de communes",
            "libelle": "Com Com Noblat"} in kept  # fmt: skip
    assert run.unknown_keys == {}


def test_cli_import_then_unchanged(lei_dir):
    out = StringIO()
    call_command("import", "lei", str(lei_dir / "lei-event.xml"), "--no-progress", stdout=out)
    assert "Status: Success" in out.getvalue()
    first = document("188003953")
    call_command("import", "lei", str(lei_dir / "lei-event.xml"), "--no-progress", stdout=out)
    second = ImportRun.objects.order_by("-pk").first()
    assert (second.read, second.created, second.updated, second.unchanged) == (1, 0, 0, 1)
    assert document("188003953") == first


def test_folder_import(lei_dir):
    run = run_import(lei_dir)
    assert run.status == ImportRun.Status.SUCCESS
    assert TourismObject.objects.filter(source_system="lei").count() == 4


def _broken_copy(lei_dir: Path, tmp_path: Path, old: bytes, new: bytes) -> Path:
    raw = (lei_dir / "lei-products.xml").read_bytes()
    assert old in raw
    path = tmp_path / "broken.xml"
    path.write_bytes(raw.replace(old, new, 1))
    return path


def test_a_record_without_name_is_named_the_rest_imports(lei_dir, tmp_path):
    path = _broken_copy(lei_dir, tmp_path, b"<![CDATA[Restaurant B]]>", b"")
    with pytest.raises(CommandError, match="1 record"):
        call_command("import", "lei", str(path), "--no-progress", stdout=StringIO())
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.PARTIAL
    issue = ImportIssue.objects.get(level="error")
    assert (issue.source_id, issue.field) == ("219006400", "NOM")
    assert TourismObject.objects.filter(source_system="lei").count() == 2


def test_malformed_xml_is_reported_with_file_and_line(lei_dir, tmp_path):
    path = _broken_copy(
        lei_dir, tmp_path, b"<PRODUIT>219006401</PRODUIT>", b"<PRODUIT>21</PRODUCT>"
    )
    run = run_import(path)
    assert run.status == ImportRun.Status.PARTIAL
    issue = ImportIssue.objects.get(level="error")
    assert issue.file.startswith("broken.xml:") and "malformed XML" in issue.message
    line = int(issue.file.split(":")[1])
    assert b"</PRODUCT>" in path.read_bytes().splitlines()[line - 1]
    # the two records before the break are imported
    assert TourismObject.objects.filter(source_system="lei").count() == 2


def test_strict_mode_rolls_everything_back(lei_dir, tmp_path):
    path = _broken_copy(lei_dir, tmp_path, b"<![CDATA[Restaurant B]]>", b"")
    run = run_import(path, strict=True)
    assert run.status == ImportRun.Status.ABORTED
    assert not TourismObject.objects.exists()
    assert not VocabularyEntry.objects.filter(code__startswith="lei:").exists()


def test_entities_are_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE LEI [<!ENTITY a "aaaaaaaaaa">]>'
        b"<LEI><Resultat><sit_liste><PRODUIT>1</PRODUIT><NOM>&a;</NOM></sit_liste>"
        b"</Resultat></LEI>"
    )
    entries = list(LeiConnector().read(path))
    assert len(entries) == 1 and isinstance(entries[0], ReadError)
    assert entries[0].file == "bomb.xml"


def test_a_record_without_id_is_a_read_error(tmp_path):
    path = tmp_path / "noid.xml"
    path.write_bytes(
        b"<LEI><Resultat><sit_liste><NOM>Sans id</NOM></sit_liste>"
        b"<sit_liste><PRODUIT>7</PRODUIT><NOM>Avec id</NOM></sit_liste></Resultat></LEI>"
    )
    entries = list(LeiConnector().read(path))
    assert isinstance(entries[0], ReadError) and entries[0].file == "noid.xml#1"
    assert isinstance(entries[1], SourceItem) and entries[1].source_id == "7"
    assert entries[1].raw.startswith(b"<sit_liste>")


def test_schedule_dates_parse(lei_dir):
    """The event's period is read from day-first French dates."""
    run_import(lei_dir / "lei-event.xml")
    obj = TourismObject.objects.get(source_id="188003953")
    assert date.fromisoformat(obj.document["opening"]["periods"][0]["end"]) == date(2022, 12, 31)


def test_an_id_too_long_is_named_the_run_ends(tmp_path):
    """A PRODUIT longer than the catalog's source ids: an error naming the record, the other
    product imported, the run finished (PostgreSQL would refuse the id at the end)."""
    path = tmp_path / "ids.xml"
    path.write_bytes(
        b"<LEI><Resultat><sit_liste><PRODUIT>" + b"9" * 200 + b"</PRODUIT><NOM>"
        + b"N" * 300 + b"</NOM></sit_liste>"
        b"<sit_liste><PRODUIT>8</PRODUIT><NOM>Court</NOM><TYPE_NOM>Restaurant</TYPE_NOM>"
        b"</sit_liste></Resultat></LEI>"
    )  # fmt: skip
    run = run_import(path)
    assert (run.status, run.created, run.failed) == (ImportRun.Status.PARTIAL, 1, 1)
    issue = ImportIssue.objects.get(level="error")
    assert issue.file == "ids.xml#1" and "PRODUIT longer than 128" in issue.message
    assert document("8")["type"] == "restaurant"
