"""The back office's home: what waits for the person, and their organisation's figures.

Wagtail's dashboard speaks of pages and images, which OpenSIT does not use until the sites
come; this one answers "what should I do now?" for the role the person acts with. Every count
goes through the object policy, so a figure never counts what the person may not see.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from opensit.catalog import workflow
from opensit.catalog.models import Proposal, TourismObject
from opensit.catalog.policy import Action, objects_for
from opensit.diffusion.models import DiffusionProject
from opensit.network.models import Invitation, Membership
from opensit.network.permissions import Actor
from opensit.quality import services as quality
from opensit.quality.models import ObjectQuality

Role = Membership.Role
EDITING_ROLES = (Role.ADMIN, Role.EDITOR)


@dataclass(frozen=True)
class Waiting:
    """A kind of work waiting for the person: how much, and where to do it."""

    key: str
    label: str
    count: int
    url: str


def waiting_for(actor: Actor) -> list[Waiting]:
    """The work waiting for `actor`, for its role: reviewers see proposals, editors stale
    objects and warnings, admins invitations, network admins projects to validate."""
    found: list[Waiting] = []
    editing = actor.is_network_admin or actor.role in EDITING_ROLES
    if editing:
        found.append(
            Waiting(
                "proposals",
                str(_("Proposals to review")),
                workflow.pending_for(actor).count(),
                reverse("opensit_proposals"),
            )
        )
    if actor.user is not None and not editing:
        mine = Proposal.objects.filter(proposer=actor.user, status=Proposal.Status.PENDING)
        found.append(
            Waiting(
                "my-proposals",
                str(_("My proposals waiting for validation")),
                mine.count(),
                reverse("opensit_proposals"),
            )
        )
    if editing:
        editable = objects_for(actor, Action.EDIT)
        stale = quality.stale_for(actor).filter(pk__in=editable.values("pk"))
        warned = ObjectQuality.objects.filter(object__in=editable, warning_count__gt=0)
        found += [
            Waiting(
                "stale",
                str(_("Objects not updated for a long time")),
                stale.count(),
                reverse("opensit_quality_freshness"),
            ),
            Waiting(
                "warnings",
                str(_("Objects with quality warnings")),
                warned.count(),
                reverse("opensit_quality"),
            ),
        ]
    if (actor.is_network_admin or actor.role == Role.ADMIN) and actor.organisation is not None:
        invitations = Invitation.objects.filter(
            organisation=actor.organisation,
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        found.append(
            Waiting(
                "invitations",
                str(_("Invitations not yet accepted")),
                invitations.count(),
                reverse("opensit_organisation", args=[actor.organisation.slug]),
            )
        )
    if actor.is_network_admin:
        pending = DiffusionProject.objects.filter(status=DiffusionProject.Status.PENDING)
        found.append(
            Waiting(
                "projects",
                str(_("Diffusion projects to validate")),
                pending.count(),
                reverse("opensit_projects"),
            )
        )
    return found


def organisation_figures(actor: Actor) -> dict:
    """The objects of the actor's organisation by status, its members and its mean
    completeness."""
    if actor.organisation is None:
        return {"statuses": [], "members": 0, "score": None, "total": 0}
    owned = objects_for(actor, Action.VIEW).filter(owner=actor.organisation)
    counts = dict(owned.values_list("status").annotate(n=Count("id")))
    labels = dict(TourismObject.Status.choices)
    statuses = [(labels[code], counts[code]) for code in labels if counts.get(code)]
    score = ObjectQuality.objects.filter(object__in=owned).aggregate(mean=Avg("score"))["mean"]
    return {
        "statuses": statuses,
        "total": sum(counts.values()),
        "members": actor.organisation.memberships.count(),
        "score": round(score) if score is not None else None,
    }


class _ActorPanel(Component):
    """A dashboard panel about the acting person: its template gets `context(actor)`."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    def context(self, actor: Actor) -> dict:
        raise NotImplementedError

    def get_context_data(self, parent_context: dict | None = None) -> dict:
        return self.context(self.actor)


class WaitingPanel(_ActorPanel):
    name, order, template_name = "opensit_waiting", 10, "backoffice/dashboard/waiting.html"

    def context(self, actor: Actor) -> dict:
        return {"items": waiting_for(actor)}


class FiguresPanel(_ActorPanel):
    name, order, template_name = "opensit_figures", 20, "backoffice/dashboard/figures.html"

    def context(self, actor: Actor) -> dict:
        return {"organisation": actor.organisation, **organisation_figures(actor)}
