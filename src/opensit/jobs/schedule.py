"""The periodic schedule (`OPENSIT_SCHEDULE`): which job runs when, and the tick that enqueues
each due run exactly once, whatever the number of workers.

An entry is `{"cron": "min hour day month weekday"}` (the usual five fields, in TIME_ZONE,
with `*`, lists, ranges and steps) or `{"every": seconds}`; `"job": "dotted.path"` names a
job of another app (default: `opensit.jobs.tasks.<name>`), `"kwargs"` its arguments.

Exactly once: each entry has a `ScheduledJob` row. A worker that finds it due moves
`next_run_at` forward with `UPDATE ... WHERE next_run_at = <the value it read>` and enqueues
the job in the same transaction. Of two workers ticking together, the second's UPDATE matches
no row (PostgreSQL re-reads the row after the first commits; SQLite serialises the two
write transactions), so it enqueues nothing. A run missed while no worker ran is run once,
late; the next one is computed from now.
"""

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from opensit.jobs.models import ScheduledJob

logger = logging.getLogger(__name__)

FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("weekday", 0, 7))
LOCK_RETRIES = 20


@dataclass(frozen=True)
class Cron:
    """A parsed five-field cron expression."""

    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday, as cron
    any_day: bool
    any_weekday: bool

    def day_matches(self, day: datetime) -> bool:
        weekday = day.isoweekday() % 7
        if self.any_day or self.any_weekday:  # cron: both restricted means either
            return day.day in self.days and weekday in self.weekdays
        return day.day in self.days or weekday in self.weekdays


def _values(text: str, name: str, low: int, high: int, where: str) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        span, _slash, step_text = part.partition("/")
        try:
            step = int(step_text) if step_text else 1
            if span == "*":
                first, last = low, high
            elif "-" in span:
                first, last = (int(bound) for bound in span.split("-", 1))
            else:
                first = last = int(span)
                if step_text:
                    last = high
        except ValueError:
            first = last = step = -1
        if step < 1 or not low <= first <= last <= high:
            raise ImproperlyConfigured(
                f"OPENSIT_SCHEDULE[{where!r}]: bad cron {name} field {text!r}"
                f" (numbers {low}-{high}, *, lists, ranges, /steps)"
            )
        values.update(range(first, last + 1, step))
    return frozenset(values)


def parse_cron(expression: str, where: str = "?") -> Cron:
    """The five fields of `expression`; ImproperlyConfigured naming the job and the field."""
    parts = expression.split()
    if len(parts) != 5:
        raise ImproperlyConfigured(
            f"OPENSIT_SCHEDULE[{where!r}]: a cron expression has 5 fields"
            f" (minute hour day month weekday), not {expression!r}"
        )
    sets = [_values(text, *field, where) for text, field in zip(parts, FIELDS, strict=True)]
    weekdays = frozenset(day % 7 for day in sets[4])
    return Cron(sets[0], sets[1], sets[2], sets[3], weekdays, parts[2] == "*", parts[4] == "*")


