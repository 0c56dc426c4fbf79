"""Dashboard data per organisation and for the whole network: completeness (distribution and
mean per type), freshness, proposals waiting, warnings, objects per type and per commune.
Aggregate queries only."""

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from opensit.catalog.models import Proposal, TourismObject
from opensit.network.models import Commune, Organisation
from opensit.quality.freshness import stale_objects

# Completeness bands of the distribution chart: (label, lowest, highest score).
BANDS = [
    ("0–19", 0, 19),
    ("20–39", 20, 39),
    ("40–59", 40, 59),
    ("60–79", 60, 79),
    ("80–100", 80, 100),
]
TOP_COMMUNES = 50


def summary(
    objects: QuerySet[TourismObject],
    proposals: QuerySet[Proposal],
    months: int | None = None,
) -> dict[str, Any]:
    """The figures of a dashboard over `objects` (deleted ones left out)."""
    live = objects.exclude(status="deleted").order_by()
    bands = {
        label: Count("pk", filter=Q(quality__score__gte=low, quality__score__lte=high))
        for label, low, high in BANDS
    }
    stats = live.aggregate(
        total=Count("pk"),
        average_completeness=Avg("quality__score"),
        with_warnings=Count("pk", filter=Q(quality__warning_count__gt=0)),
        **{f"band_{index}": agg for index, agg in enumerate(bands.values())},
    )
    avg = stats["average_completeness"]
    by_commune = dict(
        live.exclude(commune_insee="")
        .values_list("commune_insee")
        .annotate(n=Count("pk"))
        .order_by("-n", "commune_insee")[:TOP_COMMUNES]
    )
    return {
        "objects": stats["total"],
        "average_completeness": round(avg, 1) if avg is not None else None,
        "with_warnings": stats["with_warnings"],
        "stale": stale_objects(months).filter(pk__in=live.values("pk")).count(),
        "proposals_waiting": proposals.filter(status=Proposal.Status.PENDING).count(),
        "completeness_bands": {
            label: stats[f"band_{index}"] for index, (label, _lo, _hi) in enumerate(BANDS)
        },
        "completeness_by_type": {
            root: round(mean, 1)
            for root, mean in live.filter(quality__isnull=False)
            .values_list("type_root")
            .annotate(mean=Avg("quality__score"))
            .order_by("type_root")
        },
        "by_status": dict(live.values_list("status").annotate(n=Count("pk")).order_by()),
        "by_type": dict(
            live.values_list("type_root").annotate(n=Count("pk")).order_by("-n", "type_root")
        ),
        "by_commune": by_commune,
        "commune_names": dict(
            Commune.objects.filter(insee__in=list(by_commune)).values_list("insee", "name")
        ),
    }


def organisation_dashboard(organisation: Organisation, months: int | None = None) -> dict[str, Any]:
    """What the organisation owns or co-edits."""
    objects = TourismObject.objects.filter(
        Q(owner=organisation) | Q(coeditors=organisation)
    ).distinct()
    return scoped_dashboard(objects, months)


def scoped_dashboard(objects: QuerySet[TourismObject], months: int | None = None) -> dict[str, Any]:
    """The dashboard of any scope of objects (an actor's visible objects)."""
    ids = objects.order_by().values("pk")
    return summary(
        TourismObject.objects.filter(pk__in=ids),
        Proposal.objects.filter(object__in=ids),
        months,
    )


def network_dashboard(months: int | None = None) -> dict[str, Any]:
    return summary(TourismObject.objects.all(), Proposal.objects.all(), months)
