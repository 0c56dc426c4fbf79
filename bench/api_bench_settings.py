"""Settings of the API benchmark's server: the project's, plus the ceiling endpoint (its own
URLconf) and rate limits high enough that the load generator is never answered 429."""

from opensit.settings import *  # noqa: F403

ROOT_URLCONF = "api_bench_urls"  # the project's URLs and the ceiling (bench/api_bench_urls.py)
OPENSIT_RATE_LIMITS = {"basic": 10**9, "standard": 10**9, "premium": 10**9}
DEBUG = False
# The project's settings keep SQLite connections 60 s, as PostgreSQL's (they closed them after
# every request before: reopening one, pragmas and a cold page cache, cost ~10 ms).
# OPENSIT_BENCH_SQLITE_REOPEN=1 measures that old setting again.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and os.environ.get(  # noqa: F405
    "OPENSIT_BENCH_SQLITE_REOPEN"
):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