def next_cron(cron: Cron, after: datetime, zone: ZoneInfo) -> datetime:
    """The first minute strictly after `after` that the expression matches, in `zone` wall
    time (a time skipped by a DST change runs an hour later; a repeated hour runs once)."""
    local = after.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    local += timedelta(minutes=1)
    limit = local + timedelta(days=366 * 5)
    while local < limit:
        if local.month not in cron.months:
            year, month = (
                (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
            )
            local = datetime(year, month, 1)
        elif not cron.day_matches(local):
            local = datetime(local.year, local.month, local.day) + timedelta(days=1)
        elif local.hour not in cron.hours:
            local = local.replace(minute=0) + timedelta(hours=1)
        elif local.minute not in cron.minutes:
            local += timedelta(minutes=1)
        else:
            found = local.replace(tzinfo=zone).astimezone(UTC)
            if found > after:
                return found
            local += timedelta(minutes=1)
    raise ImproperlyConfigured(f"cron expression never matches: {cron}")


@dataclass(frozen=True)
class Entry:
    """One periodic job of the settings, checked."""

    name: str
    spec: str
    task: Task
    kwargs: dict[str, Any]
    cron: Cron | None = None
    every: timedelta | None = None

    def next_after(self, now: datetime) -> datetime:
        if self.every is not None:
            return now + self.every
        assert self.cron is not None
        return next_cron(self.cron, now, ZoneInfo(settings.TIME_ZONE))

    def first(self, now: datetime) -> datetime:
        """When a new entry first runs: an interval job at once, a cron job at its time."""
        return now if self.every is not None else self.next_after(now)


def entries() -> list[Entry]:
    """The schedule of the settings, checked: a bad entry is an error naming it."""
    found = []
    for name, raw in (getattr(settings, "OPENSIT_SCHEDULE", None) or {}).items():
        if not raw or raw == "off":
            continue
        if not isinstance(raw, dict) or ("cron" in raw) == ("every" in raw):
            raise ImproperlyConfigured(
                f"OPENSIT_SCHEDULE[{name!r}]: give {{'cron': 'min hour day month weekday'}}"
                " or {'every': seconds}"
            )
        path = raw.get("job") or f"opensit.jobs.tasks.{name}"
        try:
            task = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"OPENSIT_SCHEDULE[{name!r}]: no job {path!r}") from exc
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"OPENSIT_SCHEDULE[{name!r}]: {path!r} is not a job")
        kwargs = dict(raw.get("kwargs") or {})
        if "cron" in raw:
            cron = parse_cron(str(raw["cron"]), name)
            found.append(Entry(name, f"cron {raw['cron']}", task, kwargs, cron=cron))
            continue
        try:
            seconds = float(raw["every"])
        except (TypeError, ValueError):
            seconds = 0
        if seconds < 1:
            raise ImproperlyConfigured(
                f"OPENSIT_SCHEDULE[{name!r}]: 'every' is a number of seconds, 1 or more"
            )
        found.append(
            Entry(name, f"every {seconds:g}s", task, kwargs, every=timedelta(seconds=seconds))
        )
    return found


def _row(entry: Entry, now: datetime) -> ScheduledJob:
    """The entry's row, created (or reset after a change of schedule) as needed."""
    row = ScheduledJob.objects.filter(name=entry.name).first()
    if row is None:
        try:
            with transaction.atomic():
                return ScheduledJob.objects.create(
                    name=entry.name, spec=entry.spec, next_run_at=entry.first(now)
                )
        except IntegrityError:  # another worker created it meanwhile
            return ScheduledJob.objects.get(name=entry.name)
    if row.spec != entry.spec:
        ScheduledJob.objects.filter(name=entry.name, spec=row.spec).update(
            spec=entry.spec, next_run_at=entry.first(now)
        )
        row.refresh_from_db()
    return row


def _claim_and_enqueue(entry: Entry, due: datetime, now: datetime) -> bool:
    """Move the row past `due` and enqueue the job, in one transaction; False if another
    worker moved it first."""
    with transaction.atomic():
        claimed = ScheduledJob.objects.filter(name=entry.name, next_run_at=due).update(
            next_run_at=entry.next_after(now), last_run_at=now
        )
        if claimed != 1:
            return False
        result = entry.task.enqueue(**entry.kwargs)
        ScheduledJob.objects.filter(name=entry.name).update(last_result_id=str(result.id))
    return True


def _tick_entry(entry: Entry, now: datetime) -> bool:
    row = _row(entry, now)
    return row.next_run_at <= now and _claim_and_enqueue(entry, row.next_run_at, now)


def tick(now: datetime | None = None) -> list[str]:
    """Enqueue every periodic job due at `now`; the names of those this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in entries():
        for attempt in range(LOCK_RETRIES):
            try:
                if _tick_entry(entry, now):
                    enqueued.append(entry.name)
                    logger.info("periodic job %s enqueued", entry.name)
                break
            except OperationalError as exc:  # SQLite: another writer holds the database
                if "locked" not in str(exc) or attempt == LOCK_RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
    return enqueued
