"""Tourinsoft `PeriodeOuverture` -> opening periods, closures and (for events) dates.

A v2 period is `start|end|opens|closes|opens again|closes again|open days|closed days`, days
separated by `$`: `01/01/2019|21/07/2019|08:00|15:00|18:00|22:00|Dimanche$Mardi soir|Lundi`.
A day may be open only in the morning (`Mardi matin`: the first time range) or the evening
(`Mardi soir`: the second); `Jours fériés` among the closed days closes every public holiday.
Shorter items (dates, then times, then days) are read by what each part looks like.
"""

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import (
    WEEKDAYS,
    Closure,
    EventDates,
    Occurrence,
    Opening,
    OpeningPeriod,
    TimeRange,
)
from opensit.connectors.base import RecordReport
from opensit.connectors.tourinsoft.values import (
    SUBPART,
    items,
    parse_date,
    parse_time,
    parts,
    slug,
    text,
)

DAYS = {
    "lundi": "mon",
    "mardi": "tue",
    "mercredi": "wed",
    "jeudi": "thu",
    "vendredi": "fri",
    "samedi": "sat",
    "dimanche": "sun",
}
EVERY_DAY = {"tous-les-jours", "toute-la-semaine", "7j-7", "7-7"}
HOLIDAY_WORDS = {"jours-feries", "jour-ferie", "feries"}
#: National public holidays (26 December is only a holiday in Alsace-Moselle).
NATIONAL_HOLIDAYS = (
    "jan-1",
    "easter-monday",
    "may-1",
    "may-8",
    "ascension",
    "whit-monday",
    "jul-14",
    "aug-15",
    "nov-1",
    "nov-11",
    "dec-25",
)
HOLIDAYS_OPEN = "Ouvert les jours fériés"
MORNING = ("matin",)
EVENING = ("soir", "apres-midi", "aprem")


@dataclass
class Days:
    """The days of one list: whole days, mornings, evenings, and what is not a weekday."""

    whole: list[str] = field(default_factory=list)
    morning: list[str] = field(default_factory=list)
    evening: list[str] = field(default_factory=list)
    holidays: bool = False
    other: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.whole or self.morning or self.evening or self.holidays or self.other)


def _days(value: str) -> Days:
    out = Days()
    for token in (t.strip() for t in value.replace(",", SUBPART).split(SUBPART)):
        key = slug(token)
        if not key:
            continue
        if key in EVERY_DAY:
            out.whole.extend(d for d in WEEKDAYS if d not in out.whole)
            continue
        if key in HOLIDAY_WORDS:
            out.holidays = True
            continue
        words = key.split("-")
        day = DAYS.get(words[0].rstrip("s"))
        if day is None:
            out.other.append(token)
        elif words[1:] and "-".join(words[1:]) in MORNING:
            out.morning.append(day)
        elif words[1:] and "-".join(words[1:]) in EVENING:
            out.evening.append(day)
        else:
            out.whole.append(day)
    return out


@dataclass
class Period:
    """One item of `PeriodeOuverture`, read."""

    start: date | None
    end: date | None
    ranges: list[TimeRange]
    open_days: Days
    closed_days: Days
    rest: list[str]


def _ranges(values: list[str]) -> list[TimeRange]:
    out = []
    for index in range(0, len(values) - 1, 2):
        opens, closes = parse_time(values[index]), parse_time(values[index + 1])
        if opens is not None:
            out.append(TimeRange(opens=opens, closes=closes))
    if len(values) % 2 and (opens := parse_time(values[-1])) is not None:
        out.append(TimeRange(opens=opens))
    return out


def read_period(item: str) -> Period | None:
    """One `#` item; None when it holds no date at all."""
    pieces = parts(item)
    start, end = parse_date(pieces[0]), parse_date(pieces[1]) if len(pieces) > 1 else None
    if start is None and end is None:
        return None
    rest = pieces[2:]
    if len(rest) >= 6:  # the full form: four times, open days, closed days, anything more
        times, open_days, closed_days, extra = rest[:4], rest[4], rest[5], rest[6:]
    else:
        times = [p for p in rest if parse_time(p) is not None]
        days = [p for p in rest if p and parse_time(p) is None]
        open_days = days[0] if days else ""
        closed_days = days[1] if len(days) > 1 else ""
        extra = days[2:]
    return Period(
        start, end, _ranges(times), _days(open_days), _days(closed_days), [e for e in extra if e]
    )


def _open_periods(period: Period) -> list[OpeningPeriod]:
    """The opening periods of one item: whole days with every time range, mornings with the
    first, evenings with the last."""
    days, ranges = period.open_days, period.ranges
    whole = list(days.whole)
    if not (days.whole or days.morning or days.evening):
        closed = set(period.closed_days.whole)
        whole = [d for d in WEEKDAYS if d not in closed] if closed else []
    notes = list(days.other)
    if days.holidays:  # the source's words, in its language (data, not interface)
        notes.append(HOLIDAYS_OPEN)
    notes += period.rest
    label = {"fr": ", ".join(notes)} if notes else {}
    common = {"start": period.start, "end": period.end, "label": label}
    out = [OpeningPeriod(weekdays=whole, times=ranges, **common)]
    if days.morning:
        out.append(OpeningPeriod(weekdays=days.morning, times=ranges[:1], **common))
    if days.evening:
        out.append(OpeningPeriod(weekdays=days.evening, times=ranges[-1:], **common))
    if not whole and (days.morning or days.evening):
        out.pop(0)
    return out


def opening(value: Any, field_name: str, report: RecordReport) -> tuple[Opening, list[Period]]:
    """The opening of a `PeriodeOuverture` string, and its periods read (for event dates)."""
    periods: list[OpeningPeriod] = []
    closures: list[Closure] = []
    read: list[Period] = []
    for index, item in enumerate(items(value)):
        period = read_period(item)
        where = f"{field_name}[{index}]"
        if period is None:
            report.warn(where, _("no date in period %(item)r; ignored") % {"item": item})
            continue
        if period.start and period.end and period.end < period.start:
            report.warn(
                where,
                _("period ends (%(end)s) before it starts (%(start)s); ignored")
                % {"end": period.end, "start": period.start},
            )
            continue
        read.append(period)
        periods.extend(_open_periods(period))
        if period.closed_days.holidays and not closures:
            closures = [Closure(holiday=code) for code in NATIONAL_HOLIDAYS]
    return Opening(periods=periods, closures=closures), read


def event_dates(periods: list[Period]) -> EventDates | None:
    """Each period of an event is one occurrence, from its first opening to its last closing."""
    occurrences = []
    for period in periods:
        start = period.start or period.end
        end = period.end if period.end and period.end != start else None
        first: time | None = period.ranges[0].opens if period.ranges else None
        last: time | None = period.ranges[-1].closes if period.ranges else None
        occurrences.append(
            Occurrence(start_date=start, end_date=end, start_time=first, end_time=last)
        )
    return EventDates(occurrences=occurrences) if occurrences else None


def summary(value: Any) -> dict[str, str]:
    """A free-text opening (`Horaires`, `OuvertureEnClair`) as the opening summary."""
    raw = text(value)
    return {"fr": raw} if raw else {}
