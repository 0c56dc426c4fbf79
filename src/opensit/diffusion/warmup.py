"""A worker warms up before it takes traffic.

The first API request of a fresh gunicorn worker took 240 ms where the next took 3 ms: the
views and renderers are imported on first use, the database connection and its page cache are
cold, and the text index is opened and its searcher loaded. Behind a load balancer that is one
slow answer per worker start (a deployment, a `--max-requests` recycle, a crash). `opensit
serve` runs `warm_up` in each worker before it accepts a connection (the `worker_started`
signal, from gunicorn's `post_worker_init`), with the requests the sites send most: a text
search with facets, a listing, one object. The same worker writes its usage counts when it
stops gracefully (`worker_exiting`).
"""

import logging
import time
from typing import Any

from django.db import DatabaseError

logger = logging.getLogger(__name__)

#: What a warm-up asks: the kinds of request of the benchmark's mix (bench/README.md).
WARM_REQUESTS = (
    "/api/v1/objects?q=chateau&facets=true&lang=fr",
    "/api/v1/objects?type=accommodation&page_size=20",
    "/api/v1/objects?facets=true&page_size=20",
)


def warm_up() -> float:
    """Run the warm-up requests through the whole stack (URL resolution, authentication
    refused without a key, search, rendering), without counting them in any project's usage.
    Returns the seconds it took; never raises: a worker that cannot warm up still serves."""
    started = time.perf_counter()
    try:
        _warm()
    except (DatabaseError, OSError, ValueError) as error:  # an empty or unmigrated database
        logger.warning("warm-up incomplete: %s", error)
    return time.perf_counter() - started


def _warm() -> None:
    from django.db import DEFAULT_DB_ALIAS, connections

    from opensit.core.routers import reads_from, replica_aliases

    # The public API reads the replicas when there are some (each with its own text index).
    for alias in replica_aliases() or [DEFAULT_DB_ALIAS]:
        with reads_from(alias):
            _warm_searches()
    _warm_request_path()
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()


def _warm_searches() -> None:
    from opensit.diffusion.models import PublicDocument
    from opensit.search.query import SearchParams, search
    from opensit.search.textindex import get_index

    get_index()  # opens the text index and applies the log it has not applied yet
    found: list[str] = []
    for params in (
        SearchParams(q="chateau", facets=True),
        SearchParams(types=["accommodation"]),
        SearchParams(facets=True),
    ):
        found += search(params).ids
    list(PublicDocument.objects.filter(object_id__in=found[:20]).values_list("body", flat=True))


def _warm_request_path() -> None:
    """The API's own path, refused for want of a key: middleware, URL resolution (every view
    module imported), authentication, the problem response."""
    from django.conf import settings
    from django.test import RequestFactory

    from opensit.wsgi import application

    host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h and not h.startswith(".")), "")
    factory = RequestFactory(headers={"host": host} if host else None)
    quiet = logging.getLogger("django.request")  # the refusals are expected: no log lines
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        for path in WARM_REQUESTS:
            application.get_response(factory.get(path))
    finally:
        quiet.setLevel(level)


def warm_on_start(worker: Any, log: Any, **kwargs: Any) -> None:
    """Receiver of `core.serving.worker_started`."""
    log.info("worker %s warmed up in %.0f ms", worker.pid, warm_up() * 1000)


def flush_usage_on_exit(**kwargs: Any) -> None:
    """Receiver of `core.serving.worker_exiting`: a worker that stops gracefully writes the
    usage counts it holds in memory first. Only `kill -9` (or a crash) loses them without Redis
    (docs/diffusion.md)."""
    from opensit.diffusion.usage import BUFFER

    BUFFER.flush()
