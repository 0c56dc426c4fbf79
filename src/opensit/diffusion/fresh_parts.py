"""The public renderings and feed entry of new objects, on the catalog's fast creation path
(`catalog.fresh`): rendered where the object is prepared, inserted by the writer."""

from types import SimpleNamespace

from opensit.catalog import fresh
from opensit.catalog.models import TourismObject
from opensit.core import bulk
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.diffusion.render import public_values


def _prepare(obj: TourismObject, ctx: fresh.FreshContext) -> tuple[list[tuple], tuple | None]:
    if obj.status != TourismObject.Status.PUBLISHED:
        return [], None  # a never-published object changes nothing public
    # The rows `render_rows` and a created `FeedEntry` give, without model instances.
    plan = fresh.row_plan(PublicDocument)
    rows = [plan.row(SimpleNamespace(**v)) for v in public_values(obj, ctx.today)]
    entry = SimpleNamespace(
        object_id=obj.id,
        action=FeedEntry.Action.CREATED,
        selection_id=None,
        updated_at=obj.updated_at,
    )
    return rows, fresh.row_plan(FeedEntry).row(entry)


def _write(payloads: list[tuple[list[tuple], tuple | None]]) -> None:
    bulk.execute(fresh.row_plan(PublicDocument), [row for rows, _ in payloads for row in rows])
    bulk.execute(fresh.row_plan(FeedEntry), [entry for _, entry in payloads if entry is not None])


def _clear(object_ids: list[str]) -> None:
    PublicDocument.objects.filter(object_id__in=object_ids).delete()


def register() -> None:
    fresh.register(fresh.FreshPart("diffusion", _prepare, _write, clear=_clear))
