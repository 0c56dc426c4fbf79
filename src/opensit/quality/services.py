"""What an actor may see and do in the quality screens. Views stay thin: every scope and right
is decided here, every write is audited."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from opensit.catalog.models import TourismObject
from opensit.catalog.policy import Action, allows, objects_for, require_allowed
from opensit.core.audit import log_action
from opensit.network.permissions import EDIT_ROLES, Actor, Role, require
from opensit.quality import dashboard, duplicates, freshness, store
from opensit.quality.models import DuplicateDismissal

MAX_MONTHS = 120
REFRESH_BATCH = 1000


def organisation_dashboard(actor: Actor, months: int | None = None) -> dict[str, Any]:
    """The acting organisation's dashboard: what it owns or co-edits (a provider: its
    establishments)."""
    if actor.organisation is None:
        raise PermissionDenied(_("An organisation is required."))
    if actor.role == Role.CONTRIBUTOR:
        return dashboard.scoped_dashboard(objects_for(actor, Action.VIEW), months)
    return dashboard.organisation_dashboard(actor.organisation, months)


def network_dashboard(actor: Actor, months: int | None = None) -> dict[str, Any]:
    require(actor.is_network_admin, _("The network dashboard is for network administrators."))
    return dashboard.network_dashboard(months)


def check_months(months: int | None) -> int:
    """The months asked for (None: OPENSIT_FRESHNESS_MONTHS); a ValueError naming `months`
    outside 1..MAX_MONTHS."""
    if months is None:
        return settings.OPENSIT_FRESHNESS_MONTHS
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(
            _("months: between 1 and %(max)d, not %(value)s.")
            % {"max": MAX_MONTHS, "value": months}
        )
    return months


def stale_for(actor: Actor, months: int | None = None) -> QuerySet[TourismObject]:
    """The stale objects the actor sees, oldest first (months None: the setting)."""
    months = check_months(months)
    return freshness.stale_objects(months).filter(
        pk__in=objects_for(actor, Action.VIEW).values("pk")
    )


def can_remind(actor: Actor) -> bool:
    return actor.is_network_admin or actor.role in EDIT_ROLES


def send_reminders(actor: Actor, months: int | None = None) -> dict[str, list[str]]:
    """Mail the owners and providers of the stale objects the actor edits (months None: the
    setting). The back office and `opensit quality remind` both come here, so both are checked
    and audited."""
    require(can_remind(actor), _("Only editors and administrators send reminders."))
    months = check_months(months)
    sent = freshness.send_reminders(stale_for(actor, months))
    log_action(
        actor,
        "quality.reminders_sent",
        months=months,
        recipients=len(sent),
        objects=len({name for names in sent.values() for name in names}),
    )
    return sent


def refresh_all(actor: Actor, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the stored quality of every live object, after a change of rules: network-wide,
    so for network administrators (and the system). `progress(done, total)` is called after each
    batch. Returns how many objects were assessed; audited (`quality.refreshed`)."""
    require(actor.is_network_admin, _("Only network administrators recompute the quality."))
    ids = list(objects_for(actor, Action.VIEW).order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), REFRESH_BATCH):
        batch = list(TourismObject.objects.filter(pk__in=ids[start : start + REFRESH_BATCH]))
        with transaction.atomic():  # a batch's quality rows and duplicate keys together
            done += store.refresh(batch)
        if progress is not None:
            progress(done, len(ids))
    log_action(actor, "quality.refreshed", objects=done)
    return done


def object_quality(actor: Actor, obj: TourismObject) -> Any:
    """The stored quality of an object the actor sees (None if not assessed yet). Another
    organisation's unpublished object does not exist for the actor (DoesNotExist: a 404)."""
    if not allows(actor, Action.READ, obj):
        raise TourismObject.DoesNotExist(obj.pk)
    require_allowed(actor, Action.VIEW, obj, _("You may not see “%(name)s”.") % {"name": obj.name})
    from opensit.quality.models import ObjectQuality

    return ObjectQuality.objects.filter(object=obj).first()


def duplicate_candidates(actor: Actor) -> list[duplicates.Candidate]:
    """Pairs with at least one object the actor sees, the other one seen or published."""
    if actor.is_network_admin:
        return duplicates.find_duplicates()
    published = TourismObject.objects.filter(status=TourismObject.Status.PUBLISHED)
    return duplicates.find_duplicates(objects_for(actor, Action.VIEW), partners=published)


def candidate_pair(actor: Actor, first: str, second: str) -> tuple[TourismObject, TourismObject]:
    """The two objects of a pair shown to the actor; 403 for a pair outside its screen. An
    unknown id, or an object the actor may not read, is DoesNotExist (a 404 naming nothing)."""
    if first == second:
        raise ValueError(_("Choose two different, existing objects."))
    objects = TourismObject.objects.exclude(status="deleted").in_bulk([first, second])
    if len(objects) != 2 or not all(allows(actor, Action.READ, obj) for obj in objects.values()):
        raise TourismObject.DoesNotExist(_("No such object."))
    a, b = objects[first], objects[second]
    if not actor.is_network_admin:
        seen = set(
            objects_for(actor, Action.VIEW)
            .filter(pk__in=[first, second])
            .values_list("pk", flat=True)
        )
        others = {obj.pk for obj in (a, b) if obj.status == TourismObject.Status.PUBLISHED}
        require(
            bool(seen) and seen | others == {first, second},
            _("You may not compare these objects."),
        )
    return a, b


def dismiss(actor: Actor, first: TourismObject, second: TourismObject, reason: str) -> Any:
    """“Not a duplicate”, remembered for everyone. Needs the right to edit one of the two."""
    require(
        allows(actor, Action.EDIT, first) or allows(actor, Action.EDIT, second),
        _("You may not edit “%(a)s” or “%(b)s”.") % {"a": first.name, "b": second.name},
    )
    a, b = sorted((first.pk, second.pk))
    try:
        with transaction.atomic():
            row = DuplicateDismissal.objects.create(
                first=a,
                second=b,
                reason=reason.strip(),
                user=actor.user,
                organisation=actor.organisation,
            )
    except IntegrityError:
        return DuplicateDismissal.objects.get(first=a, second=b)
    log_action(actor, "quality.duplicate_dismissed", a, other=b, reason=reason.strip())
    return row
