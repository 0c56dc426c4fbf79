"""A failing job is retried with exponential backoff up to its attempts, every attempt kept
with its error; the back-office's jobs screen shows them to network admins only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opensit.jobs import api
from opensit.jobs.api import run_pending
from tests.jobs.sample import always_fails, write_file

pytestmark = pytest.mark.django_db

ROLES = ["admin", "editor", "reader", "other_admin"]


def _attempts():
    return [
        (api.attempt_of(r.args_kwargs["kwargs"]), r.status)
        for r in DBTaskResult.objects.order_by("enqueued_at")
    ]


def _make_due(attempt: int) -> None:
    """Time passes: the retry of `attempt` becomes due (the test does not sleep 30 s)."""
    for row in DBTaskResult.objects.filter(status="READY"):
        if api.attempt_of(row.args_kwargs["kwargs"]) == attempt:
            row.run_after = timezone.now() - timedelta(seconds=1)
            row.save(update_fields=["run_after"])


def test_a_failing_job_is_retried_with_backoff_then_given_up():
    always_fails.enqueue("quota")
    before = timezone.now()
    assert run_pending() == 1
    after = timezone.now()
    assert _attempts() == [(1, "FAILED"), (2, "READY")]
    failed = DBTaskResult.objects.get(status="FAILED")
    assert "RuntimeError: the remote said no: quota" in failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": ["quota"], "kwargs": {"_attempt": 2}}
    assert before + timedelta(seconds=30) <= retry.run_after <= after + timedelta(seconds=30)
    assert run_pending() == 0  # not due yet: nothing runs

    _make_due(2)
    before = timezone.now()
    assert run_pending() == 1
    third = DBTaskResult.objects.get(status="READY")
    assert api.attempt_of(third.args_kwargs["kwargs"]) == 3
    assert third.run_after >= before + timedelta(seconds=60)  # 30 s, then 60 s: doubled

    _make_due(3)
    assert run_pending() == 1
    assert _attempts() == [(1, "FAILED"), (2, "FAILED"), (3, "FAILED")]  # given up: no 4th
    assert run_pending() == 0
    assert [api.backoff(n).total_seconds() for n in (1, 2, 3, 8)] == [30, 60, 120, 3600]


def test_the_jobs_screen_shows_attempts_errors_and_tracebacks(client, network, tmp_path):
    always_fails.enqueue("quota")
    run_pending()
    _make_due(2)
    run_pending()
    write_file.enqueue(str(tmp_path / "out.txt"), "hello")
    run_pending()
    assert (tmp_path / "out.txt").read_text() == "hello"

    client.force_login(network.users["network_admin"])
    page = client.get(reverse("opensit_jobs"))
    assert page.status_code == 200
    rows = {(r.name, r.attempt, r.status) for r in page.context["rows"]}
    assert rows == {
        ("always_fails", 1, "FAILED"),
        ("always_fails", 2, "FAILED"),
        ("always_fails", 3, "READY"),
        ("write_file", 1, "SUCCESSFUL"),
    }
    html = page.content.decode()  # in French, the back-office's first language
    assert "Tâches de fond" in html
    assert html.count("RuntimeError: the remote said no: quota") == 4  # 2 errors + 2 tracebacks
    assert html.count("Réessayée plus tard (délai croissant).") == 2
    assert "1 sur 3" in html and "2 sur 3" in html and "3 sur 3" in html
    assert 'data-testid="traceback"' in html and "tests/jobs/sample.py" in html
    assert "pas avant le" in html  # the third attempt waits for its backoff
    status = 'data-testid="status">'
    assert html.count(status + "Échouée") == 2
    assert status + "Réussie" in html and status + "En attente" in html
    assert "{&#x27;wrote&#x27;: " in html  # a success shows its result

    failed_only = client.get(reverse("opensit_jobs"), {"status": "FAILED"})
    assert [r.attempt for r in failed_only.context["rows"]] == [2, 1]
    bad = client.get(reverse("opensit_jobs"), {"status": "BROKEN"})
    assert bad.status_code == 400
    assert "status : l&#x27;un de READY, RUNNING, FAILED, SUCCESSFUL" in bad.content.decode()


@pytest.mark.parametrize("who", ROLES)
def test_only_network_admins_see_the_jobs(client, network, who):
    always_fails.enqueue("secret-host.internal")
    run_pending()
    client.force_login(network.users[who])
    response = client.get(reverse("opensit_jobs"))
    assert response.status_code == 403
    assert "secret-host.internal" not in response.content.decode()
    assert "Seuls les administrateurs du réseau voient les tâches de fond." in (
        response.content.decode()
    )


def test_the_menu_item_is_shown_to_network_admins_only(client, network):
    client.force_login(network.users["network_admin"])
    assert reverse("opensit_jobs") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(network.users["admin"])
    assert reverse("opensit_jobs") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_prune_jobs_forgets_old_finished_runs_only(tmp_path):
    from opensit.jobs.tasks import prune_jobs

    write_file.enqueue(str(tmp_path / "a"), "a")
    write_file.enqueue(str(tmp_path / "b"), "b")
    run_pending()
    always_fails.enqueue("later")  # a recent failure, and its retry waiting: kept
    old = DBTaskResult.objects.filter(status="SUCCESSFUL").first()
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=31))
    prune_jobs.enqueue()
    run_pending()
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.get(task_path__endswith="prune_jobs").return_value == {"deleted": 1}
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2  # the other, prune
    assert DBTaskResult.objects.filter(status__in=["FAILED", "READY"]).count() == 2


def test_a_retry_keeps_the_queue_and_priority_it_was_enqueued_with():
    always_fails.using(queue_name="imports", priority=5).enqueue("x")
    run_pending()
    retry = DBTaskResult.objects.get(status="READY")
    assert (retry.queue_name, retry.priority) == ("imports", 5)


def test_a_periodic_job_does_not_overlap_itself(settings):
    """A run that finds another run of the same job running returns at once."""
    from opensit.jobs.tasks import webhooks

    other = webhooks.enqueue()
    DBTaskResult.objects.filter(pk=other.id).update(status="RUNNING", started_at=timezone.now())
    second = webhooks.enqueue()
    run_pending()
    assert DBTaskResult.objects.get(pk=second.id).return_value == {"skipped": "already running"}
    # A run left RUNNING by a killed worker long ago does not block the job forever.
    DBTaskResult.objects.filter(pk=other.id).update(started_at=timezone.now() - timedelta(days=1))
    third = webhooks.enqueue()
    run_pending()
    assert DBTaskResult.objects.get(pk=third.id).return_value == {
        "sent": 0, "succeeded": 0, "failed": 0, "waiting": 0,
    }  # fmt: skip
