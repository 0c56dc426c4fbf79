"""The connectors' background jobs: a source's run and an uploaded file's import run in
`opensit worker`, on the `imports` queue (a worker may be kept for them alone), and the
periodic job that starts the sources whose time has come (`OPENSIT_SCHEDULE["sources"]`)."""

from typing import Any

from django.utils import timezone

from opensit.jobs.api import job


def _run_lost(message: str, run_id: int) -> None:
    """The worker running `run_id` was lost: the run ends failed, saying so, and its source
    may run again (`sources.due_sources` waits for its unfinished runs)."""
    from opensit.connectors.sources import fail_lost

    fail_lost(run_id, message)


@job(max_attempts=1, queue_name="imports", on_lost=_run_lost)
def source_run(run_id: int) -> dict[str, Any]:
    """One run, recorded beforehand (`sources.new_run`): a source's, or an upload's. Not
    retried as a job: the download retries with backoff within the run, a failed run says why
    on its page, and the source's next scheduled run tries again."""
    from opensit.connectors.models import SourceRun
    from opensit.connectors.sources import run_recorded

    run = run_recorded(SourceRun.objects.get(pk=run_id))
    report = run.import_run
    return {
        "run": run.pk,
        "status": run.status,
        "created": report.created if report else 0,
        "updated": report.updated if report else 0,
        "deleted": report.deleted if report else 0,
        "failed": report.failed if report else 0,
    }


@job(max_attempts=1, singleton=True)
def run_due_sources() -> dict[str, list[str]]:
    """Queue a run of every source whose schedule has come (each becomes a `source_run`)."""
    from opensit.connectors.sources import due_sources, start_run

    started = [start_run(source).source.name for source in due_sources(timezone.now())]
    return {"started": started}
