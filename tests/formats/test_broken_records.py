"""One bad record never breaks an output: documents broken past validation (written with the
ORM's `update`) are skipped, logged with their id and counted by every format, the export
command and the nightly dumps; the nightly dumps are atomic per format."""

import csv
import dataclasses
import gzip
import hashlib
import io
import logging
import xml.etree.ElementTree as ET

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from icalendar import Calendar

from opensit.catalog import services
from opensit.catalog.models import TourismObject
from opensit.formats.export import write_dumps, write_export
from opensit.formats.registry import RENDERERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(catalog, publish) -> dict[str, str]:
    """Three published objects whose stored documents no longer pass validation."""
    no_keys = publish({"type": "museum", "name": {"fr": "Sans nom ni type"}})
    not_object = publish({"type": "museum", "name": {"fr": "Pas un objet"}})
    bad_types = publish({"type": "festival", "name": {"fr": "Types faux"}})
    TourismObject.objects.filter(pk=no_keys.pk).update(document={"id": no_keys.pk, "x": 1})
    TourismObject.objects.filter(pk=not_object.pk).update(document=[1, 2, 3])
    TourismObject.objects.filter(pk=bad_types.pk).update(
        document={
            "id": bad_types.pk,
            "type": "walking_tour",
            "name": {"fr": "Types faux"},
            "location": "nowhere",
            "event": {"occurrences": [{"start_date": "le 14 juillet"}]},
            "media": [{"kind": "trace", "url": 42, "licence": "etalab-2.0"}],
        }
    )
    return {"no_keys": no_keys.pk, "not_object": not_object.pk, "bad_types": bad_types.pk}


def _parse(name: str, body: bytes) -> None:
    """The output is whole: it parses as its format does."""
    if name in ("jsonld", "geojson"):
        orjson.loads(body)
    elif name == "jsonl":
        for line in body.splitlines():
            orjson.loads(line)
    elif name == "csv":
        rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
        assert len({len(row) for row in rows}) == 1
    elif name == "ical":
        Calendar.from_ical(body)
    elif name == "gpx":
        ET.fromstring(body)


@pytest.mark.parametrize("name", list(RENDERERS))
def test_every_format_skips_logs_and_counts_broken_records(name, catalog, broken, caplog):
    out = io.BytesIO()
    with caplog.at_level(logging.WARNING, logger="opensit.formats"):
        result = write_export(name, out)
    _parse(name, out.getvalue())
    assert {broken["no_keys"], broken["not_object"]} <= set(result.skipped_ids)
    assert result.skipped == len(result.skipped_ids) >= 2
    assert result.objects == 3 + 3 - result.skipped  # the good hotel, festival and trail stay
    for object_id in result.skipped_ids:
        assert any(object_id in r.getMessage() for r in caplog.records), object_id
    if name != "jsonl":  # a string location, a date that is none: every other format skips it
        assert broken["bad_types"] in result.skipped_ids
    if name in ("jsonld", "geojson", "csv", "jsonl"):
        assert "Hôtel de l'Univers".encode() in out.getvalue()


def test_the_export_command_reports_what_it_skipped(catalog, broken, tmp_path):
    target, err = tmp_path / "out.csv", io.StringIO()
    call_command("export", "--format", "csv", "--output", str(target), stderr=err)
    assert "csv: 3 rows written, 3 objects read (" in err.getvalue()
    assert "csv: 3 objects could not be rendered and were skipped" in err.getvalue()
    assert broken["no_keys"] in err.getvalue()
    assert len(list(csv.reader(io.StringIO(target.read_text(), newline="")))) == 4


def _etag_of(path) -> str:
    return f'"{hashlib.sha256(path.read_bytes()).hexdigest()[:32]}"'


def _index(folder) -> dict:
    return orjson.loads((folder / "index.json").read_bytes())


def _check_consistent(folder) -> None:
    """Every entry's ETag is its file's bytes; no temporary file is left."""
    for entry in _index(folder)["files"]:
        path = folder / entry["file"]
        assert entry["etag"] == _etag_of(path), entry["format"]
        assert entry["bytes"] == path.stat().st_size
        assert (folder / f"{entry['file']}.etag").read_text().strip() == entry["etag"]
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".partial"))]
    assert leftovers == []


def test_nightly_dumps_go_on_past_broken_records(catalog, broken, tmp_path):
    err = io.StringIO()
    call_command("export", "nightly", "--output-dir", str(tmp_path), stderr=err)
    assert "could not be rendered and were skipped" in err.getvalue()
    _check_consistent(tmp_path)
    for entry in _index(tmp_path)["files"]:
        _parse(entry["format"], gzip.decompress((tmp_path / entry["file"]).read_bytes()))


def test_an_unchanged_run_leaves_the_index_as_it_was(catalog, tmp_path):
    write_dumps(tmp_path)
    before = (tmp_path / "index.json").read_bytes()
    stamp = (tmp_path / "index.json").stat().st_mtime_ns
    files = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.gz")}
    again = write_dumps(tmp_path)
    assert (tmp_path / "index.json").read_bytes() == before
    assert (tmp_path / "index.json").stat().st_mtime_ns == stamp
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.gz")} == files
    assert again["report"] == {"skipped": {}, "skipped_ids": {}, "failed": []}


def test_only_the_changed_dumps_get_a_new_entry(catalog, editor, tmp_path):
    write_dumps(tmp_path)
    first = {e["format"]: e for e in _index(tmp_path)["files"]}
    hotel = catalog["hotel"]
    hotel.refresh_from_db()
    services.update_object(editor, hotel, {**hotel.document, "name": {"fr": "Grand Hôtel"}})
    write_dumps(tmp_path)
    second = {e["format"]: e for e in _index(tmp_path)["files"]}
    assert second["gpx"] == first["gpx"]  # the hotel is no itinerary: same bytes, same entry
    assert second["csv"]["etag"] != first["csv"]["etag"]
    _check_consistent(tmp_path)


def test_a_failed_run_leaves_the_previous_dumps_served(catalog, editor, tmp_path, monkeypatch):
    write_dumps(tmp_path)
    before = {e["format"]: e for e in _index(tmp_path)["files"]}
    csv_bytes = (tmp_path / "opensit.csv.gz").read_bytes()
    hotel = catalog["hotel"]
    hotel.refresh_from_db()
    services.update_object(editor, hotel, {**hotel.document, "name": {"fr": "Grand Hôtel"}})

    def crashing(documents, lang=None, *, report=None):
        for number, _document in enumerate(documents):
            yield b"id,name\r\n"
            if number == 1:
                raise OSError("disk full")

    broken_csv = dataclasses.replace(RENDERERS["csv"], render_stream=crashing)
    monkeypatch.setitem(RENDERERS, "csv", broken_csv)
    err = io.StringIO()
    with pytest.raises(CommandError, match="csv"):
        call_command("export", "nightly", "--output-dir", str(tmp_path), stderr=err)
    after = {e["format"]: e for e in _index(tmp_path)["files"]}
    assert (tmp_path / "opensit.csv.gz").read_bytes() == csv_bytes
    assert after["csv"] == before["csv"]
    assert after["jsonl"]["etag"] != before["jsonl"]["etag"]  # the others went on
    _check_consistent(tmp_path)
