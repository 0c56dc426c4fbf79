"""Webhook delivery: batches of the project's change feed POSTed to its URL, signed with
HMAC-SHA256, retried with exponential backoff, every attempt logged.

Signature: header `X-OpenSIT-Signature: t=<unix time>,v1=<hex>` where hex is
HMAC-SHA256(secret, "<t>." + body). Receivers recompute it and compare in constant time.

The target is checked before each attempt (`webhook_targets`: no private or loopback address)
and redirects are not followed: a refused target is a failed attempt, retried and in the end
disabled like any other.
"""

import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from django.utils import timezone

from opensit.diffusion import feed
from opensit.diffusion.models import DiffusionProject, Webhook, WebhookDelivery
from opensit.diffusion.webhook_targets import PrivateTarget, check_target

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
TIMEOUT_SECONDS = 10
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=6)
MAX_ATTEMPTS = 10
SIGNATURE_HEADER = "X-OpenSIT-Signature"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, tolerance: int | None = None) -> bool:
    """What a receiver does (and what the tests do): check the signature header."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if tolerance is not None and abs(time.time() - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def backoff(attempt: int) -> timedelta:
    """Wait after the n-th failed attempt: 30 s, 1 min, 2 min... at most 6 h."""
    return min(BACKOFF_BASE * (2 ** (attempt - 1)), BACKOFF_MAX)


@dataclass
class DeliveryReport:
    sent: int = 0
    succeeded: int = 0
    failed: int = 0
    waiting: int = 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (a failed attempt), never followed: it could lead inside."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    try:
        check_target(url)
    except PrivateTarget as exc:
        return None, str(exc)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return None, str(getattr(exc, "reason", exc))


def _attempt(
    webhook: Webhook, batch: str, first: int, last: int, payload: bytes, attempt: int, now: datetime
) -> WebhookDelivery:
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "OpenSIT-Webhooks/1",
        SIGNATURE_HEADER: sign(webhook.secret, payload, timestamp),
        "X-OpenSIT-Delivery": batch,
        "X-OpenSIT-Attempt": str(attempt),
    }
    status, error = _post(webhook.url, payload, headers)
    success = status is not None and 200 <= status < 300
    gave_up = not success and attempt >= MAX_ATTEMPTS
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        batch=batch,
        attempt=attempt,
        first_seq=first,
        last_seq=last,
        payload=payload,
        status_code=status,
        error=error,
        success=success,
        gave_up=gave_up,
        created_at=now,
        next_attempt_at=None if success or gave_up else now + backoff(attempt),
    )
    if success:
        Webhook.objects.filter(pk=webhook.pk).update(last_seq=last)
        webhook.last_seq = last
    elif gave_up:
        Webhook.objects.filter(pk=webhook.pk).update(active=False)
        logger.warning("webhook %s disabled after %d failed attempts", webhook.url, attempt)
    return delivery


def deliver_webhook(webhook: Webhook, now: datetime | None = None) -> WebhookDelivery | None:
    """Retry the pending batch when it is due, else send the next batch of the feed."""
    now = now or timezone.now()
    pending = webhook.deliveries.order_by("-id").first()
    if pending is not None and not pending.success and not pending.gave_up:
        if pending.next_attempt_at and pending.next_attempt_at > now:
            return None
        return _attempt(
            webhook,
            pending.batch,
            pending.first_seq,
            pending.last_seq,
            bytes(pending.payload),
            pending.attempt + 1,
            now,
        )
    page = feed.read(webhook.project, webhook.last_seq, BATCH_SIZE)
    if not page.items:
        return None
    batch = str(uuid.uuid4())
    payload = orjson.dumps(
        {
            "delivery": batch,
            "project": webhook.project_id,
            "changes": page.items,
            "cursor": str(page.cursor),
            "more": page.more,
        }
    )
    return _attempt(webhook, batch, page.items[0]["seq"], page.cursor, payload, 1, now)


def deliver_all(now: datetime | None = None, max_batches: int = 50) -> DeliveryReport:
    """One round for every active webhook of active projects (the `webhooks deliver` command)."""
    report = DeliveryReport()
    hooks = Webhook.objects.filter(
        active=True, project__status=DiffusionProject.Status.ACTIVE
    ).select_related("project")
    for webhook in hooks:
        for _ in range(max_batches):
            delivery = deliver_webhook(webhook, now)
            if delivery is None:
                last = webhook.deliveries.order_by("-id").first()
                if last is not None and not last.success and not last.gave_up:
                    report.waiting += 1
                break
            report.sent += 1
            if delivery.success:
                report.succeeded += 1
                continue
            report.failed += 1
            break
    return report
