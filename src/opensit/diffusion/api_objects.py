"""Object endpoints of the public API: search, one object, selections and the change feed.

Parameters are declared as strictly as they are checked (enums, patterns, bounds), so that the
OpenAPI document says what the API accepts (tests/diffusion/test_contract.py)."""

import re
from datetime import date, datetime
from typing import Any, Literal

import orjson
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _
from ninja import Query
from pydantic import ValidationError as PydanticError

from opensit.catalog.models import TourismObject
from opensit.catalog.types import TYPES
from opensit.core.langtext import active_languages
from opensit.diffusion import feed
from opensit.diffusion.access import project_of
from opensit.diffusion.api import api
from opensit.diffusion.http import ApiProblem
from opensit.diffusion.models import DiffusionProject, PublicDocument, Selection
from opensit.diffusion.output import (
    FORMAT_NAMES,
    Page,
    aspect_bodies,
    keep_licences,
    load_bodies,
    negotiate,
    ordered,
    page_link,
    page_renderer,
    sparse,
    with_distance,
)
from opensit.diffusion.respond import respond
from opensit.diffusion.selections import (
    evaluate,
    project_scope,
    selection_visible,
)
from opensit.formats import enrich
from opensit.search.params import DEFAULT_FACET_SIZE, INT64_MAX, MAX_FACET_SIZE
from opensit.search.query import SearchError, SearchParams, search

Sort = Literal["relevance", "name", "distance", "updated", "start_date", "random"]
# The languages of the platform, or "all" (language maps): an enum in the OpenAPI document.
Lang = Literal.__getitem__((*active_languages(), "all"))  # type: ignore[misc]
LANG_HELP = "fr, en... or all (language maps)"
# `since` and the cursor of the feed: ASCII digits (str.isdigit accepts "²"), at most 18 of them
# (below 2^63, the database's integers).
SINCE_PATTERN = r"^[0-9]{1,18}$"
# RFC 3339 date-time, ASCII digits; without an offset it is the platform's time zone.
DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?"
)
DATE_TIME_PATTERN = "^" + DATE_TIME.pattern + "$"
# An ISO date, ASCII digits: pydantic's `date` also read `0` as a Unix time.
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATE_QUERY = Query(None, description="ISO date", pattern=DATE_PATTERN)
ASPECT_HELP = (
    "An aspect: winter, summer, groups, accessibility, business (or Apidae's HIVER, ETE, "
    "GROUPES, HANDICAP, TOURISME_AFFAIRES; any case). Its texts, media, opening and prices "
    "replace the main ones where it has them"
)
ASPECT_QUERY = Query(None, description=ASPECT_HELP, pattern=r"^[A-Za-zÉé_ ]{1,40}$")
MEDIA_LICENCE_HELP = (
    "Comma list of licence codes (cc-by-4.0, etalab-2.0...) or `open` (every open licence): "
    "only media under those licences are kept; objects are not filtered"
)
MEDIA_LICENCE_QUERY = Query(None, description=MEDIA_LICENCE_HELP, max_length=1000)


