"""The quality row of new objects, on the catalog's fast creation path (`catalog.fresh`): the
commune centroids are read once per run, the assessment runs where the object is prepared."""

from types import SimpleNamespace
from typing import Any

from opensit.catalog import fresh
from opensit.catalog.models import TourismObject
from opensit.core import bulk
from opensit.network.models import Commune
from opensit.quality.models import ObjectQuality
from opensit.quality.store import assessment


def _context() -> dict[str, Any]:
    rows = Commune.objects.filter(latitude__isnull=False).values_list(
        "insee", "latitude", "longitude"
    )
    return {"commune_centroids": {insee: (lat, lon) for insee, lat, lon in rows}}


def _prepare(obj: TourismObject, ctx: fresh.FreshContext) -> tuple:
    # A namespace, not a model instance: built in a fraction of the time, same row.
    row = SimpleNamespace(**assessment(obj, ctx.extras["commune_centroids"], ctx.now))
    return fresh.row_plan(ObjectQuality, upsert_on="object").row(row)


def _write(payloads: list[tuple]) -> None:
    bulk.execute(fresh.row_plan(ObjectQuality, upsert_on="object"), payloads)


def register() -> None:
    fresh.register(fresh.FreshPart("quality", _prepare, _write, context=_context))
