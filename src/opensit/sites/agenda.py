"""The agenda: the events a site shows in a date window, one line per day they take place
(recurrences and several-day occurrences expanded, `dates.event_days`), grouped by day."""

from dataclasses import dataclass
from datetime import date, time, timedelta

import orjson
from django.http import QueryDict
from django.utils.translation import gettext as _

from opensit.diffusion.models import Selection
from opensit.diffusion.output import load_bodies
from opensit.sites import cards, listing, params
from opensit.sites.dates import EventDay, event_days, weekend
from opensit.sites.models import Destination
from opensit.sites.params import BadParameter

DEFAULT_DAYS = 30
MAX_DAYS = 366
LINES_PER_PAGE = 50
#: Events read for one window at most (their days are expanded, then paged).
MAX_EVENTS = 2000


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def window(query: QueryDict, today: date) -> Window:
    """`from` and `to` (inclusive): today and 30 days on by default, 366 days at most."""
    start = params.day(query, "from")
    end = params.day(query, "to")
    start = start or today
    end = end or start + timedelta(days=DEFAULT_DAYS)
    if end < start:
        raise BadParameter("to", _("the window ends before it starts"))
    if (end - start).days + 1 > MAX_DAYS:
        raise BadParameter("to", _("the window is at most %(max)d days") % {"max": MAX_DAYS})
    return Window(start, end)


def shortcuts(today: date) -> dict[str, Window]:
    saturday, sunday = weekend(today)
    return {"today": Window(today, today), "weekend": Window(saturday, sunday)}


@dataclass
class Line:
    day: date
    card: cards.Card
    when: EventDay


@dataclass
class Day:
    day: date
    lines: list[Line]


def _expanded(when: EventDay, span: Window) -> list[date]:
    """The days of the window an occurrence covers (each day of a several-day one)."""
    first, last = max(when.day, span.start), min(when.end or when.day, span.end)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def lines(
    destination: Destination, selection: Selection | None, span: Window, lang: str
) -> list[Line]:
    """Every line of the window, by day, then starting time, then name."""
    wanted = {"types": ["event"], "event_from": span.start, "event_to": span.end}
    found = listing.bounds(destination, selection, [], wanted)
    if found.nothing or found.ids == []:
        return []
    ids = listing.search_ids(
        {
            **{k: v for k, v in found.params.items() if v not in (None, [])},
            "ids": found.ids,
            "lang": lang,
            "sort": "start_date",
        },
        MAX_EVENTS,
    )
    bodies, _updated = load_bodies(ids, lang)
    out = []
    for object_id in ids:
        if object_id not in bodies:
            continue
        body = orjson.loads(bodies[object_id])
        card = cards.card(body, lang, span.start)
        for when in event_days(body.get("event"), span.start, span.end):
            out.extend(Line(day, card, when) for day in _expanded(when, span))
    out.sort(key=lambda line: (line.day, line.when.start_time or time.min, line.card.name))
    return out


def by_day(page_lines: list[Line]) -> list[Day]:
    days: list[Day] = []
    for line in page_lines:
        if not days or days[-1].day != line.day:
            days.append(Day(line.day, []))
        days[-1].lines.append(line)
    return days
