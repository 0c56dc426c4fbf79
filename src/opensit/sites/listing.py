"""What a listing shows: the objects of its selection (a hand-picked list or a stored search),
its fixed types and the visitor's filters, always within the site's scope, with facet counts.

A stored search is merged into the search itself when it can be (one query, whatever the size
of the catalog); when the visitor's filters would overlap it in a way one search cannot say (a
text in both, themes in both), its members are evaluated once and cached, as the scope is."""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.http import QueryDict
from django.utils.translation import gettext as _

from opensit.catalog.types import descendants
from opensit.diffusion.models import FeedEntry, Selection
from opensit.diffusion.selections import evaluate
from opensit.search.query import SearchError, SearchParams, SearchResult, search
from opensit.sites import cards
from opensit.sites.models import Destination
from opensit.sites.paging import with_params
from opensit.sites.params import BadParameter, Filters

PAGE_SIZE = 24
MAP_POINTS = 5000
#: The engine answers at most this many ids a search (`search.params.MAX_LIMIT`).
SEARCH_BATCH = 1000
#: Values shown per commune and theme facet (the most frequent).
FACET_SIZE = 30
MEMBERS_CACHE_SECONDS = 600
#: What a stored query may not bring into a listing: its order and paging are the page's.
QUERY_IGNORED = {"sort", "seed", "lang", "limit", "offset", "cursor", "facets", "facet_size"}


def narrow_types(outer: list[str], inner: list[str]) -> list[str] | None:
    """The types both lists allow (a type and its subtypes); None: no type in common."""
    if not outer or not inner:
        return list(outer or inner)
    keep = {c for c in inner if any(c in descendants(o) for o in outer)}
    keep |= {o for o in outer if any(o in descendants(c) for c in inner)}
    return sorted(keep) or None


def narrow(outer: list[str], inner: list[str]) -> list[str] | None:
    """Plain codes both lists allow; None: none in common."""
    if not outer or not inner:
        return list(outer or inner)
    both = [c for c in inner if c in set(outer)]
    return both or None


