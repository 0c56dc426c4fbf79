"""Creation requests: a provider proposes a NEW establishment (Apidae's CREATION requests).

The provider's organisation proposes; the tourist office whose territory holds the commune
validates. The object is created at once with status `proposed`, owned by that office (it is
the office's to maintain once validated) and linked to the provider (whose contributors then
see it and propose updates), with a `Proposal` of kind `create` that lands in the office's
"waiting for validation" list. Approving publishes the object; rejecting leaves a tombstone.
"""

from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog import notifications, services, workflow
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Proposal, TourismObject
from opensit.catalog.ownership import fields_of
from opensit.catalog.pipeline import Change, commit, new_object, validate
from opensit.core.audit import log_action
from opensit.network.models import Membership, Organisation
from opensit.network.permissions import PROPOSE_ROLES, Actor, require

Kind = Organisation.Kind
# Who may validate a creation, most local first.
VALIDATOR_KINDS = (Kind.TOURIST_OFFICE, Kind.DEPARTMENTAL_BOARD, Kind.REGIONAL_BOARD)


def validating_office(insee: str, proposer: Organisation | None) -> Organisation:
    """The organisation that validates a new object in commune `insee`: a tourist office whose
    territory holds it (the proposer's own office first), else a departmental or regional
    board covering it, else the proposer's parent organisation."""
    candidates = Organisation.objects.filter(communes=insee, kind__in=VALIDATOR_KINDS).annotate(
        rank=Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(VALIDATOR_KINDS)),
            output_field=IntegerField(),
        )
    )
    parent_id = proposer.parent_id if proposer else None
    if parent_id and candidates.filter(pk=parent_id, kind=Kind.TOURIST_OFFICE).exists():
        return Organisation.objects.get(pk=parent_id)
    found = candidates.order_by("rank", "name").first()
    if found is not None:
        return found
    if proposer is not None and proposer.parent is not None:
        return proposer.parent
    raise ValueError(
        _("Commune: no tourist office covers the commune %(insee)s.") % {"insee": insee}
    )


@transaction.atomic
def propose_creation(
    actor: Actor, document: TourismDocument | dict[str, Any], comment: str = ""
) -> Proposal:
    """Create the object as `proposed`, owned by the validating office, and its proposal."""
    require(
        actor.organisation is not None and actor.role in PROPOSE_ROLES,
        _("You may not propose new objects."),
    )
    doc = validate(document)
    commune = doc.location.commune
    if commune is None:
        raise ValueError(_("Commune: a new establishment needs its commune (INSEE code)."))
    office = validating_office(commune.insee, actor.organisation)
    obj = new_object(doc.model_copy(update={"id": "", "source": None}), office, "proposed", actor)
    commit(actor, [Change(obj)], action="propose_create", comment=comment)
    if actor.organisation.kind == Kind.PROVIDER or actor.role == Membership.Role.CONTRIBUTOR:
        obj.providers.add(actor.organisation)
    proposal = Proposal.objects.create(
        object=obj,
        kind=Proposal.Kind.CREATE,
        base_version=obj.version,
        changes={key: obj.document[key] for key in fields_of(obj.document)},
        comment=comment,
        proposer=actor.user,
        organisation=actor.organisation,
        origin=actor.origin,
        created_at=timezone.now(),
    )
    log_action(actor, "catalog.propose_create", obj.id, proposal=proposal.pk, validator=office.slug)
    notifications.proposal_submitted(proposal)
    return proposal


def _creation(proposal: Proposal) -> Proposal:
    if proposal.kind != Proposal.Kind.CREATE:
        raise ValueError(_("Proposal %(pk)s is not a creation.") % {"pk": proposal.pk})
    return proposal


@transaction.atomic
def approve_creation(actor: Actor, proposal: Proposal, comment: str = "") -> Proposal:
    """Validate: close the proposal (reviewer's rights checked by `workflow.approve`) and
    publish the object."""
    proposal = workflow.approve(actor, _creation(proposal), comment)
    services.publish(actor, proposal.object, comment)
    return proposal


@transaction.atomic
def reject_creation(actor: Actor, proposal: Proposal, comment: str) -> Proposal:
    """Refuse: the proposer is told why; the object becomes a tombstone (never published)."""
    proposal = workflow.reject(actor, _creation(proposal), comment)
    obj = TourismObject.objects.get(pk=proposal.object_id)
    services.delete_object(actor, obj, comment)
    return proposal
