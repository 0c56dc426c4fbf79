"""`log_action`: the one way to write the audit log (after pretix). Every action comes from the
registry (`opensit.core.audit_types`), which gives the entry its object type; secrets in the data
are masked before anything is stored (`opensit.core.logmask.mask_data`)."""

from typing import Any

from opensit.core.audit_types import ACTIONS
from opensit.core.logmask import mask_data
from opensit.core.models import AuditEntry


class UnregisteredAction(ValueError):
    """An action that is not in the registry, or a legacy one no longer written."""


def log_action(actor: Any, action: str, object_id: Any = "", **data: Any) -> AuditEntry:
    """Record an audit entry for `actor` (an `opensit.network.permissions.Actor`)."""
    kind = ACTIONS.get(action)
    if kind is None or kind.legacy:
        raise UnregisteredAction(
            f"audit action {action!r} is not registered in opensit.core.audit_types"
            + (" (legacy code: no longer written)" if kind is not None else "")
        )
    return AuditEntry.objects.create(
        user=getattr(actor, "user", None),
        organisation=getattr(actor, "organisation", None),
        origin=getattr(actor, "origin", "system"),
        action=action,
        object_type=kind.object_type.code,
        object_id=str(object_id),
        data=mask_data(data),
    )
