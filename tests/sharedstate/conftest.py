"""Two real servers (several gunicorn workers each) on one database and one Redis: the state
they must share (rate limits, revoked keys, usage counts) and the state each keeps (its search
index). Redis is required: skipped without it, failed under CI (tests/missing.py)."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import (
    Server,
    Site,
    base_env,
    drop_redis_prefix,
    prepared_site,  # noqa: F401  (the `site` fixture: the session's prepared database)
    redis_or_fail,
)

RATE_LIMIT = 20  # requests per window of a basic project on these servers


@pytest.fixture(scope="module")
def shared(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment two servers share: one database (a copy of the session's), one Redis
    under a key prefix of this module's own."""
    url = redis_or_fail()
    directory = tmp_path_factory.mktemp("shared")
    prefix = f"opensit-test-{uuid.uuid4().hex[:12]}"
    env = base_env(
        OPENSIT_VAR_DIR=str(site.var_dir),
        OPENSIT_DATABASE_URL=site.database(directory),
        OPENSIT_CACHE_URL=url,
        OPENSIT_CACHE_KEY_PREFIX=prefix,
        OPENSIT_RATE_LIMITS=f"basic={RATE_LIMIT},premium=100000",
        OPENSIT_RATE_WINDOW="600",  # the burst ends well inside one window
        OPENSIT_USAGE_FLUSH_EVERY="100000",  # nothing flushes by itself during a test
        OPENSIT_USAGE_FLUSH_SECONDS="100000",
        OPENSIT_WORKERS="3",
    )
    env["OPENSIT_HOME"] = str(directory)
    yield env
    drop_redis_prefix(prefix)


def start(env: dict[str, str], name: str, directory: Path, workers: int = 3) -> Server:
    """A server with its own search index directory, as each app server has."""
    own = {**env, "OPENSIT_SEARCH_INDEX_DIR": str(directory / f"index-{name}")}
    return Server(own, log=directory / f"{name}.log", workers=workers).start()


@pytest.fixture(scope="module")
def servers(shared, tmp_path_factory) -> Iterator[tuple[Server, Server]]:
    directory = tmp_path_factory.mktemp("servers")
    first = start(shared, "a", directory)
    try:
        second = start(shared, "b", directory)
    except BaseException:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()
