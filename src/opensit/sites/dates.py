"""The days an event takes place, its recurrences expanded: what the agenda and the detail
pages list ("this weekend", "today", the next dates)."""

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from opensit.formats.jsonld_parts import recurrence_days


@dataclass(frozen=True, order=True)
class EventDay:
    day: date
    end: date | None = None
    start_time: time | None = None
    end_time: time | None = None


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _time(value: Any) -> time | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def event_days(event: dict[str, Any] | None, start: date, end: date) -> list[EventDay]:
    """The dates of `event` (a public form's `event`) that meet [start, end], sorted. A
    several-day occurrence counts when any of its days is in the window."""
    out: set[EventDay] = set()
    for occ in (event or {}).get("occurrences", []):
        first = _date(occ.get("start_date"))
        last = _date(occ.get("end_date")) or first
        if first is None or last < start or first > end:
            continue
        out.add(
            EventDay(
                first,
                last if last != first else None,
                _time(occ.get("start_time")),
                _time(occ.get("end_time")),
            )
        )
    for rec in (event or {}).get("recurrences", []):
        first = _date(rec.get("start_date"))
        if first is None or first > end:
            continue
        exdates = tuple(str(_date(d)) for d in rec.get("exdates", []))
        opens, closes = _time(rec.get("start_time")), _time(rec.get("end_time"))
        # the formats' expansion, cached per rule: the same rules come back on every page
        for text in recurrence_days(first.isoformat(), str(rec["rrule"]), exdates):
            day = date.fromisoformat(text)
            if day > end:
                break
            if day >= start:
                out.add(EventDay(day, None, opens, closes))
    return sorted(out)


def weekend(today: date) -> tuple[date, date]:
    """This weekend: Saturday and Sunday of this week (today itself on a Sunday)."""
    if today.weekday() == 6:
        return today - timedelta(days=1), today
    saturday = today + timedelta(days=5 - today.weekday())
    return saturday, saturday + timedelta(days=1)
