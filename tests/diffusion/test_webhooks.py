"""Webhooks against a real HTTP server on 127.0.0.1: signed batches, a retry after a 500 with
exponential backoff, every attempt logged."""

import threading
from datetime import timedelta
from email.message import Message
from http.server import BaseHTTPRequestHandler, HTTPServer

import orjson
import pytest
from django.utils import timezone

from opensit.catalog import services as catalog
from opensit.diffusion import services
from opensit.diffusion.models import Webhook, WebhookDelivery
from opensit.diffusion.webhooks import SIGNATURE_HEADER, backoff, deliver_all, verify
from tests.diffusion.conftest import CASTLE


class Receiver:
    """A webhook endpoint: answers the queued statuses in turn (then 200), keeps what it got."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.received: list[tuple[Message, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((self.headers, body))  # case-insensitive
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/opensit"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    """These receivers listen on 127.0.0.1, which production refuses (test_webhook_targets)."""
    settings.OPENSIT_WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def receiver():
    server = Receiver([500])
    yield server
    server.close()


def test_signed_batches_retried_after_a_500(receiver, project, office_admin, hotel, publish,
                                            editor):  # fmt: skip
    webhook, secret = services.add_webhook(office_admin, project, receiver.url)
    castle = publish(CASTLE)
    catalog.unpublish(editor, hotel, reason="works")
    t0 = timezone.now()

    report = deliver_all(now=t0)
    assert (report.sent, report.succeeded, report.failed) == (1, 0, 1)
    failed = WebhookDelivery.objects.get()
    assert failed.status_code == 500 and not failed.success and failed.attempt == 1
    assert failed.next_attempt_at == t0 + timedelta(seconds=30)
    assert deliver_all(now=t0 + timedelta(seconds=10)).waiting == 1  # not due yet
    assert len(receiver.received) == 1

    report = deliver_all(now=t0 + timedelta(seconds=31))
    assert (report.sent, report.succeeded) == (1, 1)
    assert len(receiver.received) == 2
    (first_headers, first_body), (retry_headers, retry_body) = receiver.received
    assert first_body == retry_body
    assert first_headers["X-OpenSIT-Delivery"] == retry_headers["X-OpenSIT-Delivery"]
    assert retry_headers["X-OpenSIT-Attempt"] == "2"
    for headers, body in receiver.received:
        assert verify(secret, body, headers[SIGNATURE_HEADER])
        assert not verify("wrong-secret", body, headers[SIGNATURE_HEADER])
        assert not verify(secret, body + b" ", headers[SIGNATURE_HEADER])
    payload = orjson.loads(retry_body)
    assert {(c["id"], c["action"]) for c in payload["changes"]} == {
        (castle.id, "created"),
        (hotel.id, "unpublished"),
    }
    webhook.refresh_from_db()
    assert webhook.last_seq == int(payload["cursor"])
    assert [
        (d.attempt, d.status_code, d.success) for d in WebhookDelivery.objects.order_by("id")
    ] == [
        (1, 500, False),
        (2, 200, True),
    ]
    # Nothing new: nothing sent.
    assert deliver_all(now=t0 + timedelta(minutes=5)).sent == 0


def test_unreachable_url_backs_off_exponentially(project, office_admin, publish):
    webhook, _secret = services.add_webhook(office_admin, project, "http://127.0.0.1:9/nothing")
    publish(CASTLE)
    now = timezone.now()
    for attempt in (1, 2, 3):
        assert deliver_all(now=now).failed == 1
        last = WebhookDelivery.objects.order_by("-id").first()
        assert last.attempt == attempt and last.status_code is None and last.error
        assert last.next_attempt_at - now == backoff(attempt)
        now = last.next_attempt_at
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(30) == timedelta(hours=6)
    assert Webhook.objects.get(pk=webhook.pk).active


def test_webhooks_of_suspended_projects_are_not_delivered(receiver, project, office_admin,
                                                           network_admin, publish):  # fmt: skip
    services.add_webhook(office_admin, project, receiver.url)
    publish(CASTLE)
    services.suspend_project(network_admin, project, "abuse")
    assert deliver_all().sent == 0 and receiver.received == []


def test_deliveries_run_as_queued_jobs(receiver, project, office_admin, publish, settings):
    """The worker's schedule enqueues the `webhooks` job every minute; the job delivers, and a
    failed batch waits for its own backoff, retried by a later run with the same id."""
    from django_tasks_db.models import DBTaskResult

    from opensit.jobs import schedule
    from opensit.jobs.api import run_pending

    settings.OPENSIT_SCHEDULE = {"webhooks": {"every": 60}}
    _webhook, secret = services.add_webhook(office_admin, project, receiver.url)
    publish(CASTLE)
    t0 = timezone.now()
    assert schedule.tick(t0) == ["webhooks"]
    assert receiver.received == []  # enqueued, not sent: the worker sends
    assert run_pending() == 1
    run = DBTaskResult.objects.get()
    assert run.status == "SUCCESSFUL"
    assert run.return_value == {"sent": 1, "succeeded": 0, "failed": 1, "waiting": 0}
    failed = WebhookDelivery.objects.get()
    assert failed.status_code == 500 and failed.attempt == 1

    assert schedule.tick(t0 + timedelta(seconds=30)) == []  # a minute has not passed
    WebhookDelivery.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
    assert schedule.tick(t0 + timedelta(seconds=61)) == ["webhooks"]
    assert run_pending() == 1
    assert [(d.attempt, d.success) for d in WebhookDelivery.objects.order_by("id")] == [
        (1, False),
        (2, True),
    ]
    (_h1, first), (headers, body) = receiver.received
    assert first == body and headers["X-OpenSIT-Attempt"] == "2"
    assert verify(secret, body, headers[SIGNATURE_HEADER])
