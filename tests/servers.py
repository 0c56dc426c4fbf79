"""Real `opensit serve` processes for tests: a database prepared once per session (migrated,
with the test's organisations, projects and keys), copied for each module that needs one, the
static files collected once, and gunicorn started on a free port with a bounded readiness poll.

The database follows the suite's engine: a SQLite file, or, when OPENSIT_DATABASE_URL is
PostgreSQL, a database of its own on that server (a migrated template, cloned with
`CREATE DATABASE ... TEMPLATE`). The servers run the production settings (`opensit.settings`),
not the suite's, as `make run` does.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.missing import unavailable

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 60  # a bounded poll for the server to answer, not a sleep
REDIS_URL = os.environ.get("OPENSIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def opensit(*args: str) -> list[str]:
    return [sys.executable, "-m", "opensit.cli", *args]


def base_env(**extra: str) -> dict[str, str]:
    """The test's environment for a child process: production settings, this checkout first on
    the path (the tests package too, for `tests.servers` set-up code)."""
    env = {k: v for k, v in os.environ.items() if k not in {"OPENSIT_TESTING"}}
    path = [str(ROOT / "src"), str(ROOT), *filter(None, env.get("PYTHONPATH", "").split(":"))]
    env.update(PYTHONPATH=":".join(path), DJANGO_SETTINGS_MODULE="opensit.settings", **extra)
    return env


def run_python(env: dict[str, str], code: str, timeout: float = 300) -> str:
    """Run `code` with Django set up in a child process with `env` (the servers' database and
    cache); returns its standard output. The test process keeps its own test database."""
    done = subprocess.run(
        [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
        env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"child process failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


# -- Redis ------------------------------------------------------------------------------------


def redis_or_fail() -> str:
    """The test Redis's URL, after a PING: skip without it, fail under CI (tests/missing.py)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(
            f"Redis not reachable at {REDIS_URL} ({exc}): start one (`redis-server --daemonize"
            " yes --port 6379`, what .ci/run does) or set OPENSIT_TEST_REDIS_URL"
        )
    return REDIS_URL


def drop_redis_prefix(prefix: str) -> None:
    """Delete the keys of one test's prefix (never FLUSHDB: the Redis may be shared)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    names = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if names:
        client.delete(*names)


# -- databases --------------------------------------------------------------------------------

SETUP = """
import json
from opensit.diffusion import services
from tests import factories
board = factories.organisation("crt-centre", kind="regional_board", is_network_admin=True)
office = factories.organisation("ot-tours")
network_admin = factories.member(board, "admin", username="animator")
admin = factories.member(office, "admin", username="ot-admin")
factories.member(office, "editor", username="ot-editor")
keys = {}
for name in ("rate", "revoke", "rotate", "usage", "search"):
    project = factories.live_project(admin, network_admin, f"Project {name}", url="https://x.example")
    keys[name] = services.create_key(admin, project, name)[1]
    if name in ("usage", "search"):  # more requests than the basic tier's limit in the tests
        type(project).objects.filter(pk=project.pk).update(tier="premium")
print(json.dumps(keys))
"""


def _postgres_url() -> str | None:
    url = os.environ.get("OPENSIT_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin_connection(url: str):  # a psycopg connection, opened on the server's "postgres"
    import dj_database_url
    import psycopg

    parts = dj_database_url.parse(url)
    return psycopg.connect(
        host=parts["HOST"] or None, port=parts["PORT"] or None, user=parts["USER"] or None,
        password=parts["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )  # fmt: skip


def _with_name(url: str, name: str) -> str:
    base, _sep, _old = url.split("?")[0].rpartition("/")
    return f"{base}/{name}"


@dataclass
class Site:
    """What every server of the session shares: collected static files, a migrated template
    database, and the raw API keys of the projects made in it."""

    var_dir: Path
    template: str  # a SQLite file path, or a PostgreSQL database name
    keys: dict[str, str]
    postgres: str | None = None
    clones: list[str] = field(default_factory=list)

    def database(self, directory: Path) -> str:
        """A new database with the template's content: its OPENSIT_DATABASE_URL."""
        if self.postgres is None:
            target = directory / f"site-{uuid.uuid4().hex[:8]}.sqlite3"
            shutil.copyfile(self.template, target)
            return f"sqlite:///{target}"
        name = f"{self.template}_{uuid.uuid4().hex[:8]}"
        with _admin_connection(self.postgres) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.clones.append(name)
        return _with_name(self.postgres, name)

    def drop(self) -> None:
        if self.postgres is None:
            return
        with _admin_connection(self.postgres) as conn:
            for name in [*self.clones, self.template]:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare_site(directory: Path) -> Site:
    """Migrate once, make the projects, collect the static files once."""
    var_dir = directory / "var"
    postgres = _postgres_url()
    if postgres is None:
        template = str(directory / "template.sqlite3")
        url = f"sqlite:///{template}"
    else:
        template = f"opensit_serve_{uuid.uuid4().hex[:8]}"
        with _admin_connection(postgres) as conn:
            conn.execute(f'CREATE DATABASE "{template}"')
        url = _with_name(postgres, template)
    site = Site(var_dir=var_dir, template=template, keys={}, postgres=postgres)
    env = base_env(OPENSIT_VAR_DIR=str(var_dir), OPENSIT_DATABASE_URL=url)
    env.pop("OPENSIT_CACHE_URL", None)
    try:
        for command in ("migrate", "collectstatic"):
            done = opensit(command, "--noinput", "-v", "0")
            subprocess.run(done, env=env, check=True, timeout=600)
        site.keys = json.loads(run_python(env, SETUP).strip().splitlines()[-1])
    except BaseException:
        site.drop()
        raise
    if postgres is None:  # one self-contained file to copy
        with sqlite3.connect(template) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return site


# -- servers ----------------------------------------------------------------------------------


@dataclass
class Server:
    """One `opensit serve` (a gunicorn master and its workers) and its log file."""

    env: dict[str, str]
    log: Path
    workers: int = 3
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        env = {**self.env, "OPENSIT_BIND": f"127.0.0.1:{self.port}"}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                opensit("serve", "--workers", str(self.workers)), env=env, stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/", timeout=10).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            try:
                self.process.wait(timeout=0.2)  # returns early only if the server died
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"opensit serve exited:\n{self.log.read_text()}")
        self.kill()
        pytest.fail(f"opensit serve did not answer in {STARTUP_SECONDS} s:\n{self.log.read_text()}")

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def kill_workers(self) -> list[int]:
        """`kill -9` every worker (gunicorn starts new ones)."""
        pids = self.worker_pids()
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return pids

    def kill(self) -> None:
        """`kill -9` the whole server, master and workers."""
        if self.process is None or self.process.poll() is not None:
            return
        workers = self.worker_pids()
        self.process.kill()
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):  # gone with its master
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@pytest.fixture(scope="session", name="site")
def prepared_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The session's prepared database and static files (per xdist worker)."""
    prepared = prepare_site(tmp_path_factory.mktemp("site"))
    yield prepared
    prepared.drop()
