"""The connectors' bulk write path: one commit per batch, a few bulk queries, none per object.

Import runs call `save_batch` with their owner actor. Existing objects keep their owner, status,
co-editors and local fields: an import only rewrites the fields its source owns (`ownership`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from opensit.catalog import projection
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject
from opensit.catalog.ownership import merge_import
from opensit.catalog.pipeline import Change, commit, new_object, validate
from opensit.catalog.policy import Action, allows
from opensit.network.models import Organisation
from opensit.network.permissions import Actor, can_create, require

Status = TourismObject.Status


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
    changes: list[Change] = []
    for item in items:
        if item.existing is None:
            obj = new_object(item.document, owner or actor.organisation, status, actor)
            result.created.append(obj)
            changes.append(Change(obj))
            continue
        obj = item.existing
        if obj.merged_into:
            result.unchanged.append(obj)
            continue
        doc = validate(item.document)
        if importing:
            doc = merge_import(obj, doc)
        if projection.content_hash(doc) == obj.content_hash:
            result.unchanged.append(obj)
            continue
        require(
            allows(actor, Action.EDIT, obj) or (importing and obj.source_system != ""),
            _("You may not edit “%(name)s”.") % {"name": obj.name},
        )
        result.updated.append(obj)
        changes.append(Change(obj, doc))
    commit(actor, changes, action="import" if importing else "save", audited=False)
    return result
