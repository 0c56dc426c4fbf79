"""The connectors' bulk write path: a few bulk queries per batch, no query per object.

Import runs call `save_batch` with their owner actor. Existing objects keep their owner, status,
co-editors and local fields: an import only rewrites the fields its source owns (`ownership`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog import projection
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Change, Revision, TourismObject
from opensit.catalog.ownership import fields_of, merge_import
from opensit.catalog.policy import Action, allows
from opensit.catalog.recording import change, new_object, revision, stamp, validate
from opensit.catalog.signals import objects_written
from opensit.core import bulk
from opensit.network.models import Organisation
from opensit.network.permissions import Actor, can_create, require

Status = TourismObject.Status

_UPDATED_FIELDS = [
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
    "source_fields",
    "local_fields",
]


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

    A record merged into another (a tombstone with `merged_into`) is left alone.
    """
    require(can_create(actor), _("You may not create objects."))
    importing = actor.origin == "import"
    result = BatchResult([], [], [])
    now = timezone.now()
    for item in items:
        doc = validate(item.document)
        if item.existing is None:
            obj = new_object(doc, owner or actor.organisation, status)
            if importing and obj.source_system:
                obj.source_fields = fields_of(obj.document)
            result.created.append(obj)
            continue
        obj = item.existing
        if obj.merged_into:
            result.unchanged.append(obj)
            continue
        if importing:
            doc = merge_import(obj, doc)
        if projection.content_hash(doc) == obj.content_hash:
            result.unchanged.append(obj)
            continue
        require(
            allows(actor, Action.EDIT, obj) or (importing and obj.source_system != ""),
            _("You may not edit “%(name)s”.") % {"name": obj.name},
        )
        obj.updated_at = now
        obj.version += 1
        projection.apply(obj, stamp(obj, doc))
        result.updated.append(obj)
    # Plain executemany inserts (core.bulk): the ORM's per-value preparation cost more than
    # the rest of the write. Updates are an upsert (INSERT ... ON CONFLICT DO UPDATE) instead
    # of bulk_update: Django's CASE WHEN per column costs ~20 ms per object.
    bulk.insert(TourismObject, result.created)
    bulk.insert(TourismObject, result.updated, conflict=["id"], update=_UPDATED_FIELDS)
    written = result.created + result.updated
    if written:
        action = "import" if importing else "save"
        revisions = []
        for obj in written:
            rev = revision(obj, actor, action)
            rev._json_cache = getattr(obj, "_json_cache", None)  # the same document bytes
            revisions.append(rev)
        bulk.insert(Revision, revisions)
        bulk.insert(
            Change,
            [change(obj, Change.Action.CREATED) for obj in result.created]
            + [change(obj, Change.Action.UPDATED) for obj in result.updated],
        )
        objects_written.send(sender=TourismObject, objects=written)
    return result