def selection_members(selection: Selection) -> list[str]:
    """A selection's published objects, cached until the public state or the selection
    changes (the feed head is in the key, as for the projects' scope)."""
    head = FeedEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    stamp = f"{selection.pk}|{selection.updated_at.timestamp()}|{head}"
    key = "opensit:sites:members:" + hashlib.sha1(stamp.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = evaluate(selection)
        cache.set(key, found, MEMBERS_CACHE_SECONDS)
    return found


@dataclass
class Bounds:
    """What the page may show, before the visitor's filters."""

    params: dict[str, Any] = field(default_factory=dict)  # SearchParams fields
    ids: list[str] | None = None  # None: any published object
    nothing: bool = False


def _within(ids: list[str] | None, scope: set[str] | None) -> list[str] | None:
    if scope is None:
        return ids
    if ids is None:
        return list(scope)  # order is the search's: no need to sort 200,000 ids
    return [i for i in ids if i in scope]


def _merged(stored: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any] | None:
    """The stored query narrowed by `wanted` as one search; None when it cannot be."""
    params = {k: v for k, v in stored.items() if k not in QUERY_IGNORED}
    for key in ("near", "bbox"):
        if isinstance(params.get(key), list):
            params[key] = tuple(params[key])
    if wanted.get("q") and params.get("q"):
        return None
    if wanted.get("themes") and params.get("themes"):
        return None
    for name, value in wanted.items():
        if not value:
            continue
        if name == "types":
            value = narrow_types(list(params.get("types") or []), value)
        elif name == "communes":
            value = narrow(list(params.get("communes") or []), value)
        if value is None:
            return {"nothing": True}
        params[name] = value
    return params


def bounds(
    destination: Destination,
    selection: Selection | None,
    fixed_types: list[str],
    wanted: dict[str, Any],
) -> Bounds:
    """The search that the page's selection, fixed types and the visitor's `wanted` filters
    (SearchParams fields) make, within the destination's scope."""
    scope = cards.scope_ids(destination)
    wanted = {**wanted, "types": narrow_types(fixed_types, wanted.get("types") or [])}
    if wanted["types"] is None:
        return Bounds(nothing=True)
    if selection is not None and selection.kind == Selection.Kind.QUERY:
        merged = _merged(selection.query or {}, wanted)
        if merged is not None:
            if merged.get("nothing"):
                return Bounds(nothing=True)
            stored_ids = merged.pop("ids", None)
            return Bounds(params=merged, ids=_within(stored_ids, scope))
    if selection is not None:
        members = (
            selection_members(selection)
            if selection.kind == Selection.Kind.QUERY
            else list(selection.object_ids)
        )
        return Bounds(params=wanted, ids=_within(members, scope))
    return Bounds(params=wanted, ids=_within(None, scope))


def search_ids(params: dict[str, Any], cap: int) -> list[str]:
    """Up to `cap` ids of a search, asked `SEARCH_BATCH` at a time."""
    ids: list[str] = []
    while len(ids) < cap:
        batch = min(SEARCH_BATCH, cap - len(ids))
        try:
            found = search(SearchParams(**params, limit=batch, offset=len(ids))).ids
        except SearchError as error:
            raise BadParameter(
                _PARAMETERS.get(error.parameter, error.parameter), error.detail
            ) from None
        ids += found
        if len(found) < batch:
            break
    return ids


def empty_result() -> SearchResult:
    return SearchResult(total=0, ids=[], facets={"types": {}, "communes": {}, "themes": {}})


def run(
    destination: Destination,
    selection: Selection | None,
    fixed_types: list[str],
    chosen: Filters,
    lang: str,
    *,
    limit: int,
    offset: int = 0,
    facets: bool = True,
) -> SearchResult:
    """One page of the listing (ids, total, facets); a bad filter is a `BadParameter`."""
    wanted = {
        "q": chosen.q or None,
        "types": chosen.types,
        "communes": chosen.communes,
        "themes": chosen.themes,
    }
    found = bounds(destination, selection, fixed_types, wanted)
    if found.nothing or found.ids == []:
        return empty_result()
    params = {k: v for k, v in found.params.items() if v not in (None, [])}
    sort = "relevance" if params.get("q") else "name"
    try:
        return search(
            SearchParams(
                **params,
                ids=found.ids,
                lang=lang,
                sort=sort,
                limit=limit,
                offset=offset,
                facets=facets,
                facet_size=FACET_SIZE,
            )
        )
    except SearchError as error:
        # The visitor's filters are checked before; what is left comes from the stored query.
        raise BadParameter(
            _PARAMETERS.get(error.parameter, error.parameter), error.detail
        ) from None


#: The engine's parameter names as the page's query string spells them.
_PARAMETERS = {"types": "type", "communes": "commune", "themes": "theme"}


@dataclass
class FacetValue:
    code: str
    label: str
    count: int
    selected: bool
    toggle_url: str  # the listing with this value added, or removed when selected


@dataclass
class Facet:
    parameter: str  # the query-string name: type, commune, theme
    title: str
    values: list[FacetValue]


def _commune_names(codes: list[str]) -> dict[str, str]:
    from opensit.network.models import Commune

    return dict(Commune.objects.filter(insee__in=codes).values_list("insee", "name"))


def _theme_labels(codes: list[str], lang: str) -> dict[str, str]:
    from opensit.catalog.vocabularies import labels_for
    from opensit.core.langtext import pick

    return {
        code: pick(labels, lang, (lang, "fr", "en")) or code
        for code, labels in labels_for(codes).items()
    }


def facets(result: SearchResult, chosen: Filters, query: QueryDict, lang: str) -> list[Facet]:
    """The facets of a result as links and checkboxes: each value with its count, the chosen
    ones always listed (even at 0), each with the address that toggles it."""
    counts = result.facets or {}
    groups = (
        ("type", _("Type"), counts.get("types", {}), chosen.types),
        ("commune", _("Commune"), counts.get("communes", {}), chosen.communes),
        ("theme", _("Theme"), counts.get("themes", {}), chosen.themes),
    )
    commune_names = _commune_names([*counts.get("communes", {}), *chosen.communes])
    theme_labels = _theme_labels([*counts.get("themes", {}), *chosen.themes], lang)
    out = []
    for parameter, title, values, selected in groups:
        codes = list(dict.fromkeys([*selected, *values]))
        listed = []
        for code in codes:
            if parameter == "type":
                label = cards.type_label(code, lang)
            elif parameter == "commune":
                label = commune_names.get(code, code)
            else:
                label = theme_labels.get(code, code)
            is_selected = code in selected
            toggled = [c for c in selected if c != code] if is_selected else [*selected, code]
            url = with_params(query, **{parameter: toggled, "page": None})
            listed.append(FacetValue(code, label, values.get(code, 0), is_selected, url))
        if listed:
            listed.sort(key=lambda v: (not v.selected, -v.count, v.label.casefold()))
            out.append(Facet(parameter, title, listed))
    return out


def feature_collection(found: list[cards.Card]) -> dict[str, Any]:
    """The points of a listing as GeoJSON (what the map script reads): id, name, url, type."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [card.longitude, card.latitude]},
                "properties": card.as_point(),
            }
            for card in found
            if card.latitude is not None and card.longitude is not None
        ],
    }
