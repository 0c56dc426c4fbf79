"""iCalendar: parsed back with icalendar, recurrences expanded with their exception dates."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from opensit.formats.export import write_export

PARIS = ZoneInfo("Europe/Paris")


def expand(event) -> list:
    """Every start of a VEVENT: DTSTART, its RRULE expanded, minus EXDATE."""
    start = event.decoded("dtstart")
    if "rrule" not in event:
        return [start]
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    exdates = event.get("exdate", [])
    exdates = exdates if isinstance(exdates, list) else [exdates]
    skipped = {d.dt for ex in exdates for d in ex.dts}
    return [when for when in rule if when not in skipped]


@pytest.mark.django_db
def test_events_and_recurrences(catalog):
    out = io.BytesIO()
    write_export("ical", out, lang="fr")
    calendar = Calendar.from_ical(out.getvalue())
    events = calendar.walk("VEVENT")
    assert {str(e["summary"]) for e in events} == {"Festival Terres du Son"}  # events only
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Paris"
    by_uid = {str(e["uid"]).split("@")[0].rsplit("-", 1)[1]: e for e in events}
    all_day = by_uid["o0"]
    assert all_day.decoded("dtstart") == date(2026, 7, 10)
    assert all_day.decoded("dtend") == date(2026, 7, 13)  # exclusive end
    daily = by_uid["o1"]
    assert expand(daily) == [datetime(2026, 8, day, 14, tzinfo=PARIS) for day in (1, 2, 3)]
    assert daily.decoded("dtend") == datetime(2026, 8, 1, 23, tzinfo=PARIS)
    weekly = by_uid["r0"]
    saturdays = [datetime(2026, 6, day, 10, tzinfo=PARIS) for day in (6, 20, 27)]
    assert expand(weekly) == saturdays  # the 13th is an exception date
    assert str(weekly["location"]) == "Monts"
    assert weekly["geo"].latitude == 47.2885


def test_object_without_dates_gives_an_empty_calendar():
    from opensit.formats.ical import render_stream

    body = b"".join(render_stream([{"id": "a", "type": "museum", "name": {"fr": "Musée"}}]))
    assert Calendar.from_ical(body).walk("VEVENT") == []
