"""Redis down is not the API down: with OPENSIT_CACHE_URL set and Redis unreachable, each
process falls back to its own memory (opensit.core.cache_backend) and answers as the embedded
default does: limits per process, usage counted in memory and flushed, revocation honoured.
Then it goes back to Redis. Redis here is a real port nothing listens on, and the real server."""

import logging
import uuid

import pytest
from django.core.cache import cache, caches
from django.db.models import Sum
from django.test import Client

from opensit.core import cache_backend
from opensit.core.sharedcache import raw_key, redis_client
from opensit.diffusion import services
from opensit.diffusion.models import ApiKey, UsageCounter
from opensit.diffusion.usage import BUFFER
from tests.servers import drop_redis_prefix, free_port, redis_or_fail


def _redis_settings(settings, url: str, prefix: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "opensit.core.cache_backend.FallbackRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
        }
    }


@pytest.fixture
def redis_down(settings):
    _redis_settings(settings, f"redis://127.0.0.1:{free_port()}/0", "opensit-outage")
    settings.OPENSIT_RATE_LIMITS = {"basic": 3}
    settings.OPENSIT_USAGE_FLUSH_EVERY = 1000
    yield caches["default"]


def test_the_api_answers_with_redis_down(redis_down, project, api_key, hotel, office_admin, caplog):
    client = Client()
    redis_down.down_until = 0  # the fixtures' writes met the outage first: it starts again here
    with caplog.at_level(logging.WARNING, logger=cache_backend.__name__):
        answers = [client.get("/api/v1/objects", {"api_key": api_key}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    assert redis_down.is_down
    outage = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(outage) == 1  # one warning per outage, not one per request
    # Usage: counted in this process's memory, written by the flush.
    BUFFER.flush()
    served = UsageCounter.objects.filter(project=project).aggregate(n=Sum("requests"))["n"]
    assert served == 3
    # Revocation is honoured by this process (its own generation counter).
    services.revoke_key(office_admin, ApiKey.objects.get(project=project))
    assert client.get("/api/v1/objects", {"api_key": api_key}).status_code == 401


def test_back_on_redis_once_the_outage_ends(settings, project, api_key):
    url = redis_or_fail()
    prefix = f"opensit-test-{uuid.uuid4().hex[:12]}"
    _redis_settings(settings, url, prefix)
    backend = caches["default"]
    try:
        backend.mark_down(OSError("a test outage"))
        assert redis_client() is None  # in the outage: the process's memory
        cache.set("probe", "memory")
        assert backend.local.get("probe") == "memory"
        backend.down_until = 0  # the outage's seconds are over
        cache.set("probe", "redis")
        assert redis_client().get(raw_key("probe")) is not None  # written to Redis again
        assert Client().get("/api/v1/objects", {"api_key": api_key}).status_code == 200
        assert redis_client().exists(raw_key(f"opensit:rl:{project.pk}"))
    finally:
        drop_redis_prefix(prefix)
