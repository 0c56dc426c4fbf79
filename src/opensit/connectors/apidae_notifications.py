"""Apidae's export notifications: Apidae announces each export of a project by a form POST to
the source's notification address (docs/connectors/sources.md, "Apidae exports"); it is
checked here and becomes a run of the source (`sources.run_source` downloads, imports and
confirms it)."""

import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from opensit.connectors.models import Source, SourceRun
from opensit.connectors.sources import fail_run, new_run, require_network_admin, start_run
from opensit.core.audit import log_action
from opensit.network.permissions import Actor
from opensit.network.services import hash_token


class NotificationRefused(ValueError):
    """A notification that is not the source's: the HTTP status and the field at fault."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.field = field


def new_notification_token(actor: Actor, source: Source) -> str:
    """A new secret for the source's notification address (the old one stops working). Only
    its hash is stored: the caller shows it once."""
    require_network_admin(actor)
    raw = secrets.token_urlsafe(32)
    source.notification_token_hash = hash_token(raw)
    Source.objects.filter(pk=source.pk).update(
        notification_token_hash=source.notification_token_hash
    )
    log_action(actor, "connectors.source_token", source.pk, name=source.name)
    return raw


def _flag(value: str, field: str) -> bool:
    value = (value or "false").strip().lower()
    if value not in ("true", "false"):
        raise NotificationRefused(400, field, _("%(field)s is true or false.") % {"field": field})
    return value == "true"


def _http_url(data: Any, field: str) -> str:
    url = (data.get(field) or "").strip()
    if not url.startswith(("http://", "https://")):
        raise NotificationRefused(
            400, field, _("%(field)s must be the http(s) address Apidae gives.") % {"field": field}
        )
    return url


def receive_notification(source_id: int, token: str, data: Any) -> SourceRun:
    """Apidae's notification of an export (form fields `projetId`, `statut`, `ponctuel`,
    `reinitialisation`, `urlRecuperation`, `urlConfirmation`): checked against the source's
    project id and secret, then recorded as a run and queued; `statut=ERROR` is recorded as a
    failed run with Apidae's message, nothing downloaded; the same export notified again
    while its run waits is that run. Anything else raises
    `NotificationRefused` naming the field, and records nothing."""
    source = (
        Source.objects.select_related("owner")
        .filter(pk=source_id, kind=Source.Kind.APIDAE, apidae_mode=Source.ApidaeMode.EXPORT)
        .first()
    )
    if source is None:
        raise NotificationRefused(404, "source", _("No Apidae export source here."))
    expected = source.notification_token_hash
    if not expected or not token or not hmac.compare_digest(hash_token(token), expected):
        raise NotificationRefused(403, "token", _("The notification token is not this source's."))
    if (data.get("projetId") or "").strip() != source.project_id.strip():
        raise NotificationRefused(
            403, "projetId", _("projetId is not the project id of this source.")
        )
    if not source.enabled:
        raise NotificationRefused(409, "source", _("This source is disabled."))
    status = (data.get("statut") or "").strip().upper()
    if status not in ("SUCCESS", "ERROR"):
        raise NotificationRefused(400, "statut", _("statut is SUCCESS or ERROR."))
    notification = {
        "statut": status,
        "ponctuel": _flag(data.get("ponctuel"), "ponctuel"),
        "reinitialisation": _flag(data.get("reinitialisation"), "reinitialisation"),
    }
    if status == "SUCCESS":
        notification["urlRecuperation"] = _http_url(data, "urlRecuperation")
        notification["urlConfirmation"] = _http_url(data, "urlConfirmation")
        # Apidae may notify the same export again: a run of it still waiting is that run.
        waiting = (
            SourceRun.objects.filter(
                source=source,
                status=SourceRun.Status.QUEUED,
                notification__urlRecuperation=notification["urlRecuperation"],
            )
            .order_by("pk")
            .first()
        )
        if waiting is not None:
            return waiting
    with transaction.atomic():
        run = new_run(source, started_by="Apidae")
        run.notification = notification
        SourceRun.objects.filter(pk=run.pk).update(notification=notification)
        log_action(
            Actor.system(),
            "connectors.source_notified",
            run.pk,
            source=source.name,
            statut=status,
            reinitialisation=notification["reinitialisation"],
        )
        if status == "ERROR":
            message = (data.get("message") or data.get("erreur") or "").strip()[:1000]
            cause = (
                _("Apidae reports that the export failed (statut=ERROR): %(message)s")
                % {"message": message}
                if message
                else _("Apidae reports that the export failed (statut=ERROR)")
            )
            return fail_run(run, source, cause, None)
        start_run(source, run)
    return run
