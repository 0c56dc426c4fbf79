"""Settings of the test suite: the project's settings with what only tests want.

pytest selects this module (pyproject's DJANGO_SETTINGS_MODULE), so the production settings
carry no test branch and every test directory gets the same fast, offline configuration.
"""

from opensit.settings import *  # noqa: F403
from opensit.settings import CONTENT_SECURITY_POLICY, LEAFLET_CONFIG, STORAGES

# Argon2 costs ~0.1 s of CPU per user created or logged in; tests create thousands of users and
# are not about hashing (tests/core/test_security.py checks that production keeps Argon2).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No manifest: tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests never fetch map tiles: the map works without a background, and the CSP names no tile host.
OPENSIT_MAP_TILES = ""
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "img-src": ["'self'", "data:", "blob:"],
    },
}

# The suite's own process keeps its cache in memory even when OPENSIT_CACHE_URL is exported:
# tests call `cache.clear()`, which on Redis would empty a database other programs may share.
# Tests of the Redis paths set CACHES themselves, under a key prefix of their own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
