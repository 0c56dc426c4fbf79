"""Defining and running jobs: django-tasks on its database backend, plus the retries it lacks.

django-tasks 0.12 runs a task once: a failure is final. `@job` adds what OpenSIT needs: on an
exception, the same call is enqueued again with `run_after` = now + backoff (30 s, 1 min,
2 min... capped), up to `max_attempts`; the failed attempt stays in the queue's table with its
traceback, so the back-office shows every attempt. The attempt number travels in the task's
keyword arguments (`_attempt`), the only place the backend keeps per-result data.

Usage, in any app's `jobs.py` or `tasks.py` (a module-level name, as django-tasks requires):

    from opensit.jobs.api import job

    @job(max_attempts=5)
    def run_source(source_id: int) -> dict:
        ...  # raise to fail: it is retried with backoff

    run_source.enqueue(source_id)      # queued; `opensit worker` runs it
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django_tasks import TaskContext, task_backends
from django_tasks.base import Task

logger = logging.getLogger(__name__)

BACKEND = "jobs"  # settings.TASKS alias of the database backend
ATTEMPT = "_attempt"  # the keyword that carries the attempt number
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
DEFAULT_ATTEMPTS = 5


def backoff(
    attempt: int, base: timedelta = BACKOFF_BASE, cap: timedelta = BACKOFF_MAX
) -> timedelta:
    """Wait after the n-th failed attempt: base, 2 × base, 4 × base... at most `cap`."""
    return min(base * (2 ** (attempt - 1)), cap)


def retry_or_give_up(
    task: Task,
    args: list | tuple,
    kwargs: dict,
    attempt: int,
    policy: dict[str, Any],
    why: Any,
    now: datetime | None = None,
) -> None:
    """After a failed attempt (an exception, or a worker lost: `heartbeat`): enqueue the next
    attempt after its backoff from `now`, or log that the job gives up."""
    max_attempts = policy.get("max_attempts", 1)
    if attempt < max_attempts:
        wait = backoff(attempt, policy["backoff_base"], policy["backoff_max"])
        retry = task.using(run_after=(now or timezone.now()) + wait)
        retry.enqueue(*args, **{**kwargs, ATTEMPT: attempt + 1})
        logger.warning(
            "job %s failed (attempt %d of %d), retried in %s: %s",
            task.name, attempt, max_attempts, wait, why,
        )  # fmt: skip
    else:
        logger.error(
            "job %s failed (attempt %d of %d), given up: %s",
            task.name, attempt, max_attempts, why,
        )  # fmt: skip


# What each job allows, by task path: the back-office shows "attempt 2 of 5".
POLICIES: dict[str, dict[str, Any]] = {}


def job(
    func: Callable | None = None,
    *,
    max_attempts: int = DEFAULT_ATTEMPTS,
    backoff_base: timedelta = BACKOFF_BASE,
    backoff_max: timedelta = BACKOFF_MAX,
    priority: int = 0,
    queue_name: str = "default",
    singleton: bool = False,
    on_lost: Callable[..., None] | None = None,
) -> Any:
    """A django-tasks Task on the jobs backend whose failures are retried with backoff.
    `singleton`: a run that finds another run of the same job still running returns at once
    (`{"skipped": ...}`): periodic jobs whose runs must not overlap (webhooks, dumps).
    `on_lost(message, *args, **kwargs)`: called, with the job's arguments, when a run is found
    lost with its worker (`heartbeat.recover_lost`), to end what the run had left unfinished
    (a source run's status); it runs before the retry is enqueued, in the same transaction."""

    if max_attempts < 1:
        raise ValueError("max_attempts: 1 or more")

    def decorate(function: Callable) -> Task:
        def run(context: TaskContext, *args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT, 1))
            if singleton and _other_run(defined.module_path, context.task_result.id):
                return {"skipped": "already running"}
            try:
                return function(*args, **kwargs)
            except BaseException as exc:  # an interrupted attempt (worker stopped) too
                # The same task as this run's (its queue and priority, if enqueued .using()).
                task = context.task_result.task
                retry_or_give_up(task, args, kwargs, attempt, POLICIES[defined.module_path], exc)
                raise

        # django-tasks finds the task again by this path: the module-level name of the job.
        run.__module__ = function.__module__
        run.__name__ = function.__name__
        run.__qualname__ = function.__qualname__
        run.__doc__ = function.__doc__
        defined = task_backends[BACKEND].task_class(
            func=run,
            priority=priority,
            queue_name=queue_name,
            backend=BACKEND,
            takes_context=True,
            run_after=None,
        )
        POLICIES[defined.module_path] = {
            "max_attempts": max_attempts,
            "backoff_base": backoff_base,
            "backoff_max": backoff_max,
            "on_lost": on_lost,
            "function": function,
        }
        return defined

    return decorate(func) if func is not None else decorate


STALE_RUN = timedelta(hours=6)  # a run older than this is a killed worker's, not a running one


def _other_run(path: str, own_id: str) -> bool:
    """Another run of this job is running (started within STALE_RUN)."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.running()
        .filter(task_path=path, started_at__gte=timezone.now() - STALE_RUN)
        .exclude(id=own_id)
        .exists()
    )


def attempt_of(kwargs: dict[str, Any]) -> int:
    """The attempt number a queued call carries (1 for the first)."""
    return int(kwargs.get(ATTEMPT, 1))


def run_pending(limit: int | None = None) -> int:
    """Run the due jobs in this process until none is left (or `limit` ran); their number.
    For tests and `opensit worker --burst`: the same claim and run as the worker's."""
    from opensit.jobs.worker import JobWorker

    worker = JobWorker(
        interval=0, burst=True, max_tasks=limit, schedule=False, with_heartbeat=False
    )
    worker.run()
    return worker.ran
