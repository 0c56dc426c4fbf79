"""Settings of the API benchmark's server: the project's, plus the ceiling endpoint and rate
limits high enough that the load generator is never answered 429."""

from opensit.settings import *  # noqa: F403

OPENSIT_BENCH_CEILING = True
OPENSIT_RATE_LIMITS = {"basic": 10**9, "standard": 10**9, "premium": 10**9}
DEBUG = False
