"""Tiered rate limits: a fixed window per project, opened by its first request. With Redis
(OPENSIT_CACHE_URL) the count is exact across every process and server: one MULTI round trip
opens the window if none is open (SET NX EX), counts the request (INCR) and reads the time left
(PTTL). Without it each process counts in its own memory, so the limit multiplies with the
processes (docs/deployment.md)."""

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from opensit.core.sharedcache import raw_key, shared
from opensit.diffusion.models import DiffusionProject

DEFAULT_LIMITS = {"basic": 120, "standard": 600, "premium": 3000}
WINDOW_SECONDS = 60


@dataclass
class Quota:
    limit: int
    remaining: int
    reset: int  # seconds until the window ends

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": str(self.reset),
        }


def limit_for(project: DiffusionProject) -> int:
    limits = {**DEFAULT_LIMITS, **getattr(settings, "OPENSIT_RATE_LIMITS", {})}
    return int(limits.get(project.tier, DEFAULT_LIMITS["basic"]))


def window_seconds() -> int:
    return int(getattr(settings, "OPENSIT_RATE_WINDOW", WINDOW_SECONDS))


def hit(project: DiffusionProject) -> Quota:
    """Count one request of the project and say what is left of its window."""
    limit = limit_for(project)
    window = window_seconds()
    key = f"opensit:rl:{project.pk}"

    def on_redis(client: Any) -> Quota:
        name = raw_key(key)
        pipe = client.pipeline(transaction=True)
        pipe.set(name, 0, ex=window, nx=True)
        pipe.incr(name)
        pipe.pttl(name)
        _opened, count, left_ms = pipe.execute()
        reset = max((int(left_ms) + 999) // 1000, 1) if left_ms and left_ms > 0 else window
        return Quota(limit=limit, remaining=limit - int(count), reset=reset)

    return shared(on_redis, lambda: _hit_in_memory(limit, window, key))


def _hit_in_memory(limit: int, window: int, key: str) -> Quota:
    """The same window in this process's cache (two operations per request): `add` never
    resets a counter another request has already opened (the race of a `set` after `add`)."""
    now = time.time()
    start = cache.get(f"{key}:start")
    if start is None:  # no window open: open one, or join the one another request opened
        cache.add(f"{key}:start", now, timeout=window)
        cache.add(key, 0, timeout=window)
        start = cache.get(f"{key}:start", now)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between the two calls: a new window
        cache.set(f"{key}:start", now, timeout=window)
        cache.set(key, 1, timeout=window)
        start, count = now, 1
    reset = max(int(start + window - now + 0.999), 1)
    return Quota(limit=limit, remaining=limit - count, reset=reset)
