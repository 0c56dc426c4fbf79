"""The only code that changes tourism objects.

Each function checks the actor's rights, validates the document, and in one transaction saves
the object, records a revision and a change-log entry, writes the audit log and tells the
listeners (search index, rendered output) through `objects_written`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog import projection
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Change, Revision, TourismObject
from opensit.catalog.signals import objects_written
from opensit.core.audit import log_action
from opensit.core.identifiers import make_slug, new_object_id, source_object_id
from opensit.core.langtext import pick
from opensit.network.models import Organisation
from opensit.network.permissions import Actor, can_create, can_edit, can_manage, require

Status = TourismObject.Status


def _validate(document: TourismDocument | dict[str, Any]) -> TourismDocument:
    if isinstance(document, TourismDocument):
        return document
    return TourismDocument.model_validate(document)


def _stamp(obj: TourismObject, doc: TourismDocument) -> TourismDocument:
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


def _revision(obj: TourismObject, actor: Actor, action: str, comment: str = "") -> Revision:
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


def _change(obj: TourismObject, action: str) -> Change:
    return Change(object_id=obj.id, action=action, object_type=obj.type, updated_at=obj.updated_at)


def _new_object(doc: TourismDocument, owner: Organisation | None, status: str) -> TourismObject:
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
    projection.apply(obj, _stamp(obj, doc))
    return obj


@transaction.atomic
def create_object(
    actor: Actor,
    document: TourismDocument | dict[str, Any],
    *,
    owner: Organisation | None = None,
    status: str = Status.DRAFT,
    comment: str = "",
) -> TourismObject:
    require(can_create(actor), _("You may not create objects."))
    owner = owner or actor.organisation
    if owner != actor.organisation:
        require(actor.is_network_admin, _("Only network admins create for another organisation."))
    obj = _new_object(_validate(document), owner, status)
    obj.save(force_insert=True)
    _record(actor, [obj], Change.Action.CREATED, "create", comment)
    return obj


@transaction.atomic
def update_object(
    actor: Actor,
    obj: TourismObject,
    document: TourismDocument | dict[str, Any],
    *,
    comment: str = "",
) -> bool:
    """Save a new version of the document. Returns False when nothing changed."""
    obj = TourismObject.objects.select_for_update().get(pk=obj.pk)
    require(can_edit(actor, obj), _("You may not edit “%(name)s”.") % {"name": obj.name})
    require(obj.status != Status.DELETED, _("A deleted object cannot be edited."))
    doc = _validate(document)
    if projection.content_hash(doc) == obj.content_hash:
        return False
    obj.updated_at = timezone.now()
    obj.version += 1
    projection.apply(obj, _stamp(obj, doc))
    obj.save()
    _record(actor, [obj], Change.Action.UPDATED, "update", comment)
    return True


def _set_status(
    actor: Actor, obj: TourismObject, status: str, action: str, change: str, reason: str
) -> TourismObject:
    obj = TourismObject.objects.select_for_update().get(pk=obj.pk)
    require(can_edit(actor, obj), _("You may not edit “%(name)s”.") % {"name": obj.name})
    if obj.status == status:
        return obj
    obj.status = status
    obj.updated_at = timezone.now()
    obj.version += 1
    doc = TourismDocument.model_validate(obj.document)
    projection.apply(obj, _stamp(obj, doc))
    obj.save()
    _record(actor, [obj], change, action, reason)
    return obj


@transaction.atomic
def publish(actor: Actor, obj: TourismObject, comment: str = "") -> TourismObject:
    require(obj.status != Status.DELETED, _("A deleted object cannot be published."))
    return _set_status(actor, obj, Status.PUBLISHED, "publish", Change.Action.UPDATED, comment)


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValueError(_("A reason is required."))


@transaction.atomic
def unpublish(actor: Actor, obj: TourismObject, reason: str) -> TourismObject:
    _require_reason(reason)
    return _set_status(
        actor, obj, Status.UNPUBLISHED, "unpublish", Change.Action.UNPUBLISHED, reason
    )


@transaction.atomic
def archive(actor: Actor, obj: TourismObject, reason: str) -> TourismObject:
    _require_reason(reason)
    return _set_status(actor, obj, Status.ARCHIVED, "archive", Change.Action.UNPUBLISHED, reason)


@transaction.atomic
def delete_object(actor: Actor, obj: TourismObject, reason: str) -> TourismObject:
    """Deletion leaves a tombstone: the row, its revisions and a `deleted` change stay."""
    _require_reason(reason)
    return _set_status(actor, obj, Status.DELETED, "delete", Change.Action.DELETED, reason)


@transaction.atomic
def transfer_ownership(actor: Actor, obj: TourismObject, new_owner: Organisation) -> None:
    require(can_manage(actor, obj), _("Only the owner's admins may transfer ownership."))
    obj = TourismObject.objects.select_for_update().get(pk=obj.pk)
    previous = obj.owner
    obj.owner = new_owner
    obj.updated_at = timezone.now()
    obj.version += 1
    projection.apply(obj, _stamp(obj, TourismDocument.model_validate(obj.document)))
    obj.save()
    _record(
        actor,
        [obj],
        Change.Action.UPDATED,
        "transfer",
        _("Ownership transferred from %(old)s to %(new)s")
        % {"old": previous or "-", "new": new_owner},
    )


@transaction.atomic
def grant_coediting(actor: Actor, obj: TourismObject, organisation: Organisation) -> None:
    require(can_manage(actor, obj), _("Only the owner's admins may grant co-editing."))
    obj.coeditors.add(organisation)
    log_action(actor, "catalog.grant_coediting", obj.id, organisation=organisation.slug)


@transaction.atomic
def revoke_coediting(actor: Actor, obj: TourismObject, organisation: Organisation) -> None:
    require(can_manage(actor, obj), _("Only the owner's admins may revoke co-editing."))
    obj.coeditors.remove(organisation)
    log_action(actor, "catalog.revoke_coediting", obj.id, organisation=organisation.slug)


def _record(
    actor: Actor, objects: list[TourismObject], change: str, action: str, comment: str = ""
) -> None:
    Revision.objects.bulk_create([_revision(obj, actor, action, comment) for obj in objects])
    Change.objects.bulk_create([_change(obj, change) for obj in objects])
    if len(objects) == 1:
        log_action(actor, f"catalog.{action}", objects[0].id, comment=comment)
    objects_written.send(sender=TourismObject, objects=objects)


# --- The batch path of connectors -------------------------------------------------------------


@dataclass
class BatchItem:
    document: TourismDocument
    existing: TourismObject | None = None


@dataclass
class BatchResult:
    created: list[TourismObject]
    updated: list[TourismObject]
    unchanged: list[TourismObject]


def save_batch(
    actor: Actor,
    items: Iterable[BatchItem],
    *,
    owner: Organisation | None = None,
    status: str = Status.PUBLISHED,
) -> BatchResult:
    """Create or update many objects with a few bulk queries; the caller holds the transaction.

    Import runs call this with their owner actor. Existing objects keep their owner, status and
    co-editors: an import never takes an object away from the organisation that holds it.
    """
    require(can_create(actor), _("You may not create objects."))
    result = BatchResult([], [], [])
    now = timezone.now()
    for item in items:
        if item.existing is None:
            result.created.append(_new_object(item.document, owner or actor.organisation, status))
            continue
        obj = item.existing
        if projection.content_hash(item.document) == obj.content_hash:
            result.unchanged.append(obj)
            continue
        require(
            can_edit(actor, obj) or (actor.origin == "import" and obj.source_system != ""),
            _("You may not edit “%(name)s”.") % {"name": obj.name},
        )
        obj.updated_at = now
        obj.version += 1
        projection.apply(obj, _stamp(obj, item.document))
        result.updated.append(obj)
    TourismObject.objects.bulk_create(result.created)
    if result.updated:
        TourismObject.objects.bulk_update(
            result.updated,
            [
                "type",
                "type_root",
                "name",
                "commune_insee",
                "department",
                "latitude",
                "longitude",
                "first_date",
                "last_date",
                "document",
                "content_hash",
                "updated_at",
                "version",
                "source_system",
                "source_id",
            ],
        )
    written = result.created + result.updated
    if written:
        Revision.objects.bulk_create(
            [
                _revision(obj, actor, "import" if actor.origin == "import" else "save")
                for obj in written
            ]
        )
        Change.objects.bulk_create(
            [_change(obj, Change.Action.CREATED) for obj in result.created]
            + [_change(obj, Change.Action.UPDATED) for obj in result.updated]
        )
        objects_written.send(sender=TourismObject, objects=written)
    return result


@transaction.atomic
def tombstone_by_source(actor: Actor, system: str, source_ids: Iterable[str], reason: str) -> int:
    """Source deletions (Apidae `objets_supprimes`) become tombstones, never hard deletes."""
    ids = list(source_ids)
    objects = list(
        TourismObject.objects.filter(source_system=system, source_id__in=ids).exclude(
            status=Status.DELETED
        )
    )
    now = timezone.now()
    for obj in objects:
        obj.status = Status.DELETED
        obj.updated_at = now
        obj.version += 1
        projection.apply(obj, _stamp(obj, TourismDocument.model_validate(obj.document)))
    TourismObject.objects.bulk_update(
        objects, ["status", "updated_at", "version", "document", "content_hash"]
    )
    if objects:
        _record(actor, objects, Change.Action.DELETED, "delete", reason)
    return len(objects)
