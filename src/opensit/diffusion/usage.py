"""Usage accounting without a write per request: counts accumulate in process memory and are
flushed to the database in batches (every N requests or every few minutes, and on demand)."""

import hashlib
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from opensit.diffusion.models import DiffusionProject, EmptySearch, UsageCounter


def _flush_every() -> int:
    return getattr(settings, "OPENSIT_USAGE_FLUSH_EVERY", 200)


def _flush_seconds() -> float:
    return getattr(settings, "OPENSIT_USAGE_FLUSH_SECONDS", 300)


class UsageBuffer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.counters: dict[tuple[int, date, str], list[int]] = defaultdict(lambda: [0, 0])
        self.empty: dict[tuple[int, date, str], list[Any]] = {}
        self.pending = 0
        self.since = time.monotonic()

    def record(
        self,
        project_id: int,
        endpoint: str,
        objects: int = 0,
        empty_search: dict[str, Any] | None = None,
    ) -> None:
        day = timezone.localdate()
        with self._lock:
            counter = self.counters[(project_id, day, endpoint)]
            counter[0] += 1
            counter[1] += objects
            if empty_search is not None:
                body = orjson.dumps(empty_search, option=orjson.OPT_SORT_KEYS)
                key = (project_id, day, hashlib.sha1(body).hexdigest())
                self.empty.setdefault(key, [empty_search, 0])[1] += 1
            self.pending += 1
            due = (
                self.pending >= _flush_every() or time.monotonic() - self.since >= _flush_seconds()
            )
        if due:
            self.flush()

    def take(self) -> tuple[dict, dict]:
        with self._lock:
            counters, empty = dict(self.counters), dict(self.empty)
            self._reset()
        return counters, empty

    def flush(self) -> int:
        """Write the accumulated counts; returns the number of rows touched.

        One upsert per table (`INSERT ... ON CONFLICT DO UPDATE` adding to the stored counts,
        on SQLite and PostgreSQL alike), in one transaction: a flush with get_or_create and an
        UPDATE per row cost ~30 ms on SQLite, paid by the request that triggered it."""
        counters, empty = self.take()
        if not counters and not empty:
            return 0
        # A project deleted since its requests were counted takes its counts with it (a
        # foreign key violation would fail the request that happens to flush).
        live = set(
            DiffusionProject.objects.filter(
                pk__in={key[0] for key in (*counters, *empty)}
            ).values_list("pk", flat=True)
        )
        counters = {key: value for key, value in counters.items() if key[0] in live}
        empty = {key: value for key, value in empty.items() if key[0] in live}
        if not counters and not empty:
            return 0
        ops = connection.ops
        with transaction.atomic(), connection.cursor() as cursor:
            if counters:
                cursor.executemany(
                    _upsert(UsageCounter, ("project_id", "day", "endpoint"),
                            ("requests", "objects_served")),
                    [
                        (project_id, ops.adapt_datefield_value(day), endpoint, requests, objects)
                        for (project_id, day, endpoint), (requests, objects) in counters.items()
                    ],
                )  # fmt: skip
            if empty:
                params = EmptySearch._meta.get_field("params")
                cursor.executemany(
                    _upsert(EmptySearch, ("project_id", "day", "params_key"), ("count",), "params"),
                    [
                        (project_id, ops.adapt_datefield_value(day), key, count,
                         params.get_db_prep_value(query, connection))
                        for (project_id, day, key), (query, count) in empty.items()
                    ],
                )  # fmt: skip
        return len(counters) + len(empty)


def _upsert(model: Any, keys: tuple[str, ...], counts: tuple[str, ...], *other: str) -> str:
    """INSERT the row, or add its counts to the stored row with the same keys."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*keys, *counts, *other]
    added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}"
    )


BUFFER = UsageBuffer()


def daily_requests(project_id: int, days: int = 30) -> list[tuple[date, int]]:
    """Requests per day over the last `days` days, today included, zero on quiet days. The
    counts of this process not flushed yet are written first, so a project's owner sees the
    call they just made."""
    BUFFER.flush()
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = (
        UsageCounter.objects.filter(project_id=project_id, day__gte=start)
        .values("day")
        .annotate(n=Sum("requests"))
    )
    counts = {row["day"]: row["n"] for row in rows}
    return [
        (start + timedelta(days=i), counts.get(start + timedelta(days=i), 0)) for i in range(days)
    ]


def requests_by_endpoint(project_id: int, days: int = 30) -> list[tuple[str, int, int]]:
    """(endpoint, requests, objects served) over the last `days` days, busiest first."""
    start = timezone.localdate() - timedelta(days=days - 1)
    rows = (
        UsageCounter.objects.filter(project_id=project_id, day__gte=start)
        .values("endpoint")
        .annotate(n=Sum("requests"), objects=Sum("objects_served"))
        .order_by("-n", "endpoint")
    )
    return [(row["endpoint"], row["n"], row["objects"]) for row in rows]
