"""What a person, a command or an import may do to tourism objects.

Each function checks the actor's rights and the rules, then hands its changes to
`pipeline.commit`, which saves the objects with their revision, audit entry and derived rows
(search index, public forms and feed, quality) in the same transaction.

Proposals and review live in `workflow`, history and restore in `history`, merging in `merge`,
the connectors' bulk path in `batch` (re-exported here).
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from opensit.catalog import patch, pipeline, projection
from opensit.catalog.batch import BatchItem, BatchResult, save_batch
from opensit.catalog.diff import changed_fields
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Revision, TourismObject
from opensit.catalog.ownership import check_local_edit
from opensit.catalog.pipeline import Change, Staged, commit, new_object, validate
from opensit.catalog.policy import Action, allows, require_allowed
from opensit.core.audit import log_action
from opensit.network.models import Organisation
from opensit.network.permissions import Actor, can_create, require

__all__ = [
    "BatchItem",
    "BatchResult",
    "EditConflict",
    "archive",
    "create_object",
    "delete_object",
    "grant_coediting",
    "link_provider",
    "publish",
    "revoke_coediting",
    "save_batch",
    "save_staged",
    "tombstone_by_source",
    "transfer_ownership",
    "unlink_provider",
    "unpublish",
    "update_object",
]

Status = TourismObject.Status


def _name(obj: TourismObject) -> dict[str, str]:
    return {"name": obj.name}


def _locked(obj: TourismObject) -> TourismObject:
    return TourismObject.objects.select_for_update().get(pk=obj.pk)


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
    obj = new_object(document, owner, status, actor)
    commit(actor, [Change(obj)], action="create", comment=comment)
    return obj


def save_staged(actor: Actor, staged: Sequence[Staged]) -> None:
    """Write new objects an import staged in its workers (`pipeline.stage_new`); the caller
    holds the transaction."""
    require(can_create(actor), _("You may not create objects."))
    pipeline.write(staged)


class EditConflict(ValueError):
    """A save based on an old version that changes what someone else changed since."""

    def __init__(self, obj: TourismObject, base_version: int, paths: list[str]) -> None:
        self.paths = paths
        super().__init__(
            _(
                "“%(name)s” was changed by someone else since you opened it (version "
                "%(base)s, now %(current)s): %(paths)s. Reload the object and make your "
                "change again."
            )
            % {
                "name": obj.name,
                "base": base_version,
                "current": obj.version,
                "paths": ", ".join(paths),
            }
        )


def base_document(obj: TourismObject, base_version: int) -> dict[str, Any]:
    """The document as it was at `base_version` (the version a person opened)."""
    if base_version == obj.version:
        return obj.document
    found = Revision.objects.filter(object=obj, number=base_version).first()
    if found is None:
        raise ValueError(
            _("“%(name)s” has no version %(number)s.") % {"name": obj.name, "number": base_version}
        )
    return found.document


def rebased(
    obj: TourismObject, document: TourismDocument | dict[str, Any], base_version: int | None
) -> TourismDocument:
    """The document to store: the person's changes from their base version applied to the
    current one. Refused (`EditConflict`) when they touch what changed in between."""
    doc = validate(document)
    if base_version is None or base_version == obj.version:
        return doc
    base = base_document(obj, base_version)
    merged, collisions = patch.rebase(base, doc.to_json(), obj.document)
    if collisions:
        raise EditConflict(obj, base_version, sorted({edit.dotted for edit in collisions}))
    return validate(merged)


@transaction.atomic
def update_object(
    actor: Actor,
    obj: TourismObject,
    document: TourismDocument | dict[str, Any],
    *,
    comment: str = "",
    action: str = "update",
    base_version: int | None = None,
) -> bool:
    """Save a new version of the document. Returns False when nothing changed.

    With `base_version` (the version the person started from), an object changed since is
    merged when the changes touch different fields, refused with `EditConflict` otherwise.
    Fields owned by an import source follow `OPENSIT_IMPORT_FIELD_POLICY` (see `ownership`).
    """
    obj = _locked(obj)
    require_allowed(actor, Action.EDIT, obj, _("You may not edit “%(name)s”.") % _name(obj))
    if obj.status == Status.DELETED:
        raise ValueError(_("“%(name)s” is deleted and cannot be edited.") % _name(obj))
    doc = rebased(obj, document, base_version)
    if projection.content_hash(doc) == obj.content_hash:
        return False
    if actor.origin != "import":
        check_local_edit(obj, changed_fields(obj.document, doc.to_json()))
    commit(actor, [Change(obj, doc)], action=action, comment=comment)
    return True


def _set_status(
    actor: Actor, obj: TourismObject, status: str, action: str, reason: str
) -> TourismObject:
    obj = _locked(obj)
    allowed = (
        allows(actor, Action.DELETE, obj)
        if status == Status.DELETED
        else allows(actor, Action.PUBLISH, obj)
    )
    require(allowed, _("You may not change the status of “%(name)s”.") % _name(obj))
    if obj.status == status:
        return obj
    obj.status = status
    commit(actor, [Change(obj)], action=action, comment=reason)
    return obj


@transaction.atomic
def publish(actor: Actor, obj: TourismObject, comment: str = "") -> TourismObject:
    if obj.status == Status.DELETED:
        raise ValueError(_("“%(name)s” is deleted and cannot be published.") % _name(obj))
    return _set_status(actor, obj, Status.PUBLISHED, "publish", comment)


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValueError(_("A reason is required."))


@transaction.atomic
def unpublish(actor: Actor, obj: TourismObject, reason: str) -> TourismObject:
    _require_reason(reason)
    return _set_status(actor, obj, Status.UNPUBLISHED, "unpublish", reason)


@transaction.atomic
def archive(actor: Actor, obj: TourismObject, reason: str) -> TourismObject:
    _require_reason(reason)
    return _set_status(actor, obj, Status.ARCHIVED, "archive", reason)


@transaction.atomic
def delete_object(actor: Actor, obj: TourismObject, reason: str) -> TourismObject:
    """Deletion leaves a tombstone: the row and its revisions stay, and the public feed says
    `deleted` if the object was public."""
    _require_reason(reason)
    return _set_status(actor, obj, Status.DELETED, "delete", reason)


@transaction.atomic
def transfer_ownership(actor: Actor, obj: TourismObject, new_owner: Organisation) -> None:
    obj = _locked(obj)
    require_allowed(actor, Action.MANAGE, obj, _("Only the owner's admins may transfer ownership."))
    previous = obj.owner
    obj.owner = new_owner
    comment = _("Ownership transferred from %(old)s to %(new)s") % {
        "old": previous or "-",
        "new": new_owner,
    }
    commit(actor, [Change(obj)], action="transfer", comment=comment)


@transaction.atomic
def grant_coediting(actor: Actor, obj: TourismObject, organisation: Organisation) -> None:
    require_allowed(actor, Action.MANAGE, obj, _("Only the owner's admins may grant co-editing."))
    obj.coeditors.add(organisation)
    log_action(actor, "catalog.grant_coediting", obj.id, organisation=organisation.slug)


@transaction.atomic
def revoke_coediting(actor: Actor, obj: TourismObject, organisation: Organisation) -> None:
    require_allowed(actor, Action.MANAGE, obj, _("Only the owner's admins may revoke co-editing."))
    obj.coeditors.remove(organisation)
    log_action(actor, "catalog.revoke_coediting", obj.id, organisation=organisation.slug)


@transaction.atomic
def link_provider(actor: Actor, obj: TourismObject, provider: Organisation) -> None:
    """Link a provider organisation to its establishment: its contributors may then propose."""
    require_allowed(actor, Action.EDIT, obj, _("You may not edit “%(name)s”.") % _name(obj))
    obj.providers.add(provider)
    log_action(actor, "catalog.link_provider", obj.id, organisation=provider.slug)


@transaction.atomic
def unlink_provider(actor: Actor, obj: TourismObject, provider: Organisation) -> None:
    require_allowed(actor, Action.EDIT, obj, _("You may not edit “%(name)s”.") % _name(obj))
    obj.providers.remove(provider)
    log_action(actor, "catalog.unlink_provider", obj.id, organisation=provider.slug)


@transaction.atomic
def tombstone_by_source(actor: Actor, system: str, source_ids: Iterable[str], reason: str) -> int:
    """Source deletions (Apidae `objets_supprimes`) become tombstones, never hard deletes.
    Only records of that source are touched: local records are never erased by an import."""
    ids = list(source_ids)
    objects = list(
        TourismObject.objects.filter(source_system=system, source_id__in=ids).exclude(
            status=Status.DELETED
        )
    )
    for obj in objects:
        obj.status = Status.DELETED
    commit(actor, [Change(obj) for obj in objects], action="delete", comment=reason)
    return len(objects)
