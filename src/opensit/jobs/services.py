"""What the back-office shows of the jobs: recent runs with their status, attempt, timings and
error, and the periodic schedule. Network administrators only: a traceback can name paths,
hosts and data of any organisation."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opensit.jobs import api
from opensit.jobs.models import ScheduledJob
from opensit.network.permissions import Actor, require

# django-tasks has no French: the statuses' labels are ours.
STATUSES = {
    TaskResultStatus.READY.value: pgettext_lazy("job", "Waiting"),
    TaskResultStatus.RUNNING.value: pgettext_lazy("job", "Running"),
    TaskResultStatus.FAILED.value: pgettext_lazy("job", "Failed"),
    TaskResultStatus.SUCCESSFUL.value: pgettext_lazy("job", "Succeeded"),
}


def require_jobs(actor: Actor) -> None:
    require(actor.is_network_admin, _("Only network administrators see the background jobs."))


def check_status(status: str | None) -> str | None:
    """A status filter, or ValueError naming the parameter and the values it takes."""
    if status and status not in STATUSES:
        raise ValueError(
            _("status: one of %(values)s, not “%(value)s”.")
            % {"values": ", ".join(STATUSES), "value": status}
        )
    return status or None


def recent_jobs(actor: Actor, status: str | None = None) -> QuerySet[DBTaskResult]:
    """The jobs of OpenSIT's queue, newest first (Wagtail's own tasks run in the request)."""
    require_jobs(actor)
    jobs = DBTaskResult.objects.filter(backend_name=api.BACKEND)
    status = check_status(status)
    if status:
        jobs = jobs.filter(status=status)
    return jobs.order_by("-enqueued_at")


@dataclass
class JobRow:
    """One run of a job, as the screen shows it."""

    id: str
    name: str
    status: str
    status_label: str
    attempt: int
    max_attempts: int | None
    enqueued_at: datetime
    run_after: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    error: str
    traceback: str
    result: object

    @property
    def duration(self) -> timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def retried(self) -> bool:
        """A failed attempt followed by another (the policy allowed more)."""
        return self.status == TaskResultStatus.FAILED and (
            self.max_attempts is not None and self.attempt < self.max_attempts
        )


def _error_line(traceback: str) -> str:
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def rows(actor: Actor, jobs: list[DBTaskResult]) -> list[JobRow]:
    require_jobs(actor)
    found = []
    for job in jobs:
        kwargs = (job.args_kwargs or {}).get("kwargs", {})
        policy = api.POLICIES.get(job.task_path, {})
        waiting = job.status == TaskResultStatus.READY and job.run_after.year < 9999
        found.append(
            JobRow(
                id=str(job.id),
                name=job.task_name,
                status=job.status,
                status_label=str(STATUSES.get(job.status, job.status)),
                attempt=api.attempt_of(kwargs),
                max_attempts=policy.get("max_attempts"),
                enqueued_at=job.enqueued_at,
                run_after=job.run_after if waiting else None,
                started_at=job.started_at,
                finished_at=job.finished_at,
                error=_error_line(job.traceback) if job.status == TaskResultStatus.FAILED else "",
                traceback=job.traceback if job.status == TaskResultStatus.FAILED else "",
                result=job.return_value,
            )
        )
    return found


def schedule_rows(actor: Actor) -> list[ScheduledJob]:
    require_jobs(actor)
    return list(ScheduledJob.objects.order_by("next_run_at"))
