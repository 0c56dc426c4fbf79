"""The periodic schedule: cron expressions in Paris time, intervals, bad entries named, and
each due run enqueued exactly once, even when two workers tick at the same instant."""

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django_tasks_db.models import DBTaskResult

from opensit.jobs import schedule
from opensit.jobs.models import ScheduledJob

PARIS = ZoneInfo("Europe/Paris")


def _paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("0 2 * * *", _paris(2026, 6, 1, 1, 59), _paris(2026, 6, 1, 2, 0)),
        ("0 2 * * *", _paris(2026, 6, 1, 2, 0), _paris(2026, 6, 2, 2, 0)),  # strictly after
        ("*/15 * * * *", _paris(2026, 6, 1, 10, 7), _paris(2026, 6, 1, 10, 15)),
        ("0 8 * * 1", _paris(2026, 6, 3, 9, 0), _paris(2026, 6, 8, 8, 0)),  # Monday
        ("0 8 * * 7", _paris(2026, 6, 3, 9, 0), _paris(2026, 6, 7, 8, 0)),  # 7 is Sunday too
        ("30 3 1 1,7 *", _paris(2026, 6, 3, 9, 0), _paris(2026, 7, 1, 3, 30)),
        ("0 0 13 * 5", _paris(2026, 2, 1, 0, 0), _paris(2026, 2, 6, 0, 0)),  # day OR weekday
        ("0 0 29 2 *", _paris(2026, 3, 1, 0, 0), _paris(2028, 2, 29, 0, 0)),
    ],
)
def test_next_cron(expression, after, expected):
    assert schedule.next_cron(schedule.parse_cron(expression), after, PARIS) == expected


def test_daylight_saving_changes_run_once():
    cron = schedule.parse_cron("30 2 * * *")
    # 29 March 2026: 02:30 does not exist in Paris; the run happens an hour later (03:30 CEST),
    # once.
    spring = schedule.next_cron(cron, _paris(2026, 3, 29, 0, 0), PARIS)
    assert spring == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert schedule.next_cron(cron, spring, PARIS) == datetime(2026, 3, 30, 0, 30, tzinfo=UTC)
    # 25 October 2026: 02:30 happens twice; the job runs at the first, not again at the second.
    first = schedule.next_cron(cron, _paris(2026, 10, 25, 0, 0), PARIS)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert schedule.next_cron(cron, first, PARIS) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"cron": "0 25 * * *"}, "OPENSIT_SCHEDULE['nightly_dumps']: bad cron hour field '25'"),
        ({"cron": "0 2 * *"}, "a cron expression has 5 fields"),
        ({"cron": "x 2 * * *"}, "bad cron minute field 'x'"),
        ({"every": 0}, "'every' is a number of seconds, 1 or more"),
        ({"cron": "0 2 * * *", "every": 5}, "give {'cron'"),
        ({"cron": "0 2 * * *", "job": "opensit.nothing.here"}, "no job 'opensit.nothing.here'"),
        ({"cron": "0 2 * * *", "job": "opensit.jobs.api.backoff"}, "is not a job"),
    ],
)
def test_bad_entries_are_named(settings, entry, message):
    settings.OPENSIT_SCHEDULE = {"nightly_dumps": entry}
    with pytest.raises(ImproperlyConfigured, match="nightly_dumps") as error:
        schedule.entries()
    assert message in str(error.value)


@pytest.fixture
def probe(settings, tmp_path):
    settings.OPENSIT_SCHEDULE = {
        "probe": {
            "cron": "0 2 * * *",
            "job": "tests.jobs.sample.write_file",
            "kwargs": {"path": str(tmp_path / "x"), "text": "y"},
        },
        "webhooks": "off",
    }


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_and_a_missed_run_once(probe):
    now = _paris(2026, 6, 1, 1, 0)
    assert schedule.tick(now) == []  # first sight: due at 02:00
    row = ScheduledJob.objects.get()
    assert row.next_run_at == _paris(2026, 6, 1, 2, 0)
    assert schedule.tick(_paris(2026, 6, 1, 2, 0)) == ["probe"]
    assert schedule.tick(_paris(2026, 6, 1, 2, 0, 30)) == []
    assert DBTaskResult.objects.count() == 1
    job = DBTaskResult.objects.get()
    assert job.task_path == "tests.jobs.sample.write_file"
    assert job.args_kwargs["kwargs"]["text"] == "y"
    row.refresh_from_db()
    assert row.next_run_at == _paris(2026, 6, 2, 2, 0) and row.last_result_id == str(job.id)
    # No worker for three days: the missed runs make one, then the schedule resumes.
    assert schedule.tick(_paris(2026, 6, 5, 9, 0)) == ["probe"]
    assert schedule.tick(_paris(2026, 6, 5, 9, 1)) == []
    row.refresh_from_db()
    assert row.next_run_at == _paris(2026, 6, 6, 2, 0)
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db
def test_a_changed_schedule_is_taken_up(probe, settings):
    schedule.tick(_paris(2026, 6, 1, 1, 0))
    settings.OPENSIT_SCHEDULE["probe"]["cron"] = "0 4 * * *"
    assert schedule.tick(_paris(2026, 6, 1, 2, 30)) == []  # 02:00 is no longer the time
    assert ScheduledJob.objects.get().next_run_at == _paris(2026, 6, 1, 4, 0)


def _tick_together(when: datetime) -> list:
    """Two threads (two database connections, as two workers) tick at the same instant."""
    start = threading.Barrier(2)
    results: list = []

    def worker() -> None:
        try:
            start.wait(timeout=30)
            results.append(schedule.tick(when))
        except BaseException as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_together_enqueue_once(probe):
    schedule.tick(_paris(2026, 6, 1, 1, 0))
    due = _paris(2026, 6, 1, 2, 0, 5)
    rounds = 5
    for day in range(rounds):
        results = _tick_together(due + timedelta(days=day))
        assert sorted(map(str, results)) == ["['probe']", "[]"], results
    assert DBTaskResult.objects.count() == rounds
