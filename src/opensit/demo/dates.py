"""The demo's calendar: every date of the demo content is computed from the day `opensit demo`
runs, so that the demo lives today whatever the day: events this weekend, next week and next
month, opening periods that cover today, seasonal things (summer markets, the Christmas market)
at their current or next season. The same day always gives the same dates (re-running the demo
on the same day writes nothing); a later day gives later dates (`refresh.refresh_dates`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

#: A season of a given year: its first and last day.
Season = Callable[[int], tuple[date, date]]


def first_weekday(day: date, weekday: str) -> date:
    """The first `weekday` on or after `day`."""
    return day + timedelta(days=(WEEKDAY_INDEX[weekday] - day.weekday()) % 7)


def last_weekday(day: date, weekday: str) -> date:
    """The last `weekday` on or before `day`."""
    return day - timedelta(days=(day.weekday() - WEEKDAY_INDEX[weekday]) % 7)


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month `months` months after (or before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date, months: int = 0) -> date:
    """The last day of the month `months` months after (or before) `day`'s month."""
    return month_start(day, months + 1) - timedelta(days=1)


def month_day_range(start: tuple[int, int], end: tuple[int, int]) -> Season:
    """A season between two month-days, e.g. (4, 1) to (10, 31); when the end comes before the
    start in the year (November to March) the season ends in the following year."""

    def season(year: int) -> tuple[date, date]:
        wraps = end < start
        return date(year, *start), date(year + 1 if wraps else year, *end)

    return season


@dataclass(frozen=True)
class DemoDays:
    """The dates of the demo for the day it runs (`today`)."""

    today: date

    @property
    def weekend(self) -> tuple[date, date]:
        """This coming weekend, Saturday and Sunday: the current one on a Saturday or Sunday."""
        sunday = self.today + timedelta(days=(6 - self.today.weekday()) % 7)
        return sunday - timedelta(days=1), sunday

    @property
    def next_week(self) -> tuple[date, date]:
        """The week (Monday to Sunday) after this coming weekend."""
        monday = self.weekend[1] + timedelta(days=1)
        return monday, monday + timedelta(days=6)

    @property
    def next_month(self) -> tuple[date, date]:
        """The calendar month after today's."""
        return month_start(self.today, 1), month_end(self.today, 1)

    @property
    def open_year(self) -> tuple[date, date]:
        """A twelve-month run covering today, from the first of this month: the dated opening
        of a place open all year, as a provider types it into a SIT."""
        return month_start(self.today), month_end(self.today, 11)

    def season(self, season: Season) -> tuple[date, date]:
        """The current season, or the next one once this year's is over: the first one that has
        not ended by today."""
        for year in (self.today.year - 1, self.today.year, self.today.year + 1):
            start, end = season(year)
            if end >= self.today:
                return start, end
        raise ValueError("a season must end within a year of its start")  # pragma: no cover

    def months(self, start: tuple[int, int], end: tuple[int, int]) -> tuple[date, date]:
        """`season` of a month-day range: `months((4, 1), (10, 31))` is April to October."""
        return self.season(month_day_range(start, end))

    def next_date(self, month: int, day: int) -> date:
        """The next `day`/`month` on or after today (a Christmas closure, New Year's Day)."""
        return self.months((month, day), (month, day))[0]
