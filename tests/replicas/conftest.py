"""The replica tests' world: a real PostgreSQL primary and streaming replica of their own
(`clusters`), migrated once per session, a writer process on the primary (`driver`), and two
real `opensit serve` servers: one reading the replica (OPENSIT_DATABASE_REPLICA_URLS), one
with the primary alone, as a server of a deployment without replicas.

They need PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup), not the suite's
database, so they would run the same in both passes of `make test`: they run once, in the
PostgreSQL pass (the SQLite pass skips them, saying so; `make test-postgres` runs them). Without
the programs, or when a cluster cannot start, they skip with the reason, and fail under CI
(tests/missing.py).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.missing import unavailable
from tests.replicas.clusters import ClusterError, Replication, start_replication

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120


def _env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OPENSIT_") or k in ("OPENSIT_SHARED_DATA",)
    }
    env.update(
        OPENSIT_DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="opensit.settings_test",  # no collectstatic needed
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")]),
        OPENSIT_HOME=str(ROOT),
        **extra,
    )
    return env


@pytest.fixture(scope="session")
def replication() -> Iterator[Replication]:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "replicas are a PostgreSQL deployment's: these tests, on clusters of their own, run"
            " once per CI run, in the PostgreSQL pass (make test-postgres)"
        )
    try:
        started = start_replication()
    except (ClusterError, OSError, subprocess.SubprocessError) as exc:
        unavailable(f"a PostgreSQL primary and streaming replica could not start: {exc}")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "opensit.cli", "migrate", "--noinput", "-v", "0"],
            env=_env(started.primary.url()), capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, f"migrate on the primary failed: {done.stderr}"
        started.wait_caught_up()
        yield started
    finally:
        started.stop()


class Driver:
    """A writer process on the primary (tests/replicas/driver.py): one JSON line each way."""

    def __init__(self, database_url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.replicas.driver"],
            env=_env(database_url), cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip

    def send(self, **command: Any) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        line = self.process.stdout.readline()
        assert line, f"the driver exited ({self.process.poll()})"
        return json.loads(line)

    def __call__(self, **command: Any) -> dict[str, Any]:
        self.send(**command)
        return self.receive()

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def drivers(replication) -> Iterator[list[Driver]]:
    """Two writers: the second shows what a concurrent transaction does."""
    made = [Driver(replication.primary.url()) for _ in range(2)]
    yield made
    for driver in made:
        driver.close()


@pytest.fixture(scope="session")
def credentials(replication, drivers) -> dict[str, str]:
    found = drivers[0](op="setup")
    assert drivers[1](op="setup-editor") == {"ready": True}
    replication.wait_caught_up()
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def _serve(tmp: Path, database_url: str, **extra: str) -> Server:
    """Start `opensit serve` (one gunicorn worker); `_ready` waits for it."""
    port = _free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    log = (tmp / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "opensit.cli", "serve", "--workers", "1",
         "--bind", f"127.0.0.1:{port}"],
        env=_env(database_url, OPENSIT_VAR_DIR=str(tmp), **extra),
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return Server(f"http://127.0.0.1:{port}", process, tmp / "serve.log")


def _ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            httpx.get(f"{server.url}/api/v1/vocabularies/types", timeout=5)
            return
        except httpx.TransportError:
            if server.process.poll() is not None or time.monotonic() > deadline:
                server.process.kill()
                pytest.fail(f"opensit serve did not start: {server.log.read_text()}")
            time.sleep(0.1)


@pytest.fixture(scope="session")
def servers(replication, credentials, tmp_path_factory) -> Iterator[dict[str, Server]]:
    """`replica`: the public API reads the replica; `primary`: a server without replicas.
    Both start at once."""
    made = {
        "replica": _serve(
            tmp_path_factory.mktemp("serve-replica"),
            replication.primary.url(),
            OPENSIT_DATABASE_REPLICA_URLS=replication.replica.url(),
        ),
        "primary": _serve(tmp_path_factory.mktemp("serve-primary"), replication.primary.url()),
    }
    try:
        for server in made.values():
            _ready(server)
        yield made
    finally:
        for server in made.values():
            server.process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
        for server in made.values():
            try:
                server.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()


@pytest.fixture
def lagging(replication) -> Iterator[Replication]:
    """The replica with its replay paused: it receives the primary's WAL and applies none of
    it until the test ends (or resumes it)."""
    replication.pause_replay()
    try:
        yield replication
    finally:
        replication.resume_replay()
        replication.wait_caught_up()
