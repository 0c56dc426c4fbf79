"""Selections evaluated live, and the scope of a project, on top of the search engine.

The search engine (`opensit.search.query`) is another app that diffusion depends on: it is
imported plainly (docs/architecture.md, "The app map").
"""

import hashlib
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _

from opensit.diffusion.models import DiffusionProject, FeedEntry, PublicDocument, Selection
from opensit.search.query import SearchParams, search

# The parameters of `SearchParams` a stored query may hold (the search contract).
QUERY_KEYS = {
    "q", "lang", "types", "themes", "themes_all", "amenities", "amenities_all", "labels",
    "labels_all", "communes", "departments", "territory", "owners", "near", "radius_km", "bbox",
    "open_on", "open_from", "open_to", "event_from", "event_to", "updated_since", "ids", "sort",
    "seed",
}  # fmt: skip
EVALUATION_PAGE = 1000
EVALUATION_LIMIT = 200_000
SCOPE_CACHE_SECONDS = 600


def check_query(query: dict[str, Any]) -> None:
    """Refuse a stored query with an unknown parameter, naming it."""
    unknown = sorted(set(query) - QUERY_KEYS)
    if unknown:
        raise ValueError(_("Unknown query parameter “%(name)s”.") % {"name": unknown[0]})
    # The engine validates while planning: a zero-length search checks every parameter.
    search(SearchParams(**_as_params(query), limit=0))


def _as_params(query: dict[str, Any]) -> dict[str, Any]:
    params = dict(query)
    for key in ("near", "bbox"):
        if isinstance(params.get(key), list):
            params[key] = tuple(params[key])
    return params


def search_all_ids(query: dict[str, Any]) -> list[str]:
    """Every id a stored query matches, in the engine's order."""
    ids: list[str] = []
    offset = 0
    while offset < EVALUATION_LIMIT:
        params = SearchParams(**_as_params(query), limit=EVALUATION_PAGE, offset=offset)
        result = search(params)
        ids.extend(result.ids)
        offset += EVALUATION_PAGE
        if not result.ids or offset >= result.total:
            break
    return ids


def public_ids(ids: list[str]) -> list[str]:
    """The ids, in order, that are published (have a rendered public form)."""
    found: set[str] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        found.update(
            PublicDocument.objects.filter(
                object_id__in=chunk, lang=PublicDocument.ALL_LANGUAGES
            ).values_list("object_id", flat=True)
        )
    return [object_id for object_id in ids if object_id in found]


def evaluate(selection: Selection) -> list[str]:
    """The published objects of a selection, now."""
    if selection.kind == Selection.Kind.LIST:
        return public_ids(list(selection.object_ids))
    return public_ids(search_all_ids(selection.query))


def project_scope(project: DiffusionProject) -> set[str] | None:
    """The ids a project may read; None means the whole published catalog.

    Cached until the public state changes: every change of it (an object published, edited,
    withdrawn, a selection's members) appends to the feed, so the feed head is in the key."""
    if project.scope == DiffusionProject.Scope.ALL:
        return None
    selections = list(project.selections.all())
    head = FeedEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    stamp = ",".join(f"{s.pk}:{s.updated_at.timestamp()}" for s in selections)
    key = "opensit:scope:" + hashlib.sha1(f"{project.pk}|{head}|{stamp}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    ids: set[str] = set()
    for selection in selections:
        ids.update(evaluate(selection))
    cache.set(key, ids, SCOPE_CACHE_SECONDS)
    return ids


def selection_visible(project: DiffusionProject, selection: Selection) -> bool:
    if project.scope == DiffusionProject.Scope.ALL:
        return True
    return project.selections.filter(pk=selection.pk).exists()
