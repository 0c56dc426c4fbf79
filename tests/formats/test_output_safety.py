"""Outputs made safe as they are written (formats/safety.py): CSV cells never start a formula,
GPX is well-formed XML whatever the texts hold, and no value breaks an iCalendar property.
The documents here are written past validation, as a broken or old stored document may be."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from opensit.formats import csv_format, gpx, ical
from opensit.formats.safety import FORMULA_STARTS, csv_cell, ical_text

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = date(2026, 6, 1)
# Any text, control characters, surrogates and breaks included, and the classic payloads.
HOSTILE = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(
    [
        '=HYPERLINK("http://evil")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        '"><script>alert(1)</script>',
        "]]><!--",
        "a\x00b\x1bc\ufffe",
        "line1\r\nSUMMARY:injected\r\nEND:VEVENT",
        "a;b,c\\d",
    ]
)


def _event(name: str, text: str, url: str) -> dict:
    return {
        "id": "evt-1",
        "type": "festival",
        "name": {"fr": name},
        "short_description": {"fr": text},
        "location": {"address_lines": [text], "latitude": 47.39, "longitude": 0.69},
        "contacts": [{"kind": "website", "value": url}],
        "event": {"occurrences": [{"start_date": "2026-07-14", "end_date": "2026-07-15"}]},
        "updated_at": "2026-05-01T10:00:00Z",
    }


# -- CSV ----------------------------------------------------------------------------------------


def test_formula_cells_are_neutralised_numbers_stay_numbers():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("+33 2 47 70 37 37") == "'+33 2 47 70 37 37"
    assert csv_cell("-2") == "'-2"
    assert csv_cell("@cmd") == "'@cmd"
    assert csv_cell("\t=1") == "'\t=1"
    assert csv_cell("Hôtel") == "Hôtel"
    assert csv_cell(-0.5) == -0.5 and csv_cell(189.0) == 189.0
    doc = {
        "id": "a",
        "type": "hotel",
        "name": {"fr": '=HYPERLINK("http://evil")'},
        "location": {"latitude": -21.1, "longitude": -55.5},
        "contacts": [{"kind": "phone", "value": "+262 262 00 00 00"}],
        "pricing": {"prices": [{"min": 0.0, "max": 12.5}]},
    }
    rows = list(csv.reader(io.StringIO(b"".join(csv_format.render_stream([doc], "fr")).decode())))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["name"] == '\'=HYPERLINK("http://evil")'
    assert cells["phone"] == "'+262 262 00 00 00"
    assert (cells["latitude"], cells["longitude"]) == ("-21.1", "-55.5")  # numbers as written
    assert (cells["price_min"], cells["price_max"]) == ("0.0", "12.5")


@PROPERTY
@given(name=HOSTILE, text=HOSTILE, url=HOSTILE)
def test_no_csv_text_cell_starts_a_formula(name, text, url):
    doc = {**_event(name, text, url), "type": "hotel"}
    out = b"".join(csv_format.render_stream([doc], "fr", today=TODAY)).decode()
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 2 and len(rows[1]) == len(csv_format.HEADER)
    numeric = {"latitude", "longitude", "price_min", "price_max"}
    for column, cell in zip(rows[0], rows[1], strict=True):
        if column not in numeric:
            assert not cell.startswith(FORMULA_STARTS), (column, cell)


# -- XML (GPX) ----------------------------------------------------------------------------------


@PROPERTY
@given(name=HOSTILE, text=HOSTILE, url=HOSTILE, kind=HOSTILE)
def test_gpx_is_well_formed_whatever_the_texts(name, text, url, kind):
    doc = {
        "id": f"trail{kind}",
        "type": kind,
        "name": {"fr": name},
        "short_description": {"fr": text},
        "location": {"geometry": {"type": "LineString", "coordinates": [[0.69, 47.39, 50]]}},
        "media": [{"kind": "trace", "url": url, "licence": "etalab-2.0", "title": {"fr": text}}],
    }
    out = b"".join(gpx.render_stream([doc], "fr", today=TODAY))
    root = ET.fromstring(out)  # raises on anything not well-formed
    ns = {"g": "http://www.topografix.com/GPX/1/1"}
    track = root.find("g:trk", ns)
    assert track is not None
    assert track.find("g:trkseg/g:trkpt", ns).get("lat") == "47.39"


def test_gpx_coordinates_must_be_numbers():
    doc = {
        "id": "t",
        "type": "walking_tour",
        "name": {"fr": "T"},
        "location": {"geometry": {"type": "LineString", "coordinates": [['1"/><x a="', 2]]}},
    }
    out = b"".join(gpx.render_stream([doc], "fr", today=TODAY))
    assert b"<trk>" not in out  # the record is skipped, the output stays well-formed
    ET.fromstring(out)


# -- iCalendar ----------------------------------------------------------------------------------


@PROPERTY
@given(name=HOSTILE, text=HOSTILE, url=HOSTILE)
def test_no_ical_property_can_be_broken(name, text, url):
    out = b"".join(ical.render_stream([_event(name, text, url)], "fr", today=TODAY))
    calendar = Calendar.from_ical(out)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    assert [c.name for c in calendar.subcomponents].count("VEVENT") == 1
    event = events[0]
    expected = {"SUMMARY", "DTSTART", "DTEND", "UID", "CATEGORIES", "GEO", "DTSTAMP"}
    expected |= {"LAST-MODIFIED", "DESCRIPTION", "LOCATION", "URL"}
    assert set(event) <= expected, set(event) - expected
    # texts round-trip, control characters removed, breaks made LF
    assert str(event["SUMMARY"]) == _ical_expected(name)
    if "DESCRIPTION" in event:
        assert str(event["DESCRIPTION"]) == _ical_expected(text)
    if "URL" in event:
        assert not any(ch.isspace() or ord(ch) < 32 for ch in str(event["URL"]))


def _ical_expected(value: str) -> str:
    return ical_text(value)


def test_ical_escapes_and_round_trips_a_hostile_summary():
    name = "Fête; bal, feu\\d'artifice\r\nSUMMARY:pirate\nEND:VEVENT"
    out = b"".join(ical.render_stream([_event(name, "x", "https://ok.fr")], "fr", today=TODAY))
    events = [c for c in Calendar.from_ical(out).walk() if c.name == "VEVENT"]
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Fête; bal, feu\\d'artifice\nSUMMARY:pirate\nEND:VEVENT"
    assert out.count(b"\r\nSUMMARY:") == 1
