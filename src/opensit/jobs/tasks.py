"""The periodic and on-demand jobs of OpenSIT: thin wrappers of the services that the
commands call too (`opensit export nightly`, `search optimize`, `quality refresh|remind`,
`webhooks deliver`). Each returns a small JSON summary, shown in the back-office.

Periodic jobs are named after their `OPENSIT_SCHEDULE` entry (`schedule.entries`).
"""

from datetime import timedelta
from typing import Any

from django.conf import settings

from opensit.jobs.api import job


class JobFailed(Exception):
    """A job whose work ended in failures: raised so that the run is retried and shown."""


@job(max_attempts=1, singleton=True)
def webhooks() -> dict[str, int]:
    """One delivery round of every active webhook (each webhook keeps its own retries and
    backoff, docs/diffusion.md): the job itself is not retried, the next minute's run is."""
    from opensit.diffusion.webhooks import deliver_all

    report = deliver_all()
    return {
        "sent": report.sent,
        "succeeded": report.succeeded,
        "failed": report.failed,
        "waiting": report.waiting,
    }


@job(max_attempts=3, backoff_base=timedelta(minutes=10), singleton=True)
def nightly_dumps() -> dict[str, Any]:
    """The nightly dumps (`opensit export nightly`); a failed format keeps its previous dump
    and fails the run, which is retried."""
    from opensit.diffusion.nightly import nightly

    index = nightly(settings.OPENSIT_DUMP_DIR)
    reports = [("", index["report"])]
    reports += [(f"projects/{pk}/", r) for pk, r in index["report"].get("projects", {}).items()]
    failed = [folder + fmt for folder, report in reports for fmt in report["failed"]]
    if failed:
        raise JobFailed(f"these dumps failed, their previous version is kept: {', '.join(failed)}")
    return {"files": len(index["files"]), "projects": len(index.get("projects", {}))}


@job(max_attempts=3, backoff_base=timedelta(minutes=5), singleton=True)
def media_refresh() -> dict[str, int]:
    """Render again the objects whose media publication ended (`opensit diffusion refresh`):
    the feed tells consumers they changed."""
    from django.db import transaction

    from opensit.diffusion.render import refresh_stale

    with transaction.atomic():
        return {"rendered": refresh_stale()}


@job(max_attempts=3, backoff_base=timedelta(minutes=5), singleton=True)
def search_optimize() -> dict[str, str]:
    """Compact the search index and refresh the planners' statistics (`opensit search
    optimize`)."""
    from opensit.search.indexer import optimize_index

    optimize_index()
    return {"optimized": "yes"}


@job(max_attempts=3, backoff_base=timedelta(minutes=5), singleton=True)
def quality_refresh() -> dict[str, int]:
    """Recompute every object's quality (`opensit quality refresh`), as the system."""
    from opensit.network.permissions import Actor
    from opensit.quality import services

    return {"assessed": services.refresh_all(Actor.system())}


@job(max_attempts=3, backoff_base=timedelta(minutes=10), singleton=True)
def freshness_reminders() -> dict[str, int]:
    """Email the owners and providers of stale objects (`opensit quality remind`)."""
    from opensit.network.permissions import Actor
    from opensit.quality import services

    sent = services.send_reminders(Actor.system())
    return {"recipients": len(sent)}


@job(max_attempts=1, singleton=True)
def prune_jobs() -> dict[str, int]:
    """Forget the finished runs older than OPENSIT_JOBS_KEEP_DAYS (the queue's table would
    grow by a few thousand rows a day, webhooks every minute)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from opensit.jobs.api import BACKEND

    cutoff = timezone.now() - timedelta(days=settings.OPENSIT_JOBS_KEEP_DAYS)
    old = DBTaskResult.objects.finished().filter(backend_name=BACKEND, finished_at__lt=cutoff)
    deleted, _by_model = old.delete()
    return {"deleted": deleted}
