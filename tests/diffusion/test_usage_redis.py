"""Usage counted in Redis (OPENSIT_CACHE_URL): nothing is lost when a flush dies halfway, and
two processes never write the same counts twice. The end-to-end test, with real servers killed
by `kill -9`, is tests/sharedstate/test_two_servers.py."""

import uuid

import pytest
from django.db.models import Sum

from opensit.core.sharedcache import raw_key, redis_client
from opensit.diffusion import usage
from opensit.diffusion.models import EmptySearch, UsageCounter
from opensit.diffusion.usage import BUFFER
from tests.servers import drop_redis_prefix, redis_or_fail


@pytest.fixture
def redis_cache(settings):
    url = redis_or_fail()
    prefix = f"opensit-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "opensit.core.cache_backend.FallbackRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    settings.OPENSIT_USAGE_FLUSH_EVERY = 1000
    yield redis_client()
    drop_redis_prefix(prefix)


def _stored(project) -> tuple[int, int, int]:
    counters = UsageCounter.objects.filter(project=project)
    total = counters.aggregate(n=Sum("requests"), o=Sum("objects_served"))
    searches = EmptySearch.objects.filter(project=project).aggregate(n=Sum("count"))["n"]
    return total["n"] or 0, total["o"] or 0, searches or 0


def test_counts_go_to_redis_then_to_the_database(redis_cache, project):
    for _ in range(3):
        BUFFER.record(project.pk, "objects", 2)
    BUFFER.record(project.pk, "objects", 0, {"q": "nothing", "type": "hotel"})
    assert BUFFER.take() == ({}, {})  # nothing in this process's memory
    assert redis_cache.exists(raw_key(usage.LIVE))
    assert _stored(project) == (0, 0, 0)
    assert BUFFER.flush() == 2  # one counter, one empty search
    assert _stored(project) == (4, 6, 1)
    search = EmptySearch.objects.get(project=project)
    assert search.params == {"q": "nothing", "type": "hotel"}
    assert not redis_cache.exists(raw_key(usage.LIVE), raw_key(usage.PENDING))


def test_a_flush_that_died_after_its_commit_is_not_counted_twice(redis_cache, project):
    """The flush wrote its batch to the database, then died before deleting it from Redis:
    the next flush finds the batch written and drops it; the counts made since are added."""
    for _ in range(3):
        BUFFER.record(project.pk, "objects", 2)
    pending = raw_key(usage.PENDING)
    redis_cache.rename(raw_key(usage.LIVE), pending)
    redis_cache.hset(pending, usage.BATCH_FIELD, "b1")
    fields = redis_cache.hgetall(pending)
    assert usage._write(*usage._parse(fields), (pending, "b1")) == 1  # committed, then died
    assert _stored(project) == (3, 6, 0)
    BUFFER.record(project.pk, "objects", 5)  # counted after the crash
    BUFFER.flush()
    assert _stored(project) == (4, 11, 0)
    assert not redis_cache.exists(pending)
    for _ in range(2):  # later batches are written as usual, each once
        BUFFER.record(project.pk, "objects", 1)
        BUFFER.flush()
    assert _stored(project) == (6, 13, 0)


def test_a_flush_that_died_after_its_rename_is_written_by_the_next(redis_cache, project):
    BUFFER.record(project.pk, "objects", 1)
    BUFFER.record(project.pk, "objects", 1)
    redis_cache.rename(raw_key(usage.LIVE), raw_key(usage.PENDING))  # then the process died
    BUFFER.record(project.pk, "suggest", 0)  # counted after the crash
    BUFFER.flush()
    assert _stored(project) == (3, 2, 0)
    assert dict(
        UsageCounter.objects.filter(project=project).values_list("endpoint", "requests")
    ) == {"objects": 2, "suggest": 1}
    assert not redis_cache.exists(raw_key(usage.LIVE), raw_key(usage.PENDING))


def test_one_process_flushes_at_a_time(redis_cache, project):
    BUFFER.record(project.pk, "objects", 1)
    redis_cache.set(raw_key(usage.LOCK), "another process", ex=60)
    assert BUFFER.flush() == 0  # the other flusher's turn: the counts wait in Redis
    assert _stored(project) == (0, 0, 0)
    redis_cache.delete(raw_key(usage.LOCK))
    assert BUFFER.flush() == 1
    assert _stored(project) == (1, 1, 0)
