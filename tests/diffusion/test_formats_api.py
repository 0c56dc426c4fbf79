"""The output formats served by the API, chosen by `format=` or the Accept header, parsed back
with real parsers."""

import csv
import io
from datetime import date

import orjson
from icalendar import Calendar

from tests.diffusion.conftest import PRIVATE_PHONE, SECRET_NOTE
from tests.factories import SECRETS

MARKET = {
    "type": "market_fair",
    "name": {"fr": "Marché des Halles", "en": "Halles market"},
    "location": {
        "commune": {"insee": "37261", "name": "Tours"},
        "latitude": 47.3920,
        "longitude": 0.6790,
    },
    "event": {
        "recurrences": [
            {
                "start_date": "2026-01-03",
                "rrule": "FREQ=WEEKLY;BYDAY=SA;COUNT=4",
                "start_time": "07:00:00",
                "end_time": "13:00:00",
            }
        ]
    },
    "private": {"notes": SECRET_NOTE},
}


def test_ical_by_format_parameter(api, publish):
    publish(MARKET)
    response = api.get("/api/v1/objects", {"format": "ical", "type": "event"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Marché des Halles"
    assert events[0]["DTSTART"].dt.date() == date(2026, 1, 3)
    assert "COUNT=4" in events[0]["RRULE"].to_ical().decode()
    assert SECRET_NOTE.encode() not in response.content


def test_geojson_by_accept_header(api, hotel, castle):
    response = api.get("/api/v1/objects", HTTP_ACCEPT="application/geo+json")
    assert response.status_code == 200
    collection = orjson.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    coordinates = sorted(f["geometry"]["coordinates"] for f in collection["features"])
    # The castle (tests/factories.py) has an altitude: GeoJSON's third position.
    assert coordinates == [[0.6929, 47.3905], [1.0703, 47.3249, 52.0]]
    for secret in SECRETS:  # its private contacts and notes
        assert secret.encode() not in response.content
    assert PRIVATE_PHONE.encode() not in response.content


def test_csv_of_a_selection(api, hotel, castle, office_admin):
    from opensit.diffusion import services

    services.create_selection(office_admin, "castles", "Castles", object_ids=[castle.id])
    response = api.get("/api/v1/selections/castles/objects", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [row["id"] for row in rows] == [castle.id]
    assert SECRET_NOTE not in response.content.decode("utf-8")


def test_unknown_format_is_a_400_naming_the_parameter(api, hotel):
    response = api.get("/api/v1/objects", {"format": "pdf"})
    assert response.status_code == 400
    problem = orjson.loads(response.content)
    assert problem["parameter"] == "format"
    assert "geojson" in problem["detail"]


def test_every_format_serves_the_public_form_and_nothing_else(api, hotel, castle, publish):
    """One public form (`formats.public`): the JSON Lines the API serves are its `lang=all`
    items, and no format, JSON included, carries a private value, the status or the contacts'
    `public` flag."""
    from opensit.diffusion.output import FORMAT_NAMES

    publish(MARKET)
    items = orjson.loads(api.get("/api/v1/objects", {"lang": "all", "limit": 50}).content)["items"]
    jsonl = api.get("/api/v1/objects", {"format": "jsonl", "limit": 50})
    assert jsonl.status_code == 200
    lines = [orjson.loads(line) for line in jsonl.content.splitlines()]
    assert len(items) == 3 and sorted(lines, key=lambda o: o["id"]) == sorted(
        items, key=lambda o: o["id"]
    )
    for line in lines:
        assert "status" not in line and "private" not in line
        assert all("public" not in contact for contact in line["contacts"])
    for name in FORMAT_NAMES:
        response = api.get("/api/v1/objects", {"format": name, "limit": 50})
        assert response.status_code == 200, name
        for secret in (*SECRETS, SECRET_NOTE, PRIVATE_PHONE):
            assert secret.encode() not in response.content, (name, secret)
