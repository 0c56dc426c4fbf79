"""`opensit worker` as a real process: it runs a job enqueued by another process, enqueues the
periodic ones, and stops cleanly on SIGTERM. A real database both processes share: a file
on SQLite, the test database on PostgreSQL."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 90  # seconds: a bounded poll, never a sleep the test relies on


def _opensit(*args: str) -> list[str]:
    return [sys.executable, "-m", "opensit.cli", *args]


@pytest.fixture
def env(tmp_path, transactional_db):
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    base.update(
        OPENSIT_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        LC_ALL="en_US.UTF-8",
        DJANGO_SETTINGS_MODULE="opensit.settings",
    )
    if connection.vendor == "sqlite":  # the suite's database is in memory: a file of its own
        base["OPENSIT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        subprocess.run(_opensit("migrate", "-v", "0"), env=base, cwd=ROOT, check=True, timeout=600)
    else:
        db = connection.settings_dict  # the test database, which this test commits to
        password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
        base["OPENSIT_DATABASE_URL"] = (
            f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return base


def _shell(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        _opensit("shell", "-c", code), env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]  # after the shell's own "N objects imported"


def _wait_for(path: Path, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + DEADLINE
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} did not appear in time"
        try:
            worker.wait(timeout=0.2)  # returns early if the worker died
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"opensit worker exited: {worker.stdout.read()}")


def test_the_worker_runs_queued_jobs_and_stops_on_sigterm_after_the_running_one(env, tmp_path):
    target, started, release, done = (tmp_path / n for n in ("out", "started", "go", "done"))
    job_id = _shell(
        env,
        "from tests.jobs.sample import write_file, hold;"
        f"print(write_file.enqueue({str(target)!r}, 'from the queue').id);"
        f"hold.enqueue({str(started)!r}, {str(release)!r}, {str(done)!r})",
    )
    worker = subprocess.Popen(
        _opensit("worker", "--interval", "0.2"), env=env, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        _wait_for(target, worker)
        assert target.read_text() == "from the queue"
        _wait_for(started, worker)  # the second job is running
        worker.send_signal(signal.SIGTERM)
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=1)  # it waits for the running job...
        release.touch()
        assert worker.wait(timeout=60) == 0  # ...which ends, then the worker
        output = worker.stdout.read()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert done.read_text() == "done"
    assert "periodic jobs: webhooks (every 60s)" in output
    assert "SIGTERM received: stopping after the running job" in output
    assert "Worker stopped:" in output
    states = _shell(
        env,
        "from django_tasks_db.models import DBTaskResult as R;"
        "print(sorted((r.task_path, r.status, str(r.id)) for r in R.objects.all()))",
    )
    assert f"('tests.jobs.sample.write_file', 'SUCCESSFUL', '{job_id}')" in states, states
    assert "('tests.jobs.sample.hold', 'SUCCESSFUL'" in states, states
    # The schedule's first round: the webhooks job, enqueued once by the worker (run or not
    # before the SIGTERM, depending on the queue's order).
    assert states.count("('opensit.jobs.tasks.webhooks', ") == 1, states
