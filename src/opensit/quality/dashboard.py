"""Dashboard data per organisation and for the whole network: completeness, freshness,
proposals waiting, warnings, objects per type and per commune. Aggregate queries only."""

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from opensit.catalog.models import Proposal, TourismObject
from opensit.network.models import Organisation
from opensit.quality.freshness import stale_objects


def _summary(objects: QuerySet[TourismObject], proposals: QuerySet[Proposal]) -> dict[str, Any]:
    live = objects.exclude(status="deleted")
    stats = live.aggregate(
        total=Count("pk"),
        average_completeness=Avg("quality__score"),
        with_warnings=Count("pk", filter=Q(quality__warning_count__gt=0)),
    )
    avg = stats["average_completeness"]
    return {
        "objects": stats["total"],
        "average_completeness": round(avg, 1) if avg is not None else None,
        "with_warnings": stats["with_warnings"],
        "stale": stale_objects().filter(pk__in=live.values("pk")).count(),
        "proposals_waiting": proposals.filter(status=Proposal.Status.PENDING).count(),
        "by_status": dict(live.values_list("status").annotate(n=Count("pk")).order_by()),
        "by_type": dict(live.values_list("type_root").annotate(n=Count("pk")).order_by()),
        "by_commune": dict(
            live.exclude(commune_insee="")
            .values_list("commune_insee")
            .annotate(n=Count("pk"))
            .order_by("-n")[:50]
        ),
    }


def organisation_dashboard(organisation: Organisation) -> dict[str, Any]:
    objects = TourismObject.objects.filter(owner=organisation)
    return _summary(objects, Proposal.objects.filter(object__owner=organisation))


def network_dashboard() -> dict[str, Any]:
    return _summary(TourismObject.objects.all(), Proposal.objects.all())
