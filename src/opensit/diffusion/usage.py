"""Usage accounting without a write per request: counts accumulate and are flushed to the
database in batches (every N requests of a process or every few minutes, and on demand).

Where they accumulate depends on the cache (docs/deployment.md):
- with Redis (OPENSIT_CACHE_URL), in one Redis hash, one MULTI round trip of HINCRBY per
  request: a worker killed with `kill -9` loses nothing. A flush RENAMEs the hash to a pending
  key, marks it with a batch id, writes it to the database with that id (`UsageFlush`) and
  deletes it; a flush that crashed leaves the pending key, which the next flush writes first,
  unless the database already has its batch (it crashed after its commit). Exactly once.
  One process flushes at a time (a lock key with a TTL).
- otherwise, in this process's memory: a crashed process loses its counts since its last flush
  (at most OPENSIT_USAGE_FLUSH_EVERY requests or OPENSIT_USAGE_FLUSH_SECONDS).
"""

import hashlib
import threading
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from redis.exceptions import ResponseError

from opensit.core.sharedcache import raw_key, shared
from opensit.diffusion.models import DiffusionProject, EmptySearch, UsageCounter, UsageFlush


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
        if shared(
            lambda client: _record_shared(client, project_id, day, endpoint, objects, empty_search),
            lambda: False,  # no Redis, or Redis down: counted in this process's memory
        ):
            with self._lock:
                self.pending += 1
                due = self._due()
            if due:
                self.flush()
            return
        with self._lock:
            counter = self.counters[(project_id, day, endpoint)]
            counter[0] += 1
            counter[1] += objects
            if empty_search is not None:
                body = orjson.dumps(empty_search, option=orjson.OPT_SORT_KEYS)
                key = (project_id, day, hashlib.sha1(body).hexdigest())
                self.empty.setdefault(key, [empty_search, 0])[1] += 1
            self.pending += 1
            due = self._due()
        if due:
            self.flush()

    def _due(self) -> bool:
        return self.pending >= _flush_every() or time.monotonic() - self.since >= _flush_seconds()

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
        rows = _write(counters, empty)
        return rows + shared(_flush_shared, lambda: 0)


def _write(counters: dict, empty: dict, batch: tuple[str, str] | None = None) -> int:
    """Add the counts to the database's rows, in one transaction; with `batch` (the pending
    hash's name and batch id), only if that batch was not written before."""
    if not counters and not empty:
        return 0
    # A project deleted since its requests were counted takes its counts with it (a
    # foreign key violation would fail the request that happens to flush).
    live = set(
        DiffusionProject.objects.filter(pk__in={key[0] for key in (*counters, *empty)}).values_list(
            "pk", flat=True
        )
    )
    counters = {key: value for key, value in counters.items() if key[0] in live}
    empty = {key: value for key, value in empty.items() if key[0] in live}
    if not counters and not empty:
        return 0
    ops = connection.ops
    with transaction.atomic(), connection.cursor() as cursor:
        if batch is not None and not _claim(cursor, *batch):
            return 0  # written by a flush that died before deleting it from Redis
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


def _claim(cursor: Any, name: str, batch: str) -> bool:
    """Record `batch` as the last one written from `name`; False when it already was."""
    table = connection.ops.quote_name(UsageFlush._meta.db_table)
    cursor.execute(
        f"INSERT INTO {table} (name, batch) VALUES (%s, %s) ON CONFLICT (name)"
        f" DO UPDATE SET batch = excluded.batch WHERE {table}.batch <> excluded.batch",
        [name, batch],
    )
    return cursor.rowcount == 1


LIVE = "opensit:usage"
PENDING = "opensit:usage:flushing"
BATCH_FIELD = b"_batch"  # the pending hash's batch id (counts' fields all hold a "|")
LOCK = "opensit:usage:lock"
LOCK_SECONDS = 60


def _record_shared(
    client: Any,
    project_id: int,
    day: date,
    endpoint: str,
    objects: int,
    empty_search: dict[str, Any] | None,
) -> bool:
    """One request's counts in the shared hash: one round trip, applied whole or not at all."""
    live = raw_key(LIVE)
    where = f"{project_id}|{day.isoformat()}"
    pipe = client.pipeline(transaction=True)
    pipe.hincrby(live, f"r|{where}|{endpoint}", 1)
    if objects:
        pipe.hincrby(live, f"o|{where}|{endpoint}", objects)
    if empty_search is not None:
        body = orjson.dumps(empty_search, option=orjson.OPT_SORT_KEYS)
        digest = hashlib.sha1(body).hexdigest()
        pipe.hincrby(live, f"e|{where}|{digest}", 1)
        pipe.hsetnx(live, f"q|{where}|{digest}", body)
    pipe.execute()
    return True


def _parse(fields: dict[bytes, bytes]) -> tuple[dict, dict]:
    """The shared hash as `UsageBuffer.take` returns its memory."""
    counters: dict[tuple[int, date, str], list[int]] = defaultdict(lambda: [0, 0])
    empty: dict[tuple[int, date, str], list[Any]] = {}
    queries = {}
    for name, value in fields.items():
        if name == BATCH_FIELD:
            continue
        kind, project_id, day, rest = name.decode().split("|", 3)
        key = (int(project_id), date.fromisoformat(day), rest)
        if kind == "r":
            counters[key][0] += int(value)
        elif kind == "o":
            counters[key][1] += int(value)
        elif kind == "e":
            empty.setdefault(key, [None, 0])[1] += int(value)
        elif kind == "q":
            queries[key] = orjson.loads(value)
    for key, entry in empty.items():
        entry[0] = queries.get(key, {})
    return dict(counters), empty


def _flush_shared(client: Any) -> int:
    """Move the shared counts to the database. The counts are renamed away before they are
    read, so requests counted meanwhile go to a new hash; the pending hash is deleted only once
    the database has them. A crash before the commit leaves them for the next flush; a crash
    between the commit and the delete too, but its batch id is then in the database, and the
    next flush only deletes them (`UsageFlush`): never lost, never counted twice."""
    token = uuid.uuid4().hex
    lock, live, pending = raw_key(LOCK), raw_key(LIVE), raw_key(PENDING)
    if not client.set(lock, token, nx=True, ex=LOCK_SECONDS):
        return 0  # another process is flushing; the counts wait in Redis
    rows = 0
    try:
        for _attempt in range(2):  # a crashed flush's leftovers first, then the live counts
            leftover = bool(client.exists(pending))
            if not leftover:
                try:
                    client.rename(live, pending)
                except ResponseError:  # no such key: nothing counted since the last flush
                    break
            client.hsetnx(pending, BATCH_FIELD, uuid.uuid4().hex)  # kept if it had one
            fields = client.hgetall(pending)
            batch = fields.get(BATCH_FIELD, b"").decode()
            counters, empty = _parse(fields)
            rows += _write(counters, empty, (pending, batch))
            client.delete(pending)
            if not leftover:
                break
    finally:
        if client.get(lock) == token.encode():
            client.delete(lock)
    return rows


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
