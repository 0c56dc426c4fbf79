"""A PostgreSQL primary and its streaming replica, started for the replica tests.

Both clusters are the test's own, in a temporary directory, on free ports: the primary made by
`initdb` with replication allowed from 127.0.0.1, the replica by `pg_basebackup -R -X stream`
from it (a hot standby). Run as the `postgres` OS user when we are root (initdb refuses root).
Nothing here depends on the suite's own database.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

DEADLINE_SECONDS = 60  # for a cluster to start or a replica to catch up: a bound, not a sleep
DATABASE = "opensit"


class ClusterError(RuntimeError):
    """The clusters could not be made or started (the message says which step and why)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bin_dir() -> Path:
    """PostgreSQL's server programs: OPENSIT_PG_BIN, `pg_config --bindir`, or Debian's newest."""
    if os.environ.get("OPENSIT_PG_BIN"):
        return Path(os.environ["OPENSIT_PG_BIN"])
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidate = Path(found.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if debian:
        return debian[-1].parent
    if shutil.which("initdb"):
        return Path(shutil.which("initdb")).parent
    raise ClusterError("PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) not found")


def _as_owner(command: list[str]) -> list[str]:
    """The command run as `postgres` when we are root, as ourselves otherwise."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *command]
    return ["su", "postgres", "-c", " ".join(command)]


def _run(step: str, command: list[str]) -> None:
    done = subprocess.run(_as_owner(command), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise ClusterError(f"{step} failed ({done.returncode}): {done.stderr or done.stdout}")


@dataclass
class Cluster:
    name: str
    data: Path
    port: int
    bin: Path
    started: bool = field(default=False)

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = DATABASE, **kwargs) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, **kwargs
        )

    def start(self) -> None:
        log = self.data.parent / f"{self.name}.log"
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1"
        _run(
            f"starting the {self.name}",
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-o", options,
             "-w", "-t", str(DEADLINE_SECONDS), "start"],
        )  # fmt: skip
        self.started = True

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                _as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                           "-w", "stop"]),
                capture_output=True, timeout=60,
            )  # fmt: skip
            self.started = False


@dataclass
class Replication:
    root: Path
    primary: Cluster
    replica: Cluster

    def pause_replay(self) -> None:
        with self.replica.connect(autocommit=True) as conn:
            conn.execute("SELECT pg_wal_replay_pause()")
            deadline = time.monotonic() + DEADLINE_SECONDS
            while conn.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] != "paused":
                if time.monotonic() > deadline:
                    raise ClusterError("the replica's replay did not pause")
                time.sleep(0.05)

    def resume_replay(self) -> None:
        with self.replica.connect(autocommit=True) as conn:
            conn.execute("SELECT pg_wal_replay_resume()")

    def wait_caught_up(self) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        with self.primary.connect(autocommit=True) as conn:
            target = conn.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]
        with self.replica.connect(autocommit=True) as conn:
            deadline = time.monotonic() + DEADLINE_SECONDS
            while not conn.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()[0]:
                if time.monotonic() > deadline:
                    raise ClusterError("the replica did not catch up with the primary")
                time.sleep(0.05)

    def stop(self) -> None:
        self.replica.stop()
        self.primary.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def start_replication() -> Replication:
    """initdb a primary, start it, base-backup it into a replica, start that: both running,
    with an empty `opensit` database on the primary (replicated)."""
    programs = bin_dir()
    root = Path(tempfile.mkdtemp(prefix="opensit-replicas-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    primary = Cluster("primary", root / "primary", _free_port(), programs)
    replica = Cluster("replica", root / "replica", _free_port(), programs)
    replication = Replication(root, primary, replica)
    try:
        _run(
            "initdb",
            [str(programs / "initdb"), "-D", str(primary.data), "-U", "postgres",
             "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
        )  # fmt: skip
        settings = (
            "\n# tests/replicas: a disposable cluster, fast rather than durable\n"
            "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
            "fsync = off\nfull_page_writes = off\n"
            "max_connections = 60\nshared_buffers = 32MB\n"
        )
        hba = "\n# replication from this machine only\nhost replication all 127.0.0.1/32 trust\n"
        with (primary.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)  # appended: the files keep their owner
        with (primary.data / "pg_hba.conf").open("a") as conf:
            conf.write(hba)
        primary.start()
        with primary.connect("postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        _run(
            "pg_basebackup",
            [str(programs / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
             "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast",
             "--no-sync"],
        )  # fmt: skip
        replica.start()
        with replica.connect(autocommit=True) as conn:
            if not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                raise ClusterError("the replica is not in recovery: not a standby")
        replication.wait_caught_up()
    except BaseException:
        replication.stop()
        raise
    return replication
