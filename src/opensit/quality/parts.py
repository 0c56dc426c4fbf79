"""Quality and duplicate keys as parts of the write pipeline (`catalog.pipeline`)."""

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from opensit.catalog import pipeline
from opensit.catalog.models import TourismObject
from opensit.core import bulk
from opensit.network.models import Commune
from opensit.quality.duplicates import key_values
from opensit.quality.models import DuplicateKey, ObjectQuality
from opensit.quality.store import assessment, centroids_for


def quality_context(objects: Sequence[TourismObject] | None) -> dict[str, Any]:
    """The commune centroids the checks compare positions with: those of the objects, or all
    of them once for an import run."""
    if objects is not None:
        return {"commune_centroids": centroids_for(obj.commune_insee for obj in objects)}
    rows = Commune.objects.filter(latitude__isnull=False).values_list(
        "insee", "latitude", "longitude"
    )
    return {"commune_centroids": {insee: (lat, lon) for insee, lat, lon in rows}}


def quality_rows(obj: TourismObject, ctx: pipeline.Context) -> tuple:
    row = SimpleNamespace(**assessment(obj, ctx.extras["commune_centroids"], ctx.now))
    return bulk.row_plan(ObjectQuality, "object").row(row)


def replace_quality_rows(object_ids: list[str], rows: list[tuple]) -> None:
    bulk.execute(bulk.row_plan(ObjectQuality, "object"), rows)  # an upsert on the object


_BLANK_KEY = {"cell_y": None, "cell_x": None, "name_key": ""}


def key_rows(obj: TourismObject, ctx: pipeline.Context) -> list[tuple]:
    """The duplicate keys of a live object; a deleted one keeps none."""
    if obj.status == TourismObject.Status.DELETED:
        return []
    plan = bulk.row_plan(DuplicateKey)
    return [plan.row(SimpleNamespace(**{**_BLANK_KEY, **values})) for values in key_values(obj)]


def replace_key_rows(object_ids: list[str], rows: list[list[tuple]]) -> None:
    DuplicateKey.objects.filter(object_id__in=object_ids).delete()
    bulk.execute(bulk.row_plan(DuplicateKey), [row for found in rows for row in found])


def register() -> None:
    pipeline.register(
        pipeline.Part("quality", quality_rows, replace_quality_rows, context=quality_context)
    )
    pipeline.register(pipeline.Part("duplicate_keys", key_rows, replace_key_rows))
