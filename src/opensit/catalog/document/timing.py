"""When an object is open, and when an event takes place.

Periods are stored compactly: one range with weekdays and times, never one entry per day.
Event dates are occurrences (date ranges) plus recurrence rules (RFC 5545 RRULE), so that an
18-month exhibition is one occurrence, and a weekly market one rule.
"""

from datetime import date, time

from dateutil.rrule import rrulestr
from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from opensit.catalog.document.base import Part
from opensit.catalog.document.values import LabelText, LongText, ShortText, single_line
from opensit.catalog.holidays import HOLIDAYS

Day = date  # `Closure.date` shadows the type inside the class
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Bounds of the lists of dates (real data holds tens at most; see docs/security.md).
PERIODS = 1_000
OCCURRENCES = 5_000


class TimeRange(Part):
    opens: time
    closes: time | None = None


class OpeningPeriod(Part):
    start: date | None = None
    end: date | None = None
    weekdays: list[str] = Field(default=[], max_length=50, description="Empty means every day")
    times: list[TimeRange] = Field([], max_length=50)
    recurs_yearly: bool = False
    closed: bool = Field(False, description="A closure period (holidays, works)")
    exceptional: bool = Field(
        False, description="An exceptional opening, outside the usual periods (a holiday)"
    )
    label: ShortText = {}

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: list[str]) -> list[str]:
        bad = [day for day in value if day not in WEEKDAYS]
        if bad:
            raise PydanticCustomError(
                "unknown_weekday",
                "unknown weekday {value}, expected one of {expected}",
                {"value": repr(bad[0]), "expected": ", ".join(WEEKDAYS)},
            )
        return sorted(set(value), key=WEEKDAYS.index)

    @model_validator(mode="after")
    def _ordered(self) -> "OpeningPeriod":
        if self.start and self.end and self.end < self.start:
            raise PydanticCustomError(
                "period_order",
                "period ends ({end}) before it starts ({start})",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self


class Closure(Part):
    """A day the object is closed: a date, or a public holiday every year (`holiday`)."""

    date: Day | None = None
    holiday: str = Field("", description="A French public holiday, closed every year: jan-1...")
    reason: LabelText = {}

    @field_validator("holiday")
    @classmethod
    def _known_holiday(cls, value: str) -> str:
        if value and value not in HOLIDAYS:
            raise PydanticCustomError(
                "unknown_holiday",
                "unknown holiday {value}, expected one of {expected}",
                {"value": repr(value), "expected": ", ".join(HOLIDAYS)},
            )
        return value

    @model_validator(mode="after")
    def _when(self) -> "Closure":
        if self.date is None and not self.holiday:
            raise PydanticCustomError("closure_when", "a closure needs a date or a public holiday")
        return self


class Opening(Part):
    periods: list[OpeningPeriod] = Field([], max_length=PERIODS)
    closures: list[Closure] = Field([], max_length=PERIODS)
    summary: LongText = {}


class Occurrence(Part):
    start_date: date
    end_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Occurrence":
        if self.end_date and self.end_date < self.start_date:
            raise PydanticCustomError(
                "occurrence_order",
                "occurrence ends ({end}) before it starts",
                {"end": str(self.end_date)},
            )
        return self


class Recurrence(Part):
    """A recurring event: a start date and an RRULE, e.g. `FREQ=WEEKLY;BYDAY=SA;UNTIL=...`."""

    start_date: date
    rrule: single_line(1_000)
    start_time: time | None = None
    end_time: time | None = None
    exdates: list[date] = Field([], max_length=OCCURRENCES)

    @field_validator("rrule")
    @classmethod
    def _valid_rrule(cls, value: str) -> str:
        value = value.strip().removeprefix("RRULE:")
        try:
            rule = rrulestr(value, dtstart=date(2000, 1, 1))
        except (ValueError, TypeError) as exc:
            raise PydanticCustomError(
                "rrule_invalid",
                "invalid recurrence rule {value}: {error}",
                {"value": repr(value), "error": str(exc)},
            ) from exc
        if rule._count is None and rule._until is None:
            raise PydanticCustomError("rrule_unbounded", "a recurrence rule needs COUNT or UNTIL")
        return value


class EventDates(Part):
    occurrences: list[Occurrence] = Field([], max_length=OCCURRENCES)
    recurrences: list[Recurrence] = Field([], max_length=PERIODS)
