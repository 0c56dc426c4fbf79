"""Settings of the API benchmark's server: the project's, plus the ceiling endpoint and rate
limits high enough that the load generator is never answered 429."""

from opensit.settings import *  # noqa: F403

OPENSIT_BENCH_CEILING = True
OPENSIT_RATE_LIMITS = {"basic": 10**9, "standard": 10**9, "premium": 10**9}
DEBUG = False
# The project's settings close the SQLite connection after every request (CONN_MAX_AGE 0):
# reopening it (pragmas, a cold page cache) cost ~10 ms per request here. The benchmark keeps
# connections, as PostgreSQL's settings do (60 s); OPENSIT_BENCH_SQLITE_REOPEN=1 measures the
# project's setting instead.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not os.environ.get(  # noqa: F405
    "OPENSIT_BENCH_SQLITE_REOPEN"
):
    DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
