"""A worker killed while it runs a job (`kill -9`): another worker finds the job's heartbeat
stale, fails it with "worker lost", retries it per its policy, and ends the source run it
carried; a slow job whose worker is alive is left alone. Real processes, as
test_worker_process.py; the stale delay is 2 s there."""

import ast
import subprocess
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opensit.jobs import api, heartbeat
from opensit.jobs.models import WorkerHeartbeat
from tests.jobs.sample import always_fails
from tests.jobs.test_worker_process import DEADLINE, ROOT, _opensit, _shell, _wait_for
from tests.jobs.test_worker_process import env as env

# Recorded in the platform's language (LANGUAGE_CODE fr), whatever the worker's locale.
LOST_FR = "worker perdu : aucun signe de vie depuis"
STALE = "2"


@pytest.fixture
def lease_env(env):
    return {
        **env,
        "OPENSIT_JOBS_STALE_SECONDS": STALE,
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
    }


def _worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        _opensit("worker", "--interval", "0.2", "--no-schedule"), env=env, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _stop(*workers: subprocess.Popen) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=60)


def _rows(env: dict[str, str]) -> list[tuple[int, str, str]]:
    """(attempt, status, error line) of each job, oldest first, read by another process."""
    return ast.literal_eval(
        _shell(
            env,
            "from django_tasks_db.models import DBTaskResult as R;"
            "print([(r.args_kwargs['kwargs'].get('_attempt', 1), r.status,"
            " r.traceback.strip().splitlines()[-1] if r.traceback else '')"
            " for r in R.objects.order_by('enqueued_at')])",
        )
    )


def test_a_killed_workers_job_is_recovered_by_another_and_retried(lease_env, tmp_path):
    started, release, done = (tmp_path / n for n in ("started", "go", "done"))
    _shell(
        lease_env,
        "from tests.jobs.sample import wait_for_file;"
        f"wait_for_file.enqueue({str(started)!r}, {str(release)!r}, {str(done)!r})",
    )
    first = _worker(lease_env)
    second = None
    try:
        _wait_for(started, first)  # the job runs in the first worker
        first.kill()  # SIGKILL: no cleanup, the row stays RUNNING
        first.wait(timeout=60)
        assert [row[1] for row in _rows(lease_env)] == ["RUNNING"]
        release.touch()  # the retry may finish
        second = _worker(lease_env)
        _wait_for(done, second)
    finally:
        _stop(first, *([second] if second else []))
    assert started.read_text() == "attempt\n" * 2
    (attempt, status, error), retry = _rows(lease_env)
    assert (attempt, status) == (1, "FAILED")
    assert error.startswith(f"opensit.jobs.heartbeat.WorkerLost: {LOST_FR} ")
    assert retry == (2, "SUCCESSFUL", "")


class _Stalling(BaseHTTPRequestHandler):
    """Starts an answer, then holds it until the test ends: a long download."""

    asked = threading.Event()
    hold = threading.Event()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        self.wfile.write(b'{"id": "x"')
        self.wfile.flush()
        type(self).asked.set()
        type(self).hold.wait(timeout=DEADLINE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stalling():
    _Stalling.asked.clear()
    _Stalling.hold.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stalling)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/objects.jsonl"
    _Stalling.hold.set()
    server.shutdown()
    server.server_close()


def test_a_source_run_of_a_killed_worker_ends_failed_and_the_source_runs_again(
    lease_env, stalling, tmp_path
):
    run_id = _shell(
        lease_env,
        "from datetime import timedelta; from django.utils import timezone;"
        "from opensit.connectors import sources; from opensit.connectors.models import Source;"
        "from tests.factories import organisation;"
        "source = Source.objects.create(name='Voisin', kind='jsonl', owner=organisation('cdt-41'),"
        f" url={stalling!r}, schedule='interval', interval_hours=24, timeout=600,"
        " next_run_at=timezone.now());"
        "print(sources.start_run(source).pk)",
    )
    due = (  # its time has come: is it due, or held by a run still going?
        "from django.utils import timezone;"
        "from opensit.connectors.models import Source;"
        "from opensit.connectors.sources import due_sources;"
        "Source.objects.update(next_run_at=timezone.now());"
        "print([s.name for s in due_sources(timezone.now())])"
    )
    first = _worker(lease_env)
    second = None
    try:
        assert _Stalling.asked.wait(timeout=DEADLINE), first.poll()  # the download has begun
        assert _shell(lease_env, due) == "[]"  # a running run keeps its source from running
        first.kill()
        first.wait(timeout=60)
        second = _worker(lease_env)
        outcome = _shell(
            lease_env,
            "import time\n"
            "from opensit.connectors.models import SourceRun\n"
            f"deadline = time.monotonic() + {DEADLINE}\n"
            f"run = SourceRun.objects.get(pk={run_id})\n"
            "while not run.finished and time.monotonic() < deadline:\n"
            "    time.sleep(0.1)\n"
            "    run.refresh_from_db()\n"
            "print(repr((run.status, run.error)))",
        )
        assert second.poll() is None
    finally:
        _stop(first, *([second] if second else []))
    status, error = ast.literal_eval(outcome)
    assert status == "failed", outcome
    assert error.startswith(f"Voisin : {LOST_FR} "), error
    assert _shell(lease_env, due) == "['Voisin']"  # no longer held by the dead run
    # source_run has one attempt: failed, not retried.
    ((attempt, job_status, job_error),) = _rows(lease_env)
    assert (attempt, job_status) == (1, "FAILED") and LOST_FR in job_error


