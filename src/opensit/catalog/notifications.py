"""Emails about proposals: to the owner's and co-editors' editors when one arrives, to the
proposer when it is approved or rejected. Sent after the transaction commits."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _

from opensit.catalog.models import Proposal, TourismObject
from opensit.network.models import Membership

REVIEWER_ROLES = (Membership.Role.ADMIN, Membership.Role.EDITOR)


def reviewer_emails(obj: TourismObject) -> list[str]:
    """Emails of the admins and editors of the owner and of the co-editing organisations."""
    org_ids = [obj.owner_id, *obj.coeditors.values_list("pk", flat=True)]
    emails = Membership.objects.filter(
        organisation__in=[pk for pk in org_ids if pk], role__in=REVIEWER_ROLES
    ).values_list("user__email", flat=True)
    return sorted({email for email in emails if email})


def member_emails(org_ids: Iterable[int], roles: Iterable[str] | None = None) -> list[str]:
    qs = Membership.objects.filter(organisation__in=list(org_ids))
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return sorted({email for email in qs.values_list("user__email", flat=True) if email})


def _send(subject: str, body: str, recipients: list[str]) -> None:
    if not recipients:
        return
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


def proposal_submitted(proposal: Proposal) -> None:
    obj = proposal.object
    proposer = proposal.proposer.get_username() if proposal.proposer else "-"
    subject = _("New proposal for “%(name)s”") % {"name": obj.name}
    body = _("%(user)s (%(org)s) proposes changes to “%(name)s”: %(fields)s.\n\n%(comment)s") % {
        "user": proposer,
        "org": proposal.organisation or "-",
        "name": obj.name,
        "fields": ", ".join(sorted([*proposal.changes, *proposal.removed])),
        "comment": proposal.comment,
    }
    _send(subject, body, reviewer_emails(obj))


def proposal_reviewed(proposal: Proposal) -> None:
    if proposal.proposer is None or not proposal.proposer.email:
        return
    obj = proposal.object
    if proposal.status == Proposal.Status.APPROVED:
        subject = _("Your proposal for “%(name)s” was approved") % {"name": obj.name}
    else:
        subject = _("Your proposal for “%(name)s” was rejected") % {"name": obj.name}
    _send(subject, proposal.review_comment or subject, [proposal.proposer.email])
