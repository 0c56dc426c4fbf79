"""Usage accounting without a write per request: counts accumulate in process memory and are
flushed to the database in batches (every N requests or every few minutes, and on demand)."""

import hashlib
import threading
import time
from collections import defaultdict
from datetime import date
from typing import Any

import orjson
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from opensit.diffusion.models import EmptySearch, UsageCounter


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
        """Write the accumulated counts; returns the number of rows touched."""
        counters, empty = self.take()
        with transaction.atomic():
            for (project_id, day, endpoint), (requests, objects) in counters.items():
                row, _created = UsageCounter.objects.get_or_create(
                    project_id=project_id, day=day, endpoint=endpoint
                )
                UsageCounter.objects.filter(pk=row.pk).update(
                    requests=F("requests") + requests,
                    objects_served=F("objects_served") + objects,
                )
            for (project_id, day, key), (params, count) in empty.items():
                row, _created = EmptySearch.objects.get_or_create(
                    project_id=project_id, day=day, params_key=key, defaults={"params": params}
                )
                EmptySearch.objects.filter(pk=row.pk).update(count=F("count") + count)
        return len(counters) + len(empty)


BUFFER = UsageBuffer()
