"""The write API's rules: every write goes through the catalog services and the workflow, with
the token's organisation and role as the actor (origin "api"), and arrives as a proposal.

- create: a new object owned by the organisation, in status "proposed" (its staff publish it);
- update: a `Proposal` on an object the organisation may edit (owner, co-editor; a provider's
  contributor token: its establishments, provider fields only), reviewed in the back-office.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog import creation, services, workflow
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Proposal, TourismObject
from opensit.catalog.pipeline import validate
from opensit.catalog.policy import Action, allows, get_or_refuse
from opensit.catalog.projection import VOLATILE_FIELDS
from opensit.core.audit import log_action
from opensit.network.models import Membership
from opensit.network.permissions import can_create, require
from opensit.partners.models import PartnerToken, Submission
from opensit.partners.reading import readable_document, with_hidden
from opensit.partners.tokens import actor_of

# Set by the platform, never by a partner: identity, status, owner, and the import source.
STORAGE_FIELDS = frozenset({*VOLATILE_FIELDS, "source"})


class UnknownObject(LookupError):
    """No object with this id (a 404)."""


def _without_storage(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in STORAGE_FIELDS}


def check_document(document: Any) -> TourismDocument:
    """The partner's document, validated (pydantic.ValidationError names the field)."""
    if not isinstance(document, dict):
        raise TypeError(_("The body must be a JSON object (a tourism document)."))
    return validate(_without_storage(document))


@transaction.atomic
def submit_new(token: PartnerToken, document: dict[str, Any]) -> Submission:
    """A new object. An editor token creates it for its organisation, in status "proposed"
    (its staff publish it); a contributor (provider) token sends a creation request, validated
    by the office of the commune (`catalog.creation`), as the provider's form does."""
    actor = actor_of(token)
    doc = check_document(document)
    comment = _("Sent through the write API")
    proposal = None
    if actor.role == Membership.Role.CONTRIBUTOR:
        proposal = creation.propose_creation(actor, doc, comment)
        obj = proposal.object
    else:
        require(can_create(actor), _("This token may not create objects."))
        obj = services.create_object(actor, doc, comment=comment)
        obj = workflow.submit_for_review(actor, obj, comment)
    submission = Submission.objects.create(
        token=token,
        organisation=token.organisation,
        kind=Submission.Kind.CREATE,
        object=obj,
        proposal=proposal,
        created_at=timezone.now(),
    )
    log_action(actor, "partners.submit", obj.id, submission=submission.pk, kind="create")
    return submission


def editable_object(token: PartnerToken, object_id: str) -> TourismObject:
    """The object, if the token's organisation may write to it (`policy.Action.CHANGE`: edit
    it, or propose changes to it within its scope): 404 unknown or unreadable, 403 else."""
    object_id = object_id.replace("\x00", "")
    message = _("This token may not change “%(name)s”.")
    try:
        return get_or_refuse(actor_of(token), Action.CHANGE, object_id, message)
    except Http404:
        raise UnknownObject(object_id) from None


def updated_document(
    actor: Any, obj: TourismObject, body: dict[str, Any], *, partial: bool
) -> dict[str, Any]:
    """The stored document with the changes the body makes to what the token reads.

    The token reads `reading.readable_document`; the body is compared with that, path by path,
    and only what differs is applied to the stored document. So a GET then a PUT of the same
    body changes nothing, and what the token may not read (a provider's view hides internal
    notes, source data, private contacts and closed media) is kept. PATCH replaces the
    top-level fields it names and empties those it sets to null."""
    seen = _without_storage(readable_document(actor, obj))
    if partial:
        target = {**seen, **_without_storage(body)}
        target = {key: value for key, value in target.items() if value is not None}
    else:
        target = _without_storage(body)
    view = _without_storage(check_document(target).to_json())
    merged = view if allows(actor, Action.EDIT, obj) else with_hidden(obj.document, view)
    storage = {key: value for key, value in obj.document.items() if key in STORAGE_FIELDS}
    return {**merged, **storage}


@transaction.atomic
def submit_update(
    token: PartnerToken, object_id: str, document: dict[str, Any], *, partial: bool
) -> Submission | None:
    """A proposal of the changes a PUT (whole document) or a PATCH (some top-level fields)
    makes to the object (`updated_document`); None when it changes nothing."""
    obj = editable_object(token, object_id)
    if not isinstance(document, dict):
        raise TypeError(_("The body must be a JSON object (a tourism document)."))
    actor = actor_of(token)
    new = updated_document(actor, obj, document, partial=partial)
    proposal = workflow.propose(actor, obj, new, _("Write API"), base_version=obj.version)
    if proposal is None:
        return None
    submission = Submission.objects.create(
        token=token,
        organisation=token.organisation,
        kind=Submission.Kind.UPDATE,
        object=obj,
        proposal=proposal,
        created_at=timezone.now(),
    )
    log_action(actor, "partners.submit", obj.id, submission=submission.pk, kind="update")
    return submission


def submission_for(token: PartnerToken, submission_id: int) -> Submission:
    """A submission of the token's organisation (another organisation's is unknown: 404)."""
    if not 0 < submission_id < 2**63:
        raise UnknownObject(str(submission_id))
    found = (
        Submission.objects.select_related("object", "proposal")
        .filter(pk=submission_id, organisation=token.organisation)
        .first()
    )
    if found is None:
        raise UnknownObject(str(submission_id))
    return found


CREATION_STATUS = {
    TourismObject.Status.PROPOSED: "pending",
    TourismObject.Status.PUBLISHED: "approved",
    TourismObject.Status.DRAFT: "returned",
    TourismObject.Status.UNPUBLISHED: "returned",
    TourismObject.Status.ARCHIVED: "rejected",
    TourismObject.Status.DELETED: "rejected",
}


def status_of(submission: Submission) -> dict[str, Any]:
    """What a partner may know about its submission: pending, approved, rejected..."""
    obj = submission.object
    body: dict[str, Any] = {
        "id": submission.pk,
        "kind": submission.kind,
        "object": obj.id,
        "object_status": obj.status,
        "created_at": submission.created_at.isoformat(),
        "review_comment": "",
        "reviewed_at": None,
    }
    proposal: Proposal | None = submission.proposal
    if proposal is not None:
        body["status"] = proposal.status
        body["review_comment"] = proposal.review_comment
        body["reviewed_at"] = proposal.reviewed_at.isoformat() if proposal.reviewed_at else None
    elif submission.kind == Submission.Kind.UPDATE:
        body["status"] = "unknown"  # the proposal was deleted with its object
    else:
        body["status"] = CREATION_STATUS.get(obj.status, "pending")
    return body


__all__ = [
    "PermissionDenied",
    "UnknownObject",
    "check_document",
    "editable_object",
    "status_of",
    "submission_for",
    "submit_new",
    "submit_update",
]
