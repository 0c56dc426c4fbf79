"""Compaction of DATAtourisme date lists.

Sources often send one period per day: an 18-month exhibition open Tuesday to Sunday arrives
as hundreds of one-day periods. We store them as ranges with weekdays, exactly: a run of
single days becomes one range only when every day of the range that falls on one of the run's
weekdays is in the run, so nothing is added and nothing is lost.
"""

from collections.abc import Hashable, Iterable
from datetime import date, timedelta

from opensit.catalog.document import WEEKDAYS

ALL_DAYS = frozenset(range(7))


def _count_days(start: date, end: date, weekdays: frozenset[int]) -> int:
    """How many days in [start, end] fall on one of `weekdays` (0 = Monday)."""
    total = (end - start).days + 1
    full_weeks, rest = divmod(total, 7)
    count = full_weeks * len(weekdays)
    first = start.weekday()
    count += sum(1 for offset in range(rest) if (first + offset) % 7 in weekdays)
    return count


def runs(days: Iterable[date]) -> list[tuple[date, date, frozenset[int]]]:
    """Split sorted distinct days into exact runs: (first, last, weekdays of the run).

    A run is extended while the days seen so far are exactly the days of [first, last] that fall
    on the run's weekdays. Consecutive days give a plain range; a weekly pattern (every Saturday,
    Tuesday to Sunday) gives a range restricted to its weekdays.
    """
    out: list[tuple[date, date, frozenset[int]]] = []
    current: list[date] = []
    weekdays: frozenset[int] = frozenset()
    for day in sorted(set(days)):
        if current:
            candidate = weekdays | {day.weekday()}
            if (day - current[-1]).days <= 7 and _count_days(current[0], day, candidate) == len(
                current
            ) + 1:
                current.append(day)
                weekdays = candidate
                continue
            out.append((current[0], current[-1], weekdays))
        current, weekdays = [day], frozenset({day.weekday()})
    if current:
        out.append((current[0], current[-1], weekdays))
    return out


def is_every_day(first: date, last: date, weekdays: frozenset[int]) -> bool:
    """True when the run covers every day of its range (no weekday restriction needed)."""
    return _count_days(first, last, weekdays) == (last - first).days + 1


def weekday_codes(weekdays: Iterable[int]) -> list[str]:
    return [WEEKDAYS[day] for day in sorted(weekdays)]


def group_single_days(
    items: Iterable[tuple[date, Hashable]],
) -> dict[Hashable, list[tuple[date, date, frozenset[int]]]]:
    """Runs of single days, per key (the key holds the times and label that must match)."""
    by_key: dict[Hashable, list[date]] = {}
    for day, key in items:
        by_key.setdefault(key, []).append(day)
    return {key: runs(days) for key, days in by_key.items()}


def rrule_weekly(first: date, last: date, weekdays: frozenset[int]) -> str:
    byday = ",".join(("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day] for day in sorted(weekdays))
    return f"FREQ=WEEKLY;BYDAY={byday};UNTIL={last:%Y%m%d}"


def day_after(day: date) -> date:
    return day + timedelta(days=1)