def test_a_slow_job_whose_worker_beats_is_not_recovered(lease_env, tmp_path):
    started, release, done = (tmp_path / n for n in ("started", "go", "done"))
    _shell(
        lease_env,
        "from tests.jobs.sample import wait_for_file;"
        f"wait_for_file.enqueue({str(started)!r}, {str(release)!r}, {str(done)!r})",
    )
    first = _worker(lease_env)
    second = None
    try:
        _wait_for(started, first)
        second = _worker(lease_env)  # looks for lost jobs every 0.5 s meanwhile
        # Wait until the job has run for three stale delays, its worker beating all along,
        # then look for lost jobs as a third worker would.
        seen = _shell(
            lease_env,
            "import time\n"
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from django_tasks_db.models import DBTaskResult as R\n"
            "from opensit.jobs.heartbeat import recover_lost\n"
            "from opensit.jobs.models import WorkerHeartbeat as H\n"
            f"deadline = time.monotonic() + {DEADLINE}\n"
            "job = R.objects.get()\n"
            f"late = job.started_at + timedelta(seconds=3 * {STALE})\n"
            "beat = lambda: H.objects.get(pk=job.worker_ids[-1]).seen_at\n"
            "while (timezone.now() < late or beat() < late) and time.monotonic() < deadline:\n"
            "    time.sleep(0.1)\n"
            "print(repr((beat() >= late, recover_lost(), R.objects.get().status)))",
        )
        assert ast.literal_eval(seen) == (True, [], "RUNNING")
        release.touch()
        _wait_for(done, first)
    finally:
        _stop(*([second] if second else []))
        if first.poll() is None:
            first.terminate()  # a clean stop: its heartbeat row goes
            assert first.wait(timeout=60) == 0
    assert started.read_text() == "attempt\n"
    assert _rows(lease_env) == [(1, "SUCCESSFUL", "")]
    assert (
        _shell(
            lease_env,
            "from opensit.jobs.models import WorkerHeartbeat as H; print(H.objects.count())",
        )
        == "1"
    )  # the killed second worker's, the first removed its own


# -- in-process: the recovery's rules --------------------------------------------------------


def _running(result_id: str, worker: str, *, ago: float) -> None:
    DBTaskResult.objects.filter(pk=result_id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(seconds=ago), worker_ids=[worker]
    )


@pytest.mark.django_db
def test_recovery_is_once_counts_attempts_and_gives_up(settings, client, network):
    settings.OPENSIT_JOBS_STALE_SECONDS = 60
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="dead", hostname="box-1", pid=42, started_at=now, seen_at=now - timedelta(hours=1)
    )
    WorkerHeartbeat.objects.create(worker_id="alive", started_at=now, seen_at=now)
    lost = always_fails.enqueue("x")
    _running(lost.id, "dead", ago=3600)
    slow = always_fails.enqueue("y")
    _running(slow.id, "alive", ago=3600)  # started long ago, but its worker beats
    fresh = always_fails.enqueue("z")
    _running(fresh.id, "dead", ago=1)  # just claimed: not judged yet

    assert heartbeat.recover_lost() == [str(lost.id)]
    assert heartbeat.recover_lost() == []  # claimed once: the second look finds it failed
    row = DBTaskResult.objects.get(pk=lost.id)
    assert row.status == "FAILED" and row.exception_class_path == heartbeat.LOST
    assert "(worker dead sur box-1, pid 42)" in row.traceback
    assert {r.status for r in DBTaskResult.objects.exclude(pk=lost.id)} == {"RUNNING", "READY"}
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": ["x"], "kwargs": {api.ATTEMPT: 2}}
    assert retry.run_after >= row.finished_at + timedelta(seconds=30)  # the policy's backoff

    # The last attempt lost too: failed, given up.
    DBTaskResult.objects.filter(pk=retry.pk).update(
        args_kwargs={"args": ["x"], "kwargs": {api.ATTEMPT: 3}}
    )
    _running(retry.id, "gone-without-a-row", ago=3600)
    assert heartbeat.recover_lost() == [str(retry.id)]
    assert not DBTaskResult.objects.filter(status="READY").exists()

    client.force_login(network.users["network_admin"])
    html = client.get(reverse("opensit_jobs"), {"status": "FAILED"}).content.decode()
    assert html.count(f"WorkerLost: {LOST_FR} ") == 4  # 2 errors + 2 tracebacks
    assert "Réessayée plus tard (délai croissant)." in html and "Abandonnée." in html


@pytest.mark.django_db
def test_a_heartbeat_is_written_then_removed_on_a_clean_stop(settings):
    beat = heartbeat.Heartbeat("w-test")
    assert beat.beat()
    first = WorkerHeartbeat.objects.get(pk="w-test")
    assert first.pid > 0 and first.seen_at == first.started_at
    assert beat.beat()
    assert WorkerHeartbeat.objects.get(pk="w-test").seen_at > first.seen_at
    beat.stopped.set()  # the thread was never started: stop() removes the row only
    beat.thread = threading.Thread(target=lambda: None)
    beat.thread.start()
    beat.stop()
    assert not WorkerHeartbeat.objects.filter(pk="w-test").exists()
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="old", started_at=now, seen_at=now - timedelta(days=2))
    WorkerHeartbeat.objects.create(worker_id="recent", started_at=now, seen_at=now)
    heartbeat.forget_dead()  # what a worker does at its start
    assert list(WorkerHeartbeat.objects.values_list("pk", flat=True)) == ["recent"]
    settings.OPENSIT_JOBS_STALE_SECONDS = 2
    assert heartbeat.beat_every() == 0.5
    settings.OPENSIT_JOBS_STALE_SECONDS = 120
    assert heartbeat.beat_every() == 10
