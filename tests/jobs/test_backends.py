"""Two task backends: Wagtail's own tasks run in the request (no worker needed to find an
image just uploaded), OpenSIT's jobs go to the database queue; `opensit check` names a bad
schedule entry."""

from django.core.checks import run_checks
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend
from modelsearch.tasks import insert_or_update_object_task
from wagtail.tasks import update_reference_index_task

from opensit.jobs import tasks


def test_wagtail_tasks_run_immediately_and_ours_are_queued():
    assert isinstance(update_reference_index_task.get_backend(), ImmediateBackend)
    assert isinstance(insert_or_update_object_task.get_backend(), ImmediateBackend)
    for job in (tasks.webhooks, tasks.nightly_dumps, tasks.search_optimize, tasks.prune_jobs):
        assert isinstance(job.get_backend(), DatabaseBackend), job


def test_check_names_a_bad_schedule_entry(settings):
    assert [e for e in run_checks() if e.id == "opensit.jobs.E001"] == []
    settings.OPENSIT_SCHEDULE = {"nightly_dumps": {"cron": "0 2 * *"}}
    errors = [e for e in run_checks() if e.id == "opensit.jobs.E001"]
    assert len(errors) == 1 and "nightly_dumps" in errors[0].msg


def test_every_job_of_the_default_schedule_exists_and_runs_on_an_empty_catalog(
    db, settings, tmp_path
):
    """The schedule as shipped: each entry names a job; each job runs on an empty platform."""
    from django_tasks_db.models import DBTaskResult

    from opensit.jobs import schedule
    from opensit.jobs.api import run_pending
    from opensit.settings import OPENSIT_SCHEDULE

    settings.OPENSIT_SCHEDULE = OPENSIT_SCHEDULE
    settings.OPENSIT_DUMP_DIR = tmp_path / "dumps"
    names = {entry.name for entry in schedule.entries()}
    assert names == {
        "webhooks", "media_refresh", "nightly_dumps", "search_optimize", "quality_refresh",
        "freshness_reminders", "prune_jobs", "sources",
    }  # fmt: skip
    for entry in schedule.entries():
        entry.task.enqueue(**entry.kwargs)
    run_pending()
    outcomes = {r.task_name: (r.status, r.traceback) for r in DBTaskResult.objects.all()}
    assert {name: status for name, (status, _tb) in outcomes.items()} == dict.fromkeys(
        {entry.task.name for entry in schedule.entries()}, "SUCCESSFUL"
    ), outcomes
    assert (tmp_path / "dumps" / "index.json").exists()
