"""The worker loop: django-tasks-db's worker (claim a due job, run it, record the outcome),
plus the periodic schedule, ticked between jobs.

django-tasks-db claims a job inside an exclusive transaction (SELECT ... FOR UPDATE SKIP
LOCKED on PostgreSQL, BEGIN EXCLUSIVE on SQLite), so any number of workers share the queue;
the schedule's own claim is a conditional UPDATE (`schedule.tick`). A SIGTERM or SIGINT stops
the worker after the running job (within `interval` when idle); a second one ends the running
job too, as django-tasks-db's worker does.

A worker keeps a heartbeat and, every few seconds, fails and retries the jobs of workers that
lost theirs (killed, out of memory): `opensit.jobs.heartbeat`.
"""

import logging
import signal
import time
from types import FrameType

from django.db import close_old_connections, transaction
from django.db.utils import OperationalError
from django_tasks.utils import get_random_id
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from opensit.jobs import api, heartbeat, schedule

logger = logging.getLogger(__name__)

SCHEDULE_EVERY = 15.0  # seconds between two looks at the schedule (cron has minutes)


class JobWorker(Worker):
    """One worker: `burst` runs what is due then returns; otherwise it loops until stopped."""

    def __init__(
        self,
        *,
        interval: float = 1.0,
        burst: bool = False,
        max_tasks: int | None = None,
        schedule: bool = True,
        queue_names: list[str] | None = None,
        worker_id: str | None = None,
        with_heartbeat: bool = True,
    ) -> None:
        super().__init__(
            queue_names=queue_names or ["*"],
            interval=interval,
            batch=burst,
            backend_name=api.BACKEND,
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id or get_random_id(),
        )
        self.with_schedule = schedule
        self.next_tick = 0.0
        self.next_recovery = 0.0
        self.ran = 0
        # `run_pending` (tests, in a transaction) runs its jobs in-process: no heartbeat thread.
        self.heartbeat = heartbeat.Heartbeat(self.worker_id) if with_heartbeat else None

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        """First signal: finish the running job, then stop. Second: stop now (upstream's)."""
        if not self.running:
            return super().shutdown(signum, frame)
        logger.warning("%s received: stopping after the running job", signal.Signals(signum).name)
        self.running = False

    def tick(self) -> None:
        """Enqueue the periodic jobs that are due, at most every SCHEDULE_EVERY seconds."""
        if not self.with_schedule or time.monotonic() < self.next_tick:
            return
        self.next_tick = time.monotonic() + SCHEDULE_EVERY
        try:
            schedule.tick()
        except OperationalError as exc:  # a busy database: the next tick tries again
            logger.warning("schedule tick skipped: %s", exc)

    def recover(self) -> None:
        """Fail and retry the jobs of lost workers, at most every `beat_every()` seconds."""
        if time.monotonic() < self.next_recovery:
            return
        self.next_recovery = time.monotonic() + heartbeat.beat_every()
        try:
            heartbeat.recover_lost()
        except OperationalError as exc:  # a busy database: the next look tries again
            logger.warning("lost jobs not recovered: %s", exc)

    def claim(self) -> DBTaskResult | None:
        """The next due job, marked as ours (django-tasks-db's claim, as in its worker). A plain
        transaction is exclusive enough: SQLite's are IMMEDIATE here (settings), PostgreSQL
        skips the rows other workers hold; and it nests in a test's transaction."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with transaction.atomic(using=tasks.db):
            try:
                found = tasks.get_locked()
            except OperationalError as exc:
                if "is locked" not in str(exc):
                    raise
                found = None
            if found is not None:
                found.claim(self.worker_id)
        return found

    def run(self) -> None:
        logger.info("worker %s started", self.worker_id)
        if self.heartbeat is not None:
            self.heartbeat.start()
        try:
            self._loop()
        finally:
            if self.heartbeat is not None:
                self.heartbeat.stop()
        logger.info("worker %s stopped", self.worker_id)

    def _loop(self) -> None:
        while self.running:
            self.tick()
            self.recover()
            found = self.claim()
            if found is not None:
                self.run_task(found)
                self.ran += 1
            elif self.batch:
                return
            if self.max_tasks is not None and self.ran >= self.max_tasks:
                return
            if not transaction.get_connection().in_atomic_block:  # run_pending inside a test
                close_old_connections()
            if self.running and found is None:
                time.sleep(self.interval)
