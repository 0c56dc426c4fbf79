"""Revisions and audit: the history of an object, the diff between two revisions, restore of an
old revision (through the update path, so it is itself a new revision), audit queries."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from opensit.catalog import services
from opensit.catalog.diff import FieldChange, diff_documents
from opensit.catalog.models import Revision, TourismObject
from opensit.core.models import AuditEntry
from opensit.network.models import Organisation
from opensit.network.permissions import Actor


def history(obj: TourismObject) -> QuerySet[Revision]:
    """Every revision, newest first: who, for which organisation, when, from where, why."""
    return Revision.objects.filter(object=obj).select_related("author", "organisation")


def get_revision(obj: TourismObject, number: int) -> Revision:
    try:
        return Revision.objects.get(object=obj, number=number)
    except Revision.DoesNotExist:
        raise ValueError(
            _("“%(name)s” has no revision %(number)s.") % {"name": obj.name, "number": number}
        ) from None


def revision_diff(obj: TourismObject, old: int, new: int) -> list[FieldChange]:
    """Field-level changes from revision `old` to revision `new` (any two, either order)."""
    return diff_documents(get_revision(obj, old).document, get_revision(obj, new).document)


def restore(actor: Actor, obj: TourismObject, number: int, comment: str = "") -> bool:
    """Bring back the content of revision `number` as a new revision. False if identical."""
    document = dict(get_revision(obj, number).document)
    note = _("Restored revision %(number)s") % {"number": number}
    return services.update_object(
        actor, obj, document, comment=f"{note}. {comment}".strip(" ."), action="restore"
    )


def audit_log(
    *,
    organisation: Organisation | None = None,
    user: Any = None,
    action: str | None = None,
    object_id: str | None = None,
    origin: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries, newest first. `action` ending with a dot is a prefix (`catalog.`)."""
    qs = AuditEntry.objects.select_related("user", "organisation")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if user is not None:
        qs = qs.filter(user=user)
    if action:
        qs = (
            qs.filter(action__startswith=action)
            if action.endswith(".")
            else qs.filter(action=action)
        )
    if object_id:
        qs = qs.filter(object_id=object_id)
    if origin:
        qs = qs.filter(origin=origin)
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    if until is not None:
        qs = qs.filter(created_at__lt=until)
    return qs
