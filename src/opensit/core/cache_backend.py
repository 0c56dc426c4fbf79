"""Django's Redis cache, which keeps the platform up when Redis is not.

With the built-in backend, Redis down meant every API request and many back-office pages
answered 500 (the rate limits, the API keys' generation, Wagtail's own caching all read it).
This backend turns a Redis error into the embedded default instead: for `OUTAGE_SECONDS` the
process uses its own memory (limits per process, revocation within 30 s, usage counted in
memory and flushed to the database), then tries Redis again. It logs one warning per outage.
"""

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: How long a process stays on its own memory after a Redis error before it tries Redis again.
OUTAGE_SECONDS = 5.0


class FallbackRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.local = LocMemCache(f"opensit-fallback-{id(self)}", {"TIMEOUT": self.default_timeout})
        self.down_until = 0.0

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self.down_until

    def mark_down(self, error: Exception) -> None:
        if not self.is_down:
            logger.warning(
                "Redis unreachable (%s): this process uses its own memory for %.0f s",
                error,
                OUTAGE_SECONDS,
            )
        self.down_until = time.monotonic() + OUTAGE_SECONDS

    def guarded(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        """`operation` on Redis, or `fallback` while Redis is down or when it fails."""
        if self.is_down:
            return fallback()
        try:
            return operation()
        except RedisError as error:
            self.mark_down(error)
            return fallback()


def _guard(name: str) -> Callable[..., Any]:
    redis_method = getattr(RedisCache, name)

    def method(self: FallbackRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self.guarded(
            lambda: redis_method(self, *args, **kwargs),
            lambda: getattr(self.local, name)(*args, **kwargs),
        )

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FallbackRedisCache, _name, _guard(_name))
