"""The public change feed of a project: each object once, at its latest entry after a cursor.

A consumer that applies the feed (fetch on created/updated, drop on deleted/unpublished/removed)
ends with exactly the objects it may read. For a project limited to selections, an object that
is no longer in scope is `removed`, whatever the reason.

A consumer never misses an entry, on the primary or on a lagging replica: entries commit in
seq order (`core.logorder`), so what any database shows of the feed is all of it up to its last
seq; a page never goes past what it read, and a database behind the consumer's cursor answers
an empty page with the cursor unchanged (never an older one) until it has caught up.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q

from opensit.diffusion.models import DiffusionProject, FeedEntry
from opensit.diffusion.selections import project_scope

Action = FeedEntry.Action
GONE = {Action.DELETED, Action.UNPUBLISHED}


@dataclass
class FeedPage:
    items: list[dict[str, Any]]
    cursor: int
    more: bool


def head() -> int:
    return FeedEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def read(project: DiffusionProject, since: int = 0, limit: int = 500) -> FeedPage:
    entries = FeedEntry.objects.filter(seq__gt=since)
    scope: set[str] | None = None
    if project.scope == DiffusionProject.Scope.ALL:
        entries = entries.filter(selection__isnull=True)
    else:
        entries = entries.filter(
            Q(selection__isnull=True) | Q(selection__in=project.selections.all())
        )
    latest = list(
        entries.values("object_id").annotate(last=Max("seq")).order_by("last")[: limit + 1]
    )
    more = len(latest) > limit
    latest = latest[:limit]
    if not latest:
        return FeedPage([], since, False)
    if project.scope != DiffusionProject.Scope.ALL:
        scope = project_scope(project)
    rows = FeedEntry.objects.in_bulk([row["last"] for row in latest])
    items = []
    for row in latest:
        entry = rows[row["last"]]
        items.append(
            {
                "seq": entry.seq,
                "id": entry.object_id,
                "action": _public_action(entry.action, entry.object_id, scope),
                "updated_at": entry.updated_at.isoformat(),
            }
        )
    return FeedPage(items, latest[-1]["last"], more)


def _public_action(action: str, object_id: str, scope: set[str] | None) -> str:
    if scope is None:
        return action
    if object_id in scope:
        return Action.CREATED if action in (Action.CREATED, Action.ADDED) else Action.UPDATED
    return action if action in GONE else Action.REMOVED
