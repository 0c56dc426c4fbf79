"""The public renderings and feed entry of new objects, on the catalog's fast creation path
(`catalog.fresh`): rendered where the object is prepared, inserted by the writer."""

import hashlib
from types import SimpleNamespace

from opensit.catalog import fresh
from opensit.catalog.models import TourismObject
from opensit.core import bulk
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.diffusion.render import rendered


def _prepare(obj: TourismObject, ctx: fresh.FreshContext) -> tuple[list[tuple], tuple | None]:
    if obj.status != TourismObject.Status.PUBLISHED:
        return [], None  # a never-published object changes nothing public
    # The rows `render_rows` and a created `FeedEntry` give, without model instances.
    bodies, stale_after = rendered(obj, ctx.today)
    plan = fresh.row_plan(PublicDocument)
    rows = [
        plan.row(
            SimpleNamespace(
                object_id=obj.id,
                lang=lang,
                body=body,
                etag=hashlib.sha1(body).hexdigest(),
                updated_at=obj.updated_at,
                stale_after=stale_after,
            )
        )
        for lang, body in bodies
    ]
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
