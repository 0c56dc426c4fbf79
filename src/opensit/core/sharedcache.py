"""The Redis client behind Django's cache, when OPENSIT_CACHE_URL names one: rate limits,
the API keys' generation and usage counts need Redis's atomic commands (INCR, HINCRBY, RENAME
in one round trip), which Django's cache API does not offer. Without Redis the callers keep
their per-process fallback (docs/deployment.md)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from opensit.core.cache_backend import FallbackRedisCache

T = TypeVar("T")


def redis_client() -> Any | None:
    """The redis-py client of the default cache, or None when the cache is not Redis (or is
    Redis in an outage: see opensit.core.cache_backend)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    if isinstance(backend, FallbackRedisCache) and backend.is_down:
        return None
    return backend._cache.get_client(write=True)


def shared(operation: Callable[[Any], T], fallback: Callable[[], T]) -> T:
    """`operation(client)` on Redis; `fallback()` without Redis, in an outage, or when the
    operation fails (the outage then starts: the process's own memory for a few seconds)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return fallback()
    client = backend._cache.get_client(write=True)
    if isinstance(backend, FallbackRedisCache):
        return backend.guarded(lambda: operation(client), fallback)
    return operation(client)


def raw_key(name: str) -> str:
    """`name` with the cache's key prefix and version, as Django's own calls store it, so
    that `cache.clear()` and a test's own prefix cover these keys too."""
    return cache.make_key(name)


def incr(name: str) -> int:
    """Add one to a counter that never expires, creating it at 1: atomic with Redis, and in
    this process's memory otherwise."""
    return shared(lambda client: int(client.incr(raw_key(name))), lambda: _incr_in_memory(name))


def _incr_in_memory(name: str) -> int:
    try:
        return cache.incr(name)
    except ValueError:  # not set yet (or evicted)
        cache.set(name, 1, None)
        return 1
