"""iCalendar (RFC 5545) for events: each occurrence and each recurrence is a VEVENT.

- an occurrence without times is an all-day event over its date range (DTEND exclusive);
- an occurrence with times over several days happens every day at those times: a daily
  RRULE until its last day;
- a recurrence keeps its RRULE, and its exception dates become EXDATE;
- an event with a start time and no end time has no DTEND (RFC 5545 3.6.1): none is invented.
LAST-MODIFIED is the source's own update date when it gave one, else ours; DTSTAMP is ours.
Times are local to Europe/Paris (TZID, with its VTIMEZONE). Objects without event dates are
skipped; the report counts the VEVENTs written. Texts lose their control characters and
icalendar escapes them; a URL loses every space and control character; coordinates are
numbers: no value can break a property.
"""

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vRecur

from opensit.formats.public import as_public_form, contact_values
from opensit.formats.safety import RenderReport, each_rendered, ical_text, ical_uri
from opensit.formats.text import address_text, default_language, text, type_label

TZID = "Europe/Paris"
PRODID = "-//OpenSIT//Open data diffusion//EN"
TZ_FROM, TZ_UNTIL = date(2000, 1, 1), date(2050, 1, 1)
"""The VTIMEZONE covers these years; fixed, so that an unchanged export keeps its ETag."""


def _tz() -> ZoneInfo:
    return ZoneInfo(TZID)


def _at(day: str, at: str | None) -> date | datetime:
    start = date.fromisoformat(day)
    if not at:
        return start
    return datetime.combine(start, time.fromisoformat(at), tzinfo=_tz())


def _end(
    start_day: str, end_day: str | None, start: str | None, end: str | None
) -> date | datetime | None:
    """DTEND; None for an event that has a start time and no end time: RFC 5545 lets a
    VEVENT have only DTSTART, and an invented end would be a false fact."""
    if not start:
        return date.fromisoformat(end_day or start_day) + timedelta(days=1)
    if not end:
        return None
    closes = _at(start_day, end)
    return closes if closes > _at(start_day, start) else closes + timedelta(days=1)


def _add_end(event: Event, end: date | datetime | None) -> None:
    if end is not None:
        event.add("dtend", end)


def _rule(rrule: str, start_time: str | None) -> vRecur:
    """The rule as stored; a date UNTIL of a timed event becomes the UTC end of that day, as
    RFC 5545 wants UNTIL to match DTSTART's value type."""
    rule = vRecur.from_ical(rrule)
    until = rule.get("UNTIL")
    if start_time and until and not isinstance(until[0], datetime):
        last = datetime.combine(until[0], time(23, 59, 59), tzinfo=_tz())
        rule["UNTIL"] = [last.astimezone(UTC)]
    return rule


def _common(event: Event, doc: dict[str, Any], lang: str) -> None:
    event.add("summary", ical_text(text(doc.get("name"), lang)))
    description = text(doc.get("short_description"), lang) or text(doc.get("description"), lang)
    if description:
        event.add("description", ical_text(description))
    location = doc.get("location", {})
    where = address_text(location)
    if where:
        event.add("location", ical_text(where))
    if location.get("latitude") is not None and location.get("longitude") is not None:
        event.add("geo", (float(location["latitude"]), float(location["longitude"])))
    website = contact_values(doc, "website")
    if website and ical_uri(website[0]):
        event.add("url", ical_uri(website[0]))
    event.add("categories", [ical_text(type_label(doc, lang))])
    ours = _instant(doc.get("updated_at"))
    if ours:
        event.add("dtstamp", ours)
    modified = _instant((doc.get("source") or {}).get("updated_at")) or ours
    if modified:
        event.add("last-modified", modified)


def _instant(value: Any) -> datetime | None:
    """A stored date-time as an aware UTC datetime (a date is its midnight UTC); None when
    absent or unreadable."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def vevents(document: dict[str, Any], lang: str, today: date | None = None) -> list[Event]:
    doc = as_public_form(document, today)
    dates = doc.get("event") or {}
    out = []
    for number, occ in enumerate(dates.get("occurrences", [])):
        event = Event()
        event.add("uid", ical_text(f"{doc.get('id', '')}-o{number}@opensit"))
        event.add("dtstart", _at(occ["start_date"], occ.get("start_time")))
        multi_day = occ.get("end_date") and occ["end_date"] != occ["start_date"]
        if occ.get("start_time") and multi_day:
            _add_end(event, _end(occ["start_date"], None, occ["start_time"], occ.get("end_time")))
            until = _at(occ["end_date"], occ.get("end_time") or occ["start_time"])
            event.add("rrule", {"freq": "daily", "until": until.astimezone(UTC)})
        else:
            _add_end(
                event,
                _end(
                    occ["start_date"],
                    occ.get("end_date"),
                    occ.get("start_time"),
                    occ.get("end_time"),
                ),
            )
        _common(event, doc, lang)
        out.append(event)
    for number, rec in enumerate(dates.get("recurrences", [])):
        event = Event()
        event.add("uid", ical_text(f"{doc.get('id', '')}-r{number}@opensit"))
        event.add("dtstart", _at(rec["start_date"], rec.get("start_time")))
        _add_end(event, _end(rec["start_date"], None, rec.get("start_time"), rec.get("end_time")))
        event.add("rrule", _rule(rec["rrule"], rec.get("start_time")))
        for day in rec.get("exdates", []):
            event.add("exdate", _at(day, rec.get("start_time")))
        _common(event, doc, lang)
        out.append(event)
    return out


def _events_ical(document: dict[str, Any], lang: str, today: date) -> tuple[bytes, int]:
    """The object's VEVENTs and how many they are."""
    if not document.get("event"):
        return b"", 0
    events = vevents(document, lang, today)
    return b"".join(event.to_ical() for event in events), len(events)


def render_stream(
    documents: Iterable[dict[str, Any]],
    lang: str | None = None,
    *,
    today: date | None = None,
    report: RenderReport | None = None,
) -> Iterator[bytes]:
    """The VCALENDAR header with its VTIMEZONE, then the events object by object."""
    lang = lang or default_language()
    today = today or timezone.localdate()
    head = Calendar()
    head.add("prodid", PRODID)
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("x-wr-timezone", TZID)
    head.add_component(Timezone.from_tzid(TZID, first_date=TZ_FROM, last_date=TZ_UNTIL))
    opening = head.to_ical()
    yield opening[: opening.rindex(b"END:VCALENDAR")]
    events = each_rendered(
        documents, lambda document: _events_ical(document, lang, today), "ical", report
    )
    for chunk, count in events:
        if chunk:
            if report is not None:
                report.wrote(count)
            yield chunk
    yield b"END:VCALENDAR\r\n"
