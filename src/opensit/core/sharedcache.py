"""The Redis client behind Django's cache, when OPENSIT_CACHE_URL names one: rate limits,
the API keys' generation and usage counts need Redis's atomic commands (INCR, HINCRBY, RENAME
in one round trip), which Django's cache API does not offer. Without Redis the callers keep
their per-process fallback (docs/deployment.md)."""

from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


def redis_client() -> Any | None:
    """The redis-py client of the default cache, or None when the cache is not Redis."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def raw_key(name: str) -> str:
    """`name` with the cache's key prefix and version, as Django's own calls store it, so
    that `cache.clear()` and a test's own prefix cover these keys too."""
    return cache.make_key(name)


def incr(name: str) -> int:
    """Add one to a counter that never expires, creating it at 1: atomic with Redis, and in
    this process's memory otherwise."""
    client = redis_client()
    if client is not None:
        return int(client.incr(raw_key(name)))
    try:
        return cache.incr(name)
    except ValueError:  # not set yet (or evicted)
        cache.set(name, 1, None)
        return 1