def _csv(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _floats(value: str, param: str, count: int) -> tuple[float, ...]:
    try:
        numbers = tuple(float(part) for part in value.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != count:
        raise ApiProblem(
            400,
            "invalid-parameter",
            _("Invalid parameter “%(name)s”: expected %(count)d comma-separated numbers.")
            % {"name": param, "count": count},
            param=param,
        )
    return numbers


def _bad(param: str, message: str) -> ApiProblem:
    return ApiProblem(
        400,
        "invalid-parameter",
        _("Invalid parameter “%(name)s”: %(message)s") % {"name": param, "message": message},
        param=param,
    )


def _date(param: str, value: str | None) -> date | None:
    """An ISO 8601 date (YYYY-MM-DD); numbers are refused."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _bad(param, str(exc)) from exc


def _date_time(param: str, value: str | None) -> datetime | None:
    """An RFC 3339 date-time; numbers (pydantic reads `0.5` as a Unix time) are refused."""
    if value is None:
        return None
    if not DATE_TIME.fullmatch(value):
        raise _bad(param, _("expected an ISO 8601 date and time, such as 2026-05-01T08:00:00Z"))
    try:
        return datetime.fromisoformat(value.upper())
    except ValueError as exc:
        raise _bad(param, str(exc)) from exc


def _lang(request: HttpRequest, lang: str | None) -> str:
    """The stored form to serve: a language code, or "*" for `lang=all`."""
    if lang == "all":
        return PublicDocument.ALL_LANGUAGES
    if lang is None:
        project_langs = project_of(request).languages
        return project_langs[0] if project_langs else active_languages()[0]
    if lang not in active_languages():
        raise _bad(
            "lang",
            _("expected one of %(langs)s") % {"langs": ", ".join([*active_languages(), "all"])},
        )
    return lang


def _types(value: str | None) -> list[str]:
    types = _csv(value)
    unknown = [code for code in types if code not in TYPES]
    if unknown:
        raise _bad("type", _("unknown type “%(code)s”") % {"code": unknown[0]})
    return types


def _aspect(value: str | None) -> str | None:
    """Our code of the aspect asked for (ours or Apidae's, any case)."""
    if value is None:
        return None
    code = enrich.aspect_code(value)
    if code is None:
        known = ", ".join([*enrich.ASPECTS, "HIVER", "ETE", "GROUPES", "HANDICAP",
                           "TOURISME_AFFAIRES"])  # fmt: skip
        raise _bad("aspect", _("unknown aspect “%(value)s”; known: %(known)s")
                   % {"value": value, "known": known})  # fmt: skip
    return code


def _media_licences(value: str | None) -> set[str] | None:
    try:
        return enrich.licence_filter(value)
    except ValueError as exc:
        raise _bad(
            "media_licence",
            _("unknown licence “%(code)s”; give licence codes (cc-by-4.0, etalab-2.0...) or open")
            % {"code": exc.args[0]},
        ) from exc


def _fields(value: str | None) -> set[str] | None:
    return set(_csv(value)) or None


def _renderer(request: HttpRequest, fmt: str | None) -> Any:
    fmt = negotiate(request, fmt)
    if fmt not in FORMAT_NAMES:
        raise _bad(
            "format", _("expected one of %(formats)s") % {"formats": ", ".join(FORMAT_NAMES)}
        )
    return page_renderer(fmt)


def _allowed_ids(project: DiffusionProject, selection: str | None) -> set[str] | None:
    scope = project_scope(project)
    if not selection:
        return scope
    chosen = _selection(project, selection)
    ids = set(evaluate(chosen))
    return ids if scope is None else ids & scope


def _selection(project: DiffusionProject, slug: str) -> Selection:
    chosen = Selection.objects.filter(slug=slug).first()
    if chosen is None:
        raise ApiProblem(
            404, "not-found", _("Unknown selection “%(slug)s”.") % {"slug": slug}, param="selection"
        )
    if not selection_visible(project, chosen):
        raise ApiProblem(
            403,
            "out-of-scope",
            _("The selection “%(slug)s” is outside the project's scope.") % {"slug": slug},
            param="selection",
        )
    return chosen


def _search(params: dict[str, Any]) -> Any:
    try:
        return search(SearchParams(**params))
    except PydanticError as exc:
        first = exc.errors()[0]
        param = ".".join(str(p) for p in first.get("loc", ())) or None
        raise _bad(param or "query", first.get("msg", "")) from exc
    except (SearchError, ValueError) as exc:
        param = getattr(exc, "param", None) or getattr(exc, "parameter", None)
        raise ApiProblem(400, "invalid-parameter", str(exc), param=param) from exc


def _page(
    request: HttpRequest,
    endpoint: str,
    ids: list[str],
    total: int,
    *,
    lang: str,
    fields: set[str] | None,
    renderer: Any,
    page: int,
    page_size: int,
    distances: dict[str, float] | None = None,
    facets: dict[str, Any] | None = None,
    next_cursor: str | None = None,
    seed: int | None = None,
    empty_search: dict[str, Any] | None = None,
    aspect: str | None = None,
    media_licences: set[str] | None = None,
    did_you_mean: str | None = None,
) -> HttpResponse:
    bodies, last_modified = load_bodies(ids, lang)
    if aspect:
        bodies = aspect_bodies(bodies, lang, aspect)
    distance_of = distances or {}
    items = [
        with_distance(
            sparse(keep_licences(body, media_licences), fields), distance_of.get(object_id)
        )
        for object_id, body in ordered(ids, bodies)
    ]
    more = (page - 1) * page_size + len(ids) < total
    more_by_cursor = bool(ids) and len(ids) == page_size
    keep_seed = {"seed": seed} if seed is not None else {}
    if "cursor" in request.GET:  # keyset paging: follow the engine's cursor
        next_link = page_link(request, cursor=next_cursor, page=None, **keep_seed)
        next_link = next_link if next_cursor and more_by_cursor else None
    else:
        next_link = page_link(request, page=page + 1, **keep_seed) if more else None
    result = Page(
        total=total,
        items=items,
        next=next_link,
        previous=page_link(request, page=page - 1) if page > 1 else None,
        facets=facets,
        last_modified=last_modified,
        extra={
            **({"cursor": next_cursor} if next_cursor and more_by_cursor else {}),
            **({"did_you_mean": did_you_mean} if did_you_mean else {}),
        },
        ids=[object_id for object_id, _ in ordered(ids, bodies)],
        lang=None if lang == "all" else lang,
        aspect=aspect,
        media_licences=media_licences,
    )
    body, content_type = renderer(result)
    return respond(
        request,
        endpoint,
        body,
        objects=len(items),
        last_modified=last_modified,
        content_type=content_type,
        empty_search=empty_search,
    )


_SUGGEST_Q = "What the visitor has typed so far: the last word is a prefix (cham → Chambord)"


@api.get("/objects", tags=["objects"], summary="Search the objects")
def list_objects(
    request: HttpRequest,
    q: str | None = None,
    lang: Lang | None = Query(None, description=LANG_HELP),  # noqa: B008 (Lang: an enum)
    type: str | None = Query(None, description="Comma list of types, ancestors included"),
    themes: str | None = None,
    themes_all: bool = False,
    amenities: str | None = None,
    amenities_all: bool = False,
    labels: str | None = None,
    labels_all: bool = False,
    commune: str | None = Query(None, description="Comma list of INSEE codes"),
    department: str | None = None,
    territory: str | None = Query(None, description="Organisation slug: its communes"),
    owner: str | None = None,
    near: str | None = Query(None, description="lat,lon"),
    radius: float | None = Query(None, gt=0, le=1000, description="km around `near`"),
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    open_on: str | None = DATE_QUERY,
    open_from: str | None = DATE_QUERY,
    open_to: str | None = DATE_QUERY,
    event_from: str | None = DATE_QUERY,
    event_to: str | None = DATE_QUERY,
    updated_since: str | None = Query(
        None,
        description="ISO 8601 date-time",
        pattern=DATE_TIME_PATTERN,
    ),
    selection: str | None = None,
    fields: str | None = Query(None, description="Comma list of top-level fields"),
    sort: Sort | None = None,
    seed: int | None = Query(None, ge=0, le=INT64_MAX, description="Seed of `sort=random`"),
    page_size: int = Query(20, ge=1, le=200),
    page: int = Query(1, ge=1, le=10_000),
    cursor: str | None = None,
    facets: bool = False,
    facet_size: int = Query(DEFAULT_FACET_SIZE, ge=1, le=MAX_FACET_SIZE),
    format: str | None = Query(
        None, description="json (default), jsonld, geojson, csv, ical, gpx, jsonl; or Accept"
    ),
    aspect: str | None = ASPECT_QUERY,
    media_licence: str | None = MEDIA_LICENCE_QUERY,
) -> HttpResponse:
    renderer = _renderer(request, format)
    served_lang = _lang(request, lang)
    seen_as = _aspect(aspect)
    licences = _media_licences(media_licence)
    if radius is not None and not near:
        raise _bad("radius", _("needs `near`"))
    params: dict[str, Any] = {
        "q": q,
        "lang": None if lang in (None, "all") else lang,
        "types": _types(type),
        "themes": _csv(themes),
        "themes_all": themes_all,
        "amenities": _csv(amenities),
        "amenities_all": amenities_all,
        "labels": _csv(labels),
        "labels_all": labels_all,
        "communes": _csv(commune),
        "departments": _csv(department),
        "territory": territory,
        "owners": _csv(owner),
        "near": _floats(near, "near", 2) if near else None,
        "radius_km": radius,
        "bbox": _floats(bbox, "bbox", 4) if bbox else None,
        "open_on": _date("open_on", open_on),
        "open_from": _date("open_from", open_from),
        "open_to": _date("open_to", open_to),
        "event_from": _date("event_from", event_from),
        "event_to": _date("event_to", event_to),
        "updated_since": _date_time("updated_since", updated_since),
        "sort": sort,
        "seed": seed,
        "limit": page_size,
        "offset": 0 if cursor else (page - 1) * page_size,
        "cursor": cursor,
        "facets": facets,
        "facet_size": facet_size,
    }
    if params["near"] and not (-90 <= params["near"][0] <= 90 and -180 <= params["near"][1] <= 180):
        raise _bad("near", _("latitude or longitude out of range"))
    params = {k: v for k, v in params.items() if v not in (None, [], False)}
    allowed = _allowed_ids(project_of(request), selection)
    if allowed is not None:
        if not allowed:
            return _page(request, "objects", [], 0, lang=served_lang, fields=None,
                         renderer=renderer, page=page, page_size=page_size,
                         aspect=seen_as, media_licences=licences)  # fmt: skip
        params["ids"] = sorted(allowed)
    result = _search(params)
    filters = {k: v for k, v in request.GET.items() if k not in ("api_key", "page", "page_size")}
    return _page(
        request,
        "objects",
        list(result.ids),
        result.total,
        lang=served_lang,
        fields=_fields(fields),
        renderer=renderer,
        page=page,
        page_size=page_size,
        distances=result.distances_km,
        facets=result.facets or None,
        next_cursor=result.next_cursor,
        seed=result.seed if sort == "random" else None,
        empty_search=filters if result.total == 0 and filters else None,
        aspect=seen_as,
        media_licences=licences,
        did_you_mean=result.did_you_mean,
    )


@api.get("/suggest", tags=["objects"], summary="Suggestions as you type")
def suggest_objects(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=200, description=_SUGGEST_Q),
    lang: Lang | None = Query(None, description=LANG_HELP),  # noqa: B008 (Lang: an enum)
    types: str | None = Query(None, description="Type codes, comma-separated"),
    limit: int = Query(10, ge=1, le=20),
) -> HttpResponse:
    """Names of the best matches of a partial query (the last word is a prefix), with their
    type and commune, ranked as the search ranks them."""
    from opensit.search.suggest import suggest

    served_lang = _lang(request, lang)
    text_lang = "fr" if served_lang == PublicDocument.ALL_LANGUAGES else served_lang
    type_list = [t.strip() for t in (types or "").split(",") if t.strip()]
    for code in type_list:
        if code not in TYPES:
            raise _bad("types", _("unknown type %(type)r") % {"type": code})
    allowed = _allowed_ids(project_of(request), None)
    try:
        found = suggest(q, lang=text_lang, limit=limit, types=type_list,
                        ids=None if allowed is None else sorted(allowed))  # fmt: skip
    except ValueError as exc:
        raise _bad(getattr(exc, "parameter", None) or "q", str(exc)) from exc
    items = [
        {
            "id": s.id,
            "name": s.name,
            "type": s.type,
            "commune": s.commune,
            "commune_insee": s.commune_insee,
        }
        for s in found
    ]
    return respond(request, "suggest", orjson.dumps({"total": len(items), "items": items}))


@api.get("/objects/{object_id}", tags=["objects"], summary="One object")
def get_object(
    request: HttpRequest,
    object_id: str,
    lang: Lang | None = Query(None, description=LANG_HELP),  # noqa: B008 (Lang: an enum)
    fields: str | None = None,
    aspect: str | None = ASPECT_QUERY,
    media_licence: str | None = MEDIA_LICENCE_QUERY,
) -> HttpResponse:
    served_lang = _lang(request, lang)
    seen_as = _aspect(aspect)
    licences = _media_licences(media_licence)
    bodies, last_modified = load_bodies([object_id], served_lang)
    if object_id not in bodies:
        row = TourismObject.objects.filter(pk=object_id).values("status", "merged_into").first()
        status = row["status"] if row else None
        if row and row["merged_into"]:
            return _to_survivor(request, object_id)
        if status == TourismObject.Status.DELETED:
            raise ApiProblem(
                410, "deleted", _("The object %(id)s was deleted.") % {"id": object_id}
            )
        raise ApiProblem(404, "not-found", _("No published object %(id)s.") % {"id": object_id})
    scope = project_scope(project_of(request))
    if scope is not None and object_id not in scope:
        raise ApiProblem(
            403,
            "out-of-scope",
            _("The object %(id)s is outside the project's scope.") % {"id": object_id},
        )
    if seen_as:
        bodies = aspect_bodies(bodies, served_lang, seen_as)
        if object_id not in bodies:  # unpublished between the two reads
            raise ApiProblem(404, "not-found", _("No published object %(id)s.") % {"id": object_id})
    body = sparse(keep_licences(bodies[object_id], licences), _fields(fields))
    return respond(request, "object", body, objects=1, last_modified=last_modified)


def _to_survivor(request: HttpRequest, object_id: str) -> HttpResponse:
    """A merged id: 301 to the object it was merged into (its query string kept)."""
    from opensit.catalog.merge import resolve

    survivor = resolve(object_id)
    if survivor is None or survivor.status == TourismObject.Status.DELETED:
        raise ApiProblem(410, "deleted", _("The object %(id)s was deleted.") % {"id": object_id})
    location = request.path[: -len(object_id)] + survivor.id
    if request.META.get("QUERY_STRING"):
        location += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(location)


@api.get("/selections", tags=["selections"], summary="The selections this project reads")
def list_selections(request: HttpRequest) -> HttpResponse:
    project = project_of(request)
    rows = Selection.objects.select_related("organisation").order_by("slug")
    if project.scope != DiffusionProject.Scope.ALL:
        rows = rows.filter(projects=project)
    items = [
        {
            "id": s.slug,
            "name": s.name,
            "description": s.description,
            "kind": s.kind,
            "organisation": s.organisation.slug,
            "updated_at": s.updated_at.isoformat(),
        }
        for s in rows
    ]
    return respond(request, "selections", orjson.dumps({"total": len(items), "items": items}))


@api.get("/selections/{slug}/objects", tags=["selections"], summary="The objects of a selection")
def selection_objects(
    request: HttpRequest,
    slug: str,
    lang: Lang | None = Query(None, description=LANG_HELP),  # noqa: B008 (Lang: an enum)
    fields: str | None = None,
    page_size: int = Query(20, ge=1, le=200),
    page: int = Query(1, ge=1, le=10_000),
    format: str | None = Query(
        None, description="json (default), jsonld, geojson, csv, ical, gpx, jsonl; or Accept"
    ),
    aspect: str | None = ASPECT_QUERY,
    media_licence: str | None = MEDIA_LICENCE_QUERY,
) -> HttpResponse:
    renderer = _renderer(request, format)
    served_lang = _lang(request, lang)
    seen_as = _aspect(aspect)
    licences = _media_licences(media_licence)
    project = project_of(request)
    ids = evaluate(_selection(project, slug))
    scope = project_scope(project)
    if scope is not None:
        ids = [i for i in ids if i in scope]
    start = (page - 1) * page_size
    return _page(
        request,
        "selection_objects",
        ids[start : start + page_size],
        len(ids),
        lang=served_lang,
        fields=_fields(fields),
        renderer=renderer,
        page=page,
        page_size=page_size,
        aspect=seen_as,
        media_licences=licences,
    )


@api.get("/changes", tags=["changes"], summary="The change feed")
def changes(
    request: HttpRequest,
    since: str = Query(
        "0", description="Cursor: the `cursor` of the previous page", pattern=SINCE_PATTERN
    ),
    limit: int = Query(500, ge=1, le=1000),
) -> HttpResponse:
    if not (since.isascii() and since.isdigit()) or int(since) > INT64_MAX:
        raise _bad("since", _("a cursor is a non-negative integer"))
    result = feed.read(project_of(request), int(since), limit)
    body = orjson.dumps(
        {
            "items": result.items,
            "cursor": str(result.cursor),
            "more": result.more,
            "next": page_link(request, since=result.cursor),
        }
    )
    return respond(request, "changes", body, objects=len(result.items))
