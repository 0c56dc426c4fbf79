"""Compute and store the quality of objects in bulk: one commune query and one upsert per batch,
plus the duplicate keys (contacts, grid cell) of each object.

Written with every object by the write pipeline (`quality.parts`), and again for every object
by `opensit quality refresh` after a change of rules.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from opensit.catalog import pipeline
from opensit.catalog.models import TourismObject
from opensit.network.models import Commune
from opensit.quality.checks import run_checks
from opensit.quality.completeness import completeness
from opensit.quality.models import ObjectQuality

_FIELDS = ["score", "missing", "warnings", "warning_count", "warning_codes", "computed_at"]


def centroids_for(insee_codes: Iterable[str]) -> dict[str, tuple[float, float]]:
    codes = {code for code in insee_codes if code}
    if not codes:
        return {}
    rows = Commune.objects.filter(insee__in=codes, latitude__isnull=False).values_list(
        "insee", "latitude", "longitude"
    )
    return {insee: (lat, lon) for insee, lat, lon in rows}


def assess(
    obj: TourismObject,
    centroids: dict[str, tuple[float, float]],
    now: datetime | None = None,
) -> ObjectQuality:
    """The quality row of one object (not saved)."""
    return ObjectQuality(**assessment(obj, centroids, now))


def assessment(
    obj: TourismObject,
    centroids: dict[str, tuple[float, float]],
    now: datetime | None = None,
) -> dict[str, Any]:
    """The field values of the quality row of one object."""
    now = now or timezone.now()
    score, missing = completeness(obj.document)
    warnings = run_checks(
        obj.document,
        last_date=obj.last_date,
        centroids=centroids,
        is_event=obj.type_root == "event",
        today=timezone.localdate(now),
    )
    codes = sorted({w["code"] for w in warnings})
    return dict(
        object_id=obj.pk,
        score=score,
        missing=missing,
        warnings=warnings,
        warning_count=len(warnings),
        warning_codes=" ".join(codes)[:300],
        computed_at=now,
    )


def refresh(objects: list[TourismObject]) -> int:
    """Recompute and upsert the quality of `objects`. Returns how many rows were written."""
    pipeline.rebuild(["quality", "duplicate_keys"], objects)
    return len(objects)
