"""Worker heartbeats, and the jobs of lost workers: a lease, as Celery's visibility timeout or
RQ's worker registry.

A worker killed while it runs a job (`kill -9`, out of memory, a machine lost) leaves the job's
row RUNNING: django-tasks-db never looks at it again. So each `opensit worker` keeps a
`WorkerHeartbeat` row whose `seen_at` a thread moves forward every `beat_every()` seconds, job
or no job (a long import does not look dead). Any worker, every `beat_every()` seconds, looks
for RUNNING jobs started more than OPENSIT_JOBS_STALE_SECONDS ago whose worker has not been
seen for that long (`recover_lost`). Each is failed with a conditional UPDATE (`... WHERE
status = 'RUNNING'`), so of several workers recovering together one only wins it; that one,
in the same transaction, calls the job's `on_lost` (a source run is marked failed) and
enqueues the retry its `@job` policy allows, counted as an attempt like any failure.
"""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opensit.jobs import api
from opensit.jobs.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: Heartbeat rows of workers gone without a clean stop are deleted after this long.
FORGET_AFTER = timedelta(days=1)


class WorkerLost(Exception):
    """What a job failed by a lost worker records as its exception class."""


LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def stale_after() -> timedelta:
    """How long without a heartbeat makes a worker lost (OPENSIT_JOBS_STALE_SECONDS)."""
    return timedelta(seconds=float(getattr(settings, "OPENSIT_JOBS_STALE_SECONDS", 120)))


def beat_every() -> float:
    """Seconds between two heartbeats (and two looks for lost jobs): a quarter of the stale
    delay, at most 10 s, so that a few missed beats (a busy database) lose nothing."""
    return max(0.05, min(10.0, stale_after().total_seconds() / 4))


class Heartbeat:
    """A worker's heartbeat: its row, written now, then every `beat_every()` seconds by a daemon
    thread (its own database connection) until `stop()`; a `kill -9` stops it with the
    process."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._loop, name=f"heartbeat-{worker_id}", daemon=True
        )

    def start(self) -> None:
        self.beat()  # in the caller's thread: the row exists before the first claim
        self.thread.start()
        forget_dead()

    def beat(self) -> bool:
        """Write the heartbeat; False (logged) when the database refused it this time."""
        now = timezone.now()
        try:
            if not WorkerHeartbeat.objects.filter(pk=self.worker_id).update(seen_at=now):
                WorkerHeartbeat.objects.update_or_create(
                    worker_id=self.worker_id,
                    defaults={
                        "hostname": socket.gethostname()[:255],
                        "pid": os.getpid(),
                        "started_at": now,
                        "seen_at": now,
                    },
                )
        except DatabaseError as exc:  # busy or restarted: the next beat tries again
            logger.warning("heartbeat of worker %s not written: %s", self.worker_id, exc)
            connection.close()
            return False
        return True

    def _loop(self) -> None:
        try:
            while not self.stopped.wait(beat_every()):
                self.beat()
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        """A clean stop: no more beats, and the row goes (the worker holds no job)."""
        self.stopped.set()
        self.thread.join(timeout=60)
        try:
            WorkerHeartbeat.objects.filter(pk=self.worker_id).delete()
        except DatabaseError as exc:
            logger.warning("heartbeat of worker %s not removed: %s", self.worker_id, exc)


def forget_dead() -> None:
    """Delete the rows of workers gone without a clean stop long ago (at a worker's start:
    their jobs were recovered within the stale delay)."""
    cutoff = timezone.now() - max(FORGET_AFTER, stale_after())
    try:
        WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    except DatabaseError as exc:
        logger.warning("old heartbeats not removed: %s", exc)


def recover_lost(now: datetime | None = None) -> list[str]:
    """Fail and retry the RUNNING jobs whose worker is lost; the ids of those this call won."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    candidates = list(
        DBTaskResult.objects.running().filter(backend_name=api.BACKEND, started_at__lt=cutoff)
    )
    workers = {row.worker_ids[-1] for row in candidates if row.worker_ids}
    beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.filter(pk__in=workers)}
    recovered = []
    for row in candidates:
        worker = row.worker_ids[-1] if row.worker_ids else ""
        beat = beats.get(worker)
        if beat is not None and beat.seen_at >= cutoff:
            continue  # alive: a long job, not a lost one
        if _recover(row, worker, beat, now):
            recovered.append(str(row.id))
    return recovered


def lost_message(worker: str, beat: WorkerHeartbeat | None, started_at: datetime) -> str:
    """The error recorded on the job (and its source run), in the platform's language
    (LANGUAGE_CODE): the back-office shows it as stored, whatever the worker's locale."""
    since = timezone.localtime(beat.seen_at if beat is not None else started_at)
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "worker lost: no heartbeat since %(when)s (worker %(worker)s on %(host)s,"
            " pid %(pid)s); the job was interrupted"
        ) % {
            "when": since.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "worker": worker or "?",
            "host": beat.hostname if beat is not None else "?",
            "pid": beat.pid if beat is not None else "?",
        }


def _recover(row: DBTaskResult, worker: str, beat: WorkerHeartbeat | None, now: datetime) -> bool:
    message = lost_message(worker, beat, row.started_at)
    with transaction.atomic():
        won = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=LOST,
            traceback=f"{LOST}: {message}\n",
        )
        if not won:
            return False  # another worker recovered it, or its worker finished it meanwhile
        _after_lost(row, message, now)
    return True


def _after_lost(row: DBTaskResult, message: str, now: datetime) -> None:
    """What a failure does, for a run whose worker could not: its `on_lost`, then the retry."""
    args = list(row.args_kwargs.get("args", []))
    kwargs = dict(row.args_kwargs.get("kwargs", {}))
    attempt = int(kwargs.pop(api.ATTEMPT, 1))
    try:
        task = row.task  # imports the job's module, which records its policy
    except (ImportError, SuspiciousOperation) as exc:
        logger.error("job %s lost with its worker, not retried: %s", row.task_path, exc)
        return
    policy = api.POLICIES.get(row.task_path, {})
    if policy.get("on_lost") is not None:
        try:
            with transaction.atomic():
                policy["on_lost"](message, *args, **kwargs)
        except Exception:
            logger.exception("on_lost of job %s failed", row.task_path)
    api.retry_or_give_up(task, args, kwargs, attempt, policy, message, now)
