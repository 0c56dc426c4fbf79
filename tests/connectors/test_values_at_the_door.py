"""Imports and the values checked at the door: no real record of ../shared/data is lost or
refused by the checks, and a bad URL or language code from a source is a warning on the run
(naming the record and the field) with the value dropped, never a failed record."""

import copy
from pathlib import Path

import orjson
import pytest
from pydantic import ValidationError

from opensit.catalog.document import TourismDocument, lenient
from opensit.catalog.models import TourismObject
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.base import ReadError, RecordReport
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.datatourisme.mapping import map_record
from opensit.connectors.engine import ImportEngine
from opensit.connectors.jsonl import JsonLinesConnector
from opensit.connectors.models import ImportIssue, ImportRun

pytestmark = pytest.mark.shared_data

CLEANED = "control characters or line breaks removed"


def _real_items(shared_data: Path):
    datatourisme = DataTourismeConnector()
    archive = shared_data / "datatourisme" / "centre-val-de-loire-2020"
    for item in datatourisme.read(archive):
        yield lambda item=item, report=None: datatourisme.map_detached(item, report)[0], item
    for path in sorted((shared_data / "apidae").glob("*.json")):
        apidae = ApidaeConnector()
        for item in apidae.read(path):
            yield lambda item=item, report=None, c=apidae: c.map(item, report), item


@pytest.mark.django_db  # the Apidae connector reads the responses earlier runs stored
def test_every_real_record_passes_the_checks(shared_data):
    """2,550 DATAtourisme and 105 Apidae records: all map, none loses a URL or a language,
    and each mapped document passes the strict checks of the editor and the API."""
    mapped, cleaned = 0, []
    for map_one, item in _real_items(shared_data):
        assert not isinstance(item, ReadError), item
        report = RecordReport(item.source_id, item.file)
        with lenient(report.warn):
            document = map_one(item=item, report=report)
        TourismDocument.model_validate(document.to_json())  # strict: no error
        assert not [m for _, m in report.warnings if m.endswith("dropped")], item.source_id
        cleaned += [(field, item.source_id) for field, m in report.warnings if CLEANED in m]
        mapped += 1
    assert mapped == 2550 + 105
    # mojibake (U+0081, U+007F...) and line breaks in a few one-line credits and titles
    assert len(cleaned) == 13
    assert {field for field, _ in cleaned} == {"media.credit", "media.title.fr", "description.fr"}


def test_a_hostile_datatourisme_record_keeps_the_rest(shared_data):
    archive = shared_data / "datatourisme" / "centre-val-de-loire-2020"
    source = archive / "objects/0/00/15-003eb63b-ee8e-316f-b93f-6d58439158e6.json"
    payload = orjson.loads(source.read_bytes())
    clean, _entries = map_record(copy.deepcopy(payload), RecordReport("x"))
    payload["hasContact"] = [{"foaf:homepage": ["javascript:alert(1)"], "schema:email": ["a@b.fr"]}]
    payload["rdfs:label"] = {**payload["rdfs:label"], "xx": ["Pas une langue"]}
    hostile = {"ebucore:hasRelatedResource": [{"ebucore:locator": ["data:image/png;base64,AA"]}]}
    payload["hasRepresentation"] = [*payload.get("hasRepresentation", []), hostile]
    report = RecordReport("x")
    with pytest.raises(ValidationError):  # without lenient: refused
        map_record(copy.deepcopy(payload), RecordReport("x"))
    with lenient(report.warn):
        document, _entries = map_record(payload, report)
    fields = sorted(field for field, message in report.warnings if message.endswith("dropped"))
    assert fields == ["contacts.value", "media.url", "name.xx"]
    assert [c.kind for c in document.contacts] == ["email"]
    assert document.media == clean.media
    assert document.name == clean.name and document.description == clean.description


@pytest.mark.django_db
def test_the_run_records_a_warning_naming_the_record_and_field(tmp_path, org_factory):
    good = {
        "id": "t-1",
        "type": "hotel",
        "name": {"fr": "Hôtel", "sp": "Hotel", "zz": "?"},
        "languages": ["fr", "klingon"],
        "contacts": [
            {"kind": "website", "value": "javascript:alert(document.cookie)"},
            {"kind": "phone", "value": "02 47 00 00 00"},
        ],
        "media": [{"kind": "image", "url": "file:///etc/passwd"}],
        "booking": {"url": "vbscript:x"},
    }
    too_long = {"id": "t-2", "type": "hotel", "name": {"fr": "x" * 400}}
    path = tmp_path / "in.jsonl"
    path.write_bytes(orjson.dumps(good) + b"\n" + orjson.dumps(too_long) + b"\n")
    run = ImportEngine(JsonLinesConnector(), owner=org_factory("ot")).run(path)
    assert (run.read, run.created, run.failed) == (2, 1, 1)
    assert run.status == ImportRun.Status.PARTIAL
    warnings = {
        (issue.source_id, issue.field): issue.message
        for issue in run.issues.filter(level=ImportIssue.Level.WARNING)
    }
    assert set(warnings) == {
        ("t-1", "name.zz"),
        ("t-1", "languages"),
        ("t-1", "contacts.value"),
        ("t-1", "media.url"),
        ("t-1", "booking.url"),
    }
    assert "javascript:alert(document.cookie)" in warnings[("t-1", "contacts.value")]
    error = run.issues.get(level=ImportIssue.Level.ERROR)
    assert (error.source_id, error.field) == ("t-2", "name.fr")
    stored = TourismObject.objects.get(id="t-1").document
    assert stored["name"] == {"fr": "Hôtel", "es": "Hotel"}
    assert stored["languages"] == ["fr"]
    assert stored["contacts"] == [{"kind": "phone", "value": "02 47 00 00 00"}]
    assert "media" not in stored and "booking" not in stored


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("parallel", [False, True])
def test_the_worker_processes_record_the_same_warnings(shared_data, tmp_path, parallel):
    """The mapping workers (`premap`) validate leniently too: same objects, same warnings."""
    archive = shared_data / "datatourisme" / "centre-val-de-loire-2020"
    folder = tmp_path / "flux"
    folder.mkdir()
    sources = sorted((archive / "objects" / "0").rglob("*.json"))[:3]
    for number, source in enumerate(sources):
        payload = orjson.loads(source.read_bytes())
        if number == 1:
            payload["hasContact"] = [{"foaf:homepage": ["javascript:alert(1)"]}]
            payload["rdfs:label"] = {**payload["rdfs:label"], "xx": ["?"]}
        (folder / source.name).write_bytes(orjson.dumps(payload))
    engine = ImportEngine(DataTourismeConnector(), parallel=parallel, workers=2)
    run = engine.run(folder)
    assert (run.read, run.created, run.failed) == (3, 3, 0)
    dropped = sorted(
        issue.field
        for issue in run.issues.filter(level=ImportIssue.Level.WARNING)
        if issue.message.endswith("dropped")
    )
    assert dropped == ["contacts.value", "name.xx"]
