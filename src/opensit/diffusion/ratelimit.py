"""Tiered rate limits: a fixed window per project counted in the Django cache (Redis when
configured, process memory by default). The window opens at the first request."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

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


def hit(project: DiffusionProject) -> Quota:
    """Count one request of the project and say what is left of its window: two cache
    operations per request (read the window's start, increment its count)."""
    limit = limit_for(project)
    window = getattr(settings, "OPENSIT_RATE_WINDOW", WINDOW_SECONDS)
    key = f"opensit:rl:{project.pk}"
    now = time.time()
    start = cache.get(f"{key}:start")
    if start is None:  # no window open: open one (another process may win the race)
        if cache.add(f"{key}:start", now, timeout=window):
            cache.set(key, 0, timeout=window)
        start = cache.get(f"{key}:start", now)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between the two calls: a new window
        cache.set(key, 1, timeout=window)
        count = 1
    reset = max(int(start + window - now + 0.999), 1)
    return Quota(limit=limit, remaining=limit - count, reset=reset)
