"""OPENSIT_CACHE_URL and the rate-limit variables: what they select, and a clear error at
start for a value that cannot work."""

import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured

from opensit.settings import _caches, _rate_limits
from tests.servers import base_env, opensit


def test_unset_is_one_process_memory_and_redis_urls_select_the_redis_cache():
    assert _caches("", "opensit")["default"]["BACKEND"].endswith(".LocMemCache")
    for url in ("redis://127.0.0.1:6379/2", "rediss://cache.example:6380/0"):
        cache = _caches(url, "site-a")["default"]
        assert cache == {
            "BACKEND": "opensit.core.cache_backend.FallbackRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "site-a",
            "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
        }


def test_an_unknown_scheme_stops_the_start_with_a_clear_error(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'memcached'"):
        _caches("memcached://127.0.0.1:11211", "opensit")
    with pytest.raises(ImproperlyConfigured, match=r"unknown scheme '\(none\)'"):
        _caches("127.0.0.1:6379", "opensit")
    env = base_env(OPENSIT_CACHE_URL="memcached://127.0.0.1:11211", OPENSIT_VAR_DIR=str(tmp_path))
    done = subprocess.run(opensit("check"), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "OPENSIT_CACHE_URL: unknown scheme 'memcached'" in done.stderr


def test_rate_limits_are_read_from_the_environment():
    assert _rate_limits("") == {}
    assert _rate_limits("basic=5, premium=900") == {"basic": 5, "premium": 900}
    with pytest.raises(ImproperlyConfigured, match="'basic:5' is not tier=number"):
        _rate_limits("basic:5")
