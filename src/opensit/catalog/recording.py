"""The shared steps of every write: validate, stamp, and record (revision, change log, audit,
signal). Used by `services`, `batch`, `workflow` and `history`; not a public API."""

from typing import Any

from django.utils import timezone

from opensit.catalog import projection
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Change, Revision, TourismObject
from opensit.catalog.sanitize import sanitise
from opensit.catalog.signals import objects_written
from opensit.core.audit import log_action
from opensit.core.audit_types import CATALOG_WRITES
from opensit.core.identifiers import make_slug, new_object_id, source_object_id
from opensit.core.langtext import pick
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

Status = TourismObject.Status


def validate(document: TourismDocument | dict[str, Any]) -> TourismDocument:
    """Validated and sanitised: rich texts keep only the allowed HTML."""
    if not isinstance(document, TourismDocument):
        document = TourismDocument.model_validate(document)
    return sanitise(document)


def stamp(obj: TourismObject, doc: TourismDocument) -> TourismDocument:
    """Write the storage-owned identity fields into the document."""
    return doc.model_copy(
        update={
            "id": obj.id,
            "slug": obj.slug,
            "status": obj.status,
            "owner": obj.owner.slug if obj.owner_id else "",
            "created_at": obj.created_at,
            "updated_at": obj.updated_at,
        }
    )


def restamp(obj: TourismObject) -> None:
    """Refresh the stored document after a change of status or owner."""
    projection.apply(obj, stamp(obj, TourismDocument.model_validate(obj.document)))


def revision(obj: TourismObject, actor: Actor, action: str, comment: str = "") -> Revision:
    return Revision(
        object=obj,
        number=obj.version,
        document=obj.document,
        author=actor.user,
        organisation=actor.organisation,
        origin=actor.origin,
        action=action,
        comment=comment,
        created_at=obj.updated_at,
    )


def change(obj: TourismObject, action: str) -> Change:
    return Change(object_id=obj.id, action=action, object_type=obj.type, updated_at=obj.updated_at)


def new_object(doc: TourismDocument, owner: Organisation | None, status: str) -> TourismObject:
    now = timezone.now()
    if doc.source and not doc.id:
        object_id = source_object_id(doc.source.system, doc.source.id)
    else:
        object_id = doc.id or new_object_id()
    obj = TourismObject(
        id=object_id,
        slug=make_slug(pick(doc.name, "fr"), object_id),
        status=status,
        owner=owner,
        created_at=doc.created_at or now,
        updated_at=now,
        version=1,
    )
    projection.apply(obj, stamp(obj, doc))
    return obj


def bump(obj: TourismObject) -> None:
    obj.updated_at = timezone.now()
    obj.version += 1


def record(
    actor: Actor,
    objects: list[TourismObject],
    change_action: str,
    action: str,
    comment: str = "",
    **audit: Any,
) -> None:
    """Revision + change-log entry per object, one audit entry per single write, the signal."""
    Revision.objects.bulk_create([revision(obj, actor, action, comment) for obj in objects])
    Change.objects.bulk_create([change(obj, change_action) for obj in objects])
    if len(objects) == 1:
        log_action(actor, CATALOG_WRITES[action], objects[0].id, comment=comment, **audit)
    objects_written.send(sender=TourismObject, objects=objects)
