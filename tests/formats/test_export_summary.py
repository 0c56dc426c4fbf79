"""`opensit export` reports what the file holds, in the format's own unit (GPX tracks, iCalendar
VEVENTs, CSV rows...), never the objects read as if they were written; and the CSV for French
spreadsheets (`--csv-dialect excel-fr`)."""

import csv
import gzip
import io
import re

import gpxpy
import orjson
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from icalendar import Calendar

from opensit.formats import csv_format
from opensit.formats.export import write_export
from tests.formats.conftest import FESTIVAL, HOTEL

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r"^(\w+) ?: (\d+) (.+?), (\d+) (.+?) \((\d+) (bytes|octets), ", re.M)


def _export(*args: str) -> str:
    err = io.StringIO()
    call_command("export", *args, stderr=err)
    return err.getvalue()


def _summary(text: str) -> tuple[str, int, str, int, str]:
    found = SUMMARY.search(text)
    assert found, text
    fmt, written, unit, read, read_unit, _size, _bytes = found.groups()
    return fmt, int(written), unit, int(read), read_unit


def test_gpx_of_objects_without_geometry_reports_no_track(publish, tmp_path):
    publish(HOTEL)
    publish(FESTIVAL)
    target = tmp_path / "trails.gpx"
    summary = _summary(_export("--format", "gpx", "--output", str(target)))
    assert gpxpy.parse(target.read_text()).tracks == []
    assert summary == ("gpx", 0, "tracks written", 2, "objects read")


def test_gpx_counts_the_tracks_it_wrote(catalog, tmp_path):
    target = tmp_path / "trails.gpx"
    summary = _summary(_export("--format", "gpx", "--output", str(target)))
    tracks = gpxpy.parse(target.read_text()).tracks
    assert [t.name for t in tracks] == ["Sentier des Bâtisseurs"]
    assert summary == ("gpx", 1, "track written", 3, "objects read")


def test_ical_counts_the_vevents_in_the_file(catalog, tmp_path):
    """The festival has two occurrences and a recurrence: three VEVENTs, from three objects
    read (the hotel and the trail are no events)."""
    target = tmp_path / "events.ics"
    summary = _summary(_export("--format", "ical", "--output", str(target)))
    vevents = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(vevents) == 3
    assert summary == ("ical", len(vevents), "events (VEVENT) written", 3, "objects read")


def test_the_summary_speaks_french(catalog, tmp_path):
    with translation.override("fr"):
        text = _export("--format", "gpx", "--output", str(tmp_path / "t.gpx"))
    assert text.startswith("gpx : 1 trace écrite, 3 objets lus (")
    assert " octets, " in text


def test_nightly_index_and_lines_say_what_each_dump_holds(catalog, tmp_path):
    text = _export("nightly", "--output-dir", str(tmp_path))
    entries = {
        e["format"]: e for e in orjson.loads((tmp_path / "index.json").read_bytes())["files"]
    }
    ical = gzip.decompress((tmp_path / "opensit.ics.gz").read_bytes())
    gpx = gzip.decompress((tmp_path / "opensit.gpx.gz").read_bytes()).decode()
    assert entries["ical"]["written"] == len(Calendar.from_ical(ical).walk("VEVENT")) == 3
    assert entries["ical"]["unit"] == "events"
    assert entries["gpx"]["written"] == len(gpxpy.parse(gpx).tracks) == 1
    assert entries["csv"]["written"] == 3 and entries["csv"]["unit"] == "rows"
    assert all(entry["objects"] == 3 for entry in entries.values())
    assert "opensit.gpx.gz: 1 track written, 3 objects read, " in text
    assert "opensit.ics.gz: 3 events (VEVENT) written, 3 objects read, " in text


def test_an_index_of_an_older_version_gets_the_counts(catalog, tmp_path):
    """Unchanged dumps keep their entry, which an older version wrote without `written`."""
    _export("nightly", "--output-dir", str(tmp_path))
    index_path = tmp_path / "index.json"
    index = orjson.loads(index_path.read_bytes())
    for entry in index["files"]:
        del entry["written"], entry["unit"]
    index_path.write_bytes(orjson.dumps(index))
    text = _export("nightly", "--output-dir", str(tmp_path))
    entries = {e["format"]: e for e in orjson.loads(index_path.read_bytes())["files"]}
    assert entries["gpx"]["written"] == 1 and entries["ical"]["written"] == 3
    assert "opensit.gpx.gz: 1 track written" in text


# -- CSV for French spreadsheets ----------------------------------------------------------------


def test_excel_fr_csv_has_a_bom_semicolons_and_decimal_commas(catalog, tmp_path):
    standard, excel = tmp_path / "standard.csv", tmp_path / "excel.csv"
    _export("--format", "csv", "--output", str(standard))
    summary = _summary(
        _export("--format", "csv", "--csv-dialect", "excel-fr", "--output", str(excel))
    )
    assert summary == ("csv", 3, "rows written", 3, "objects read")
    raw = excel.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not standard.read_bytes().startswith(b"\xef")
    text = raw.decode("utf-8-sig")
    assert csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;").delimiter == ";"
    excel_rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    standard_rows = list(csv.reader(io.StringIO(standard.read_text(), newline="")))
    assert excel_rows[0] == csv_format.HEADER
    assert len(excel_rows) == len(standard_rows) == 4
    decimals = {"latitude", "longitude", "price_min", "price_max"}
    for excel_row, standard_row in zip(excel_rows[1:], standard_rows[1:], strict=True):
        for name, excel_cell, standard_cell in zip(
            csv_format.HEADER, excel_row, standard_row, strict=True
        ):
            expected = standard_cell.replace(".", ",") if name in decimals else standard_cell
            assert excel_cell == expected, name
    hotel = next(row for row in excel_rows if row[3] == "Hôtel de l'Univers")
    assert hotel[10:12] == ["47,3905", "0,6929"]
    assert hotel[16:18] == ["189,0", "420,0"]


def test_excel_fr_keeps_negative_numbers_and_semicolons_and_neutralises_formulas(publish):
    publish(
        {
            "type": "museum",
            "name": {"fr": '=HYPERLINK("http://x")'},
            "short_description": {"fr": "Salle 1 ; salle 2, étage"},
            "location": {"latitude": -21.1151, "longitude": 55.5364},
        }
    )
    out = io.BytesIO()
    write_export("csv", out, dialect="excel-fr")
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and len(rows[1]) == len(csv_format.HEADER)
    assert rows[1][3] == '\'=HYPERLINK("http://x")'
    assert rows[1][4] == "Salle 1 ; salle 2, étage"
    assert rows[1][10:12] == ["-21,1151", "55,5364"]


def test_a_dialect_is_for_csv_only(tmp_path):
    with pytest.raises(CommandError, match="The gpx format has no dialect 'excel-fr'"):
        call_command("export", "--format", "gpx", "--csv-dialect", "excel-fr")
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export", "--format", "csv", "--csv-dialect", "excel-us")
