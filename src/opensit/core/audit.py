"""`log_action`: the one way to write the audit log (after pretix)."""

from typing import Any

from opensit.core.models import AuditEntry


def log_action(actor: Any, action: str, object_id: str = "", **data: Any) -> AuditEntry:
    """Record an audit entry for `actor` (an `opensit.network.permissions.Actor`)."""
    return AuditEntry.objects.create(
        user=getattr(actor, "user", None),
        organisation=getattr(actor, "organisation", None),
        origin=getattr(actor, "origin", "system"),
        action=action,
        object_id=str(object_id),
        data=data,
    )
