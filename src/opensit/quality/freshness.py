"""Freshness: objects not updated for N months, and reminders to their owners and providers."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog.models import TourismObject
from opensit.catalog.notifications import member_emails
from opensit.network.models import Membership

LIVE = ("draft", "proposed", "published")


def stale_objects(months: int | None = None) -> QuerySet[TourismObject]:
    """Live objects whose last update is older than `months` (OPENSIT_FRESHNESS_MONTHS)."""
    months = settings.OPENSIT_FRESHNESS_MONTHS if months is None else months
    cutoff = timezone.now() - timedelta(days=round(months * 30.44))
    return TourismObject.objects.filter(status__in=LIVE, updated_at__lt=cutoff).order_by(
        "updated_at"
    )


def send_reminders(objects: QuerySet[TourismObject]) -> dict[str, list[str]]:
    """One email per recipient listing its stale objects: owners' admins and editors, and the
    providers' members. Returns {email: [object names]}."""
    by_email: dict[str, list[str]] = defaultdict(list)
    roles = (Membership.Role.ADMIN, Membership.Role.EDITOR)
    for obj in objects.prefetch_related("providers"):
        recipients = set(member_emails([obj.owner_id] if obj.owner_id else [], roles))
        recipients |= set(member_emails([p.pk for p in obj.providers.all()]))
        for email in recipients:
            by_email[email].append(obj.name)
    for email, names in by_email.items():
        body = _("These records have not been updated for a long time:\n%(list)s") % {
            "list": "\n".join(f"- {name}" for name in names)
        }
        send_mail(_("Records to update"), body, settings.DEFAULT_FROM_EMAIL, [email])
    return dict(by_email)
