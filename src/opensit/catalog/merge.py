"""Merging duplicates: the survivor keeps both provenances, the duplicate becomes a tombstone
whose `merged_into` redirects its id to the survivor."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Proposal, TourismObject
from opensit.catalog.pipeline import Change, commit
from opensit.catalog.policy import Action, require_allowed
from opensit.core.audit import log_action
from opensit.network.permissions import Actor

Status = TourismObject.Status
_NOT_MERGED = ("id", "slug", "source", "status", "owner", "coeditors", "created_at", "updated_at")


def taken_from_duplicate(duplicate: TourismObject, survivor: TourismObject) -> dict:
    """The top-level fields the survivor lacks and will take from the duplicate."""
    return {
        key: value
        for key, value in duplicate.document.items()
        if key not in _NOT_MERGED and key not in survivor.document
    }


def merge_preview(duplicate: TourismObject, survivor: TourismObject) -> list[tuple[str, str]]:
    """(field, "survivor" or "duplicate") for every field of the merged document, so that a
    person sees where each one comes from before confirming."""
    taken = taken_from_duplicate(duplicate, survivor)
    fields = [(key, "survivor") for key in survivor.document if key not in _NOT_MERGED]
    return sorted(fields + [(key, "duplicate") for key in taken])


@transaction.atomic
def merge_objects(
    actor: Actor, duplicate: TourismObject, survivor: TourismObject, reason: str
) -> TourismObject:
    """Merge `duplicate` into `survivor`; fields the survivor lacks are taken from the
    duplicate. Needs the right to delete the duplicate and to edit the survivor."""
    if not reason.strip():
        raise ValueError(_("A reason is required."))
    if duplicate.pk == survivor.pk:
        raise ValueError(_("An object cannot be merged into itself."))
    locked = TourismObject.objects.select_for_update().in_bulk([duplicate.pk, survivor.pk])
    duplicate, survivor = locked[duplicate.pk], locked[survivor.pk]
    require_allowed(
        actor,
        Action.DELETE,
        duplicate,
        _("You may not delete “%(name)s”.") % {"name": duplicate.name},
    )
    require_allowed(
        actor, Action.EDIT, survivor, _("You may not edit “%(name)s”.") % {"name": survivor.name}
    )
    for obj in (duplicate, survivor):
        if obj.status == Status.DELETED:
            raise ValueError(_("“%(name)s” is deleted.") % {"name": obj.name})

    survivor.provenance = [
        *survivor.provenance,
        {
            "object_id": duplicate.id,
            "system": duplicate.source_system,
            "source_id": duplicate.source_id,
            "merged_at": timezone.now().isoformat(),
        },
        *duplicate.provenance,
    ]
    missing = taken_from_duplicate(duplicate, survivor)
    doc = TourismDocument.model_validate({**survivor.document, **missing})
    commit(actor, [Change(survivor, doc)], action="merge", comment=reason, merged=duplicate.id)
    survivor.providers.add(*duplicate.providers.all())

    duplicate.status = Status.DELETED
    duplicate.merged_into = survivor.id
    commit(actor, [Change(duplicate)], action="merged", comment=reason, into=survivor.id)
    withdrawn = list(
        Proposal.objects.filter(object=duplicate, status=Proposal.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    Proposal.objects.filter(pk__in=withdrawn).update(
        status=Proposal.Status.WITHDRAWN,
        review_comment=_("Merged into %(id)s") % {"id": survivor.id},
        reviewed_at=timezone.now(),
    )
    for pk in withdrawn:
        log_action(actor, "catalog.withdraw", duplicate.id, proposal=pk, merged_into=survivor.id)
    return survivor


def resolve(object_id: str, max_hops: int = 10) -> TourismObject | None:
    """The object an id now designates, following merge redirects."""
    for _hop in range(max_hops):
        obj = TourismObject.objects.filter(pk=object_id).first()
        if obj is None or not obj.merged_into:
            return obj
        object_id = obj.merged_into
    return None
