"""The public forms and the public change feed as a part of the write pipeline
(`catalog.pipeline`).

The feed is the public projection of the objects' history: an entry for each change of public
state (created, updated, unpublished, deleted); a never-published draft changes nothing public.
"""

from datetime import datetime
from types import SimpleNamespace

from opensit.catalog import pipeline
from opensit.catalog.models import TourismObject
from opensit.core import bulk
from opensit.core.logorder import ordered_append
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.diffusion.render import ALL, public_values

Status = TourismObject.Status
PublicRows = tuple[str, datetime, list[tuple]]  # status, updated_at, PublicDocument rows


def public_rows(obj: TourismObject, ctx: pipeline.Context) -> PublicRows:
    """The object's `PublicDocument` rows (namespaces, not models: built in a fraction of the
    time); none unless it is published."""
    if obj.status != Status.PUBLISHED:
        return obj.status, obj.updated_at, []
    plan = bulk.row_plan(PublicDocument)
    rows = [plan.row(SimpleNamespace(**v)) for v in public_values(obj, ctx.today)]
    return obj.status, obj.updated_at, rows


def feed_action(status: str, was_public: bool) -> str | None:
    if status == Status.PUBLISHED:
        return FeedEntry.Action.UPDATED if was_public else FeedEntry.Action.CREATED
    if not was_public:
        return None
    return FeedEntry.Action.DELETED if status == Status.DELETED else FeedEntry.Action.UNPUBLISHED


def replace_public_rows(object_ids: list[str], rows: list[PublicRows]) -> None:
    was_public = set(
        PublicDocument.objects.filter(object_id__in=object_ids, lang=ALL).values_list(
            "object_id", flat=True
        )
    )
    PublicDocument.objects.filter(object_id__in=object_ids).delete()
    bulk.execute(bulk.row_plan(PublicDocument), [row for _s, _u, found in rows for row in found])
    entries = []
    for object_id, (status, updated_at, _found) in zip(object_ids, rows, strict=True):
        action = feed_action(status, object_id in was_public)
        if action is not None:
            entry = SimpleNamespace(
                object_id=object_id, action=action, selection_id=None, updated_at=updated_at
            )
            entries.append(bulk.row_plan(FeedEntry).row(entry))
    if entries:
        with ordered_append():  # the feed commits in seq order
            bulk.execute(bulk.row_plan(FeedEntry), entries)


def register() -> None:
    pipeline.register(pipeline.Part("public", public_rows, replace_public_rows))
