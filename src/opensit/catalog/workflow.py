"""The editorial workflow: draft -> proposed -> published, and proposals (pending revisions).

A contributor's edit (or an editor's edit of a published object when `OPENSIT_REVIEW_EDITS`
is on) becomes a `Proposal` while the published version stays live. Reviewers see a
field-level diff and approve it (applied through `services.update_object`) or reject it.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog import notifications, patch, services
from opensit.catalog.diff import FieldChange, changed_fields, diff_documents
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Proposal, TourismObject
from opensit.catalog.ownership import REFUSE, SourceOwnedField, policy, source_owned
from opensit.catalog.pipeline import Change, commit
from opensit.catalog.policy import Action, allows, require_allowed
from opensit.core.audit import log_action
from opensit.network.models import Membership
from opensit.network.permissions import Actor, require

Status = TourismObject.Status
# What a provider may propose on its establishment: openings, prices, photos, descriptions.
PROVIDER_FIELDS = frozenset(
    {"short_description", "description", "practical_info", "opening", "pricing", "media"}
)


@dataclass
class EditOutcome:
    kind: str  # "updated", "unchanged" or "proposed"
    proposal: Proposal | None = None


def needs_review(actor: Actor, obj: TourismObject) -> bool:
    """True when an edit by `actor` must go through a proposal."""
    if not allows(actor, Action.EDIT, obj):
        return True
    return bool(
        settings.OPENSIT_REVIEW_EDITS
        and obj.status == Status.PUBLISHED
        and not actor.is_network_admin
        and actor.role != Membership.Role.ADMIN
    )


def edit(
    actor: Actor,
    obj: TourismObject,
    document: TourismDocument | dict[str, Any],
    comment: str = "",
    *,
    base_version: int | None = None,
) -> EditOutcome:
    """The back-office's save: a direct update, or a proposal when review is needed.
    `base_version` is the version the person opened (see `services.update_object`)."""
    obj = TourismObject.objects.get(pk=obj.pk)  # the caller's copy may be stale
    if needs_review(actor, obj):
        proposal = propose(actor, obj, document, comment, base_version=base_version)
        return EditOutcome("proposed" if proposal else "unchanged", proposal)
    changed = services.update_object(
        actor, obj, document, comment=comment, base_version=base_version
    )
    return EditOutcome("updated" if changed else "unchanged")


@transaction.atomic
def propose(
    actor: Actor,
    obj: TourismObject,
    document: TourismDocument | dict[str, Any],
    comment: str = "",
    *,
    base_version: int | None = None,
) -> Proposal | None:
    """Record a pending revision; None when the document changes nothing."""
    obj = TourismObject.objects.get(pk=obj.pk)
    require_allowed(
        actor, Action.PROPOSE, obj, _("You may not propose changes to “%(name)s”.") % _n(obj)
    )
    if obj.status == Status.DELETED:
        raise ValueError(_("“%(name)s” is deleted and cannot be edited.") % _n(obj))
    new = services.rebased(obj, document, base_version).to_json()
    changed = changed_fields(obj.document, new)
    if not changed:
        return None
    if actor.role == Membership.Role.CONTRIBUTOR and not allows(actor, Action.EDIT, obj):
        outside = sorted(changed - PROVIDER_FIELDS)
        if outside:
            raise PermissionDenied(
                _("Providers may not change these fields of “%(name)s”: %(fields)s.")
                % {"name": obj.name, "fields": ", ".join(outside)}
            )
    if policy(obj) == REFUSE and changed & source_owned(obj):
        raise SourceOwnedField(obj, changed & source_owned(obj))
    proposal = Proposal.objects.create(
        object=obj,
        base_version=obj.version,
        changes={key: new[key] for key in sorted(changed) if key in new},
        removed=sorted(key for key in changed if key not in new),
        comment=comment,
        proposer=actor.user,
        organisation=actor.organisation,
        origin=actor.origin,
        created_at=timezone.now(),
    )
    log_action(actor, "catalog.propose", obj.id, proposal=proposal.pk, fields=sorted(changed))
    notifications.proposal_submitted(proposal)
    return proposal


def proposed_document(proposal: Proposal) -> dict[str, Any]:
    """The current document with the changes the proposer made, path by path: what others
    changed since, in the same fields too, stays unless the proposal changed that very path."""
    obj = proposal.object
    try:
        base = services.base_document(obj, proposal.base_version)
    except ValueError:  # no revision of that version: the proposal's fields, whole
        base = obj.document
    edited = {**base, **proposal.changes}
    for key in proposal.removed:
        edited.pop(key, None)
    return patch.apply(obj.document, patch.changes(base, edited))


def review_diff(proposal: Proposal) -> list[FieldChange]:
    """What approving would change, field by field and per language."""
    return diff_documents(proposal.object.document, proposed_document(proposal))


def _pending(proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("object").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ValueError(
            _("Proposal %(pk)s is already %(status)s.")
            % {"pk": proposal.pk, "status": proposal.get_status_display()}
        )
    return proposal


def _close(actor: Actor, proposal: Proposal, status: str, comment: str) -> None:
    proposal.status = status
    proposal.reviewer = actor.user
    proposal.review_comment = comment
    proposal.reviewed_at = timezone.now()


@transaction.atomic
def approve(actor: Actor, proposal: Proposal, comment: str = "") -> Proposal:
    """Apply the proposal through the normal update path (a new revision by the reviewer)."""
    proposal = _pending(proposal)
    obj = proposal.object
    require_allowed(
        actor, Action.REVIEW, obj, _("You may not review proposals on “%(name)s”.") % _n(obj)
    )
    by = proposal.proposer.get_username() if proposal.proposer else "-"
    note = _("Proposal %(pk)s by %(user)s") % {"pk": proposal.pk, "user": by}
    services.update_object(
        actor,
        obj,
        proposed_document(proposal),
        comment=f"{note}. {comment}".strip(),
        action="approve",
    )
    obj.refresh_from_db()
    _close(actor, proposal, Proposal.Status.APPROVED, comment)
    proposal.applied_version = obj.version
    proposal.save()
    log_action(actor, "catalog.approve", obj.id, proposal=proposal.pk, comment=comment)
    notifications.proposal_reviewed(proposal)
    return proposal


@transaction.atomic
def reject(actor: Actor, proposal: Proposal, comment: str) -> Proposal:
    if not comment.strip():
        raise ValueError(_("A rejection needs a comment for the proposer."))
    proposal = _pending(proposal)
    obj = proposal.object
    require_allowed(
        actor, Action.REVIEW, obj, _("You may not review proposals on “%(name)s”.") % _n(obj)
    )
    _close(actor, proposal, Proposal.Status.REJECTED, comment)
    proposal.save()
    log_action(actor, "catalog.reject", obj.id, proposal=proposal.pk, comment=comment)
    notifications.proposal_reviewed(proposal)
    return proposal


@transaction.atomic
def withdraw(actor: Actor, proposal: Proposal) -> Proposal:
    proposal = _pending(proposal)
    require(
        actor.user is not None and proposal.proposer_id == actor.user.pk,
        _("Only the proposer may withdraw a proposal."),
    )
    _close(actor, proposal, Proposal.Status.WITHDRAWN, "")
    proposal.save()
    log_action(actor, "catalog.withdraw", proposal.object_id, proposal=proposal.pk)
    return proposal


@transaction.atomic
def submit_for_review(actor: Actor, obj: TourismObject, comment: str = "") -> TourismObject:
    """draft -> proposed: ask the owner to publish."""
    obj = TourismObject.objects.select_for_update().get(pk=obj.pk)
    require_allowed(
        actor, Action.SUBMIT, obj, _("You may not ask to publish “%(name)s”.") % _n(obj)
    )
    if obj.status not in (Status.DRAFT, Status.UNPUBLISHED):
        raise ValueError(
            _("Only drafts can be submitted for review; “%(name)s” is %(status)s.")
            % {"name": obj.name, "status": obj.get_status_display()}
        )
    obj.status = Status.PROPOSED
    commit(actor, [Change(obj)], action="submit", comment=comment)
    return obj


def pending_for(actor: Actor) -> QuerySet[Proposal]:
    """The proposals waiting for this actor's review."""
    qs = Proposal.objects.filter(status=Proposal.Status.PENDING).select_related("object")
    if actor.is_network_admin:
        return qs
    if actor.org_id is None or actor.role not in (Membership.Role.ADMIN, Membership.Role.EDITOR):
        return qs.none()
    return qs.filter(Q(object__owner=actor.org_id) | Q(object__coeditors=actor.org_id)).distinct()


def _n(obj: TourismObject) -> dict[str, str]:
    return {"name": obj.name}
