"""The sites' page cache, kept fresh by the catalog's change log (`diffusion.FeedEntry`), never
by a timer: a change purges the pages that show the object (docs/sites.md, "Freshness").

A cached page is stored in Django's cache (Redis shared by the processes when
OPENSIT_CACHE_URL names one, else each process's memory) under (site, generations, language,
path, query). It records its *tags*: `o:<id>` for every object id its HTML names (every card
and detail page links to `/<slug>-<id>/`), `near:<cell>` for the map cells its nearby list
could draw from (detail pages), `list:<destination>` for pages whose membership can change
(editorial pages: lists, agenda, search, coming events). Each tag has a *stamp*: the feed
position of the last change that purged it. A page is good while none of its tags' stamps is
past the position it was built at.

Each request reads the feed head (one indexed query). When it moved past the position this
cache has processed, the request reads the new entries and stamps their tags, under a short
lock (a request that does not get it renders without the cache). Wagtail pages publishing or
unpublishing bump their site's generation (`sites.receivers`), settings of a destination the
generation of every site (canonical links name other sites).
"""

import hashlib
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from opensit.catalog.models import TourismObject
from opensit.diffusion.models import FeedEntry
from opensit.diffusion.selections import project_scope
from opensit.sites import audience
from opensit.sites.models import Destination

PREFIX = "fresh:"
#: Entries past this many in one read are not purged one by one: every page goes.
BATCH_LIMIT = 5000
LOCK_SECONDS = 30
#: Cached pages stay until purged; this bounds what an unused page costs (not its freshness).
PAGE_SECONDS = 24 * 3600
#: A map cell of the nearby lists, in degrees (a detail page lists objects within NEARBY_KM).
CELL_DEGREES = 0.1
KM_PER_DEGREE = 111.0
OBJECT_ID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Headers a cached response keeps (the rest are the middlewares' to write again).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")
#: This process's counts: what tests and operators read (`stats()`).
_stats: Counter[str] = Counter()


def stats() -> dict[str, int]:
    """This process's hits, misses, stores, bypasses and purged tags since start."""
    return dict(_stats)


def reset_stats() -> None:
    _stats.clear()


# --- tags -----------------------------------------------------------------------------------


def object_tag(object_id: str) -> str:
    return f"o:{object_id}"


def listing_tag(destination_id: int) -> str:
    return f"list:{destination_id}"


def cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / CELL_DEGREES), math.floor(longitude / CELL_DEGREES)


def cell_tag(latitude: float, longitude: float) -> str:
    row, column = cell(latitude, longitude)
    return f"near:{row}:{column}"


def near_tags(latitude: float, longitude: float, radius_km: float) -> list[str]:
    """The tags of the cells a circle of `radius_km` around a point touches (its bounding box):
    an object published or moved in one of them may enter the page's nearby list."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(min(abs(latitude), 89))), 0.01))
    low, west = cell(latitude - dlat, longitude - dlon)
    high, east = cell(latitude + dlat, longitude + dlon)
    return [
        f"near:{row}:{column}" for row in range(low, high + 1) for column in range(west, east + 1)
    ]


def _stamp_key(tag: str) -> str:
    return f"{PREFIX}tag:{tag}"


# --- the feed -------------------------------------------------------------------------------


def feed_head() -> int:
    return FeedEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _generation_key(destination_id: int | None, editorial: bool = False) -> str:
    name = "*" if destination_id is None else str(destination_id)
    return f"{PREFIX}gen:{name}{':pages' if editorial else ''}"


def bump(destination_id: int | None = None, *, editorial_only: bool = False) -> None:
    """Every cached page of a site (None: of every site) goes, or only its editorial pages:
    a new generation in their keys."""
    key = _generation_key(destination_id, editorial_only)
    try:
        cache.incr(key)
    except ValueError:  # never set, or evicted: a fresh start (a value never used before)
        cache.set(key, _new_generation(), None)
    _stats["bumps"] += 1


def _new_generation() -> int:
    return time.time_ns()


def _generations(destination_id: int, editorial: bool) -> list[int]:
    keys = [_generation_key(None), _generation_key(destination_id)]
    if editorial:
        keys.append(_generation_key(destination_id, editorial=True))
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_generation(), None)
    found = cache.get_many(keys)
    return [found.get(key, 0) for key in keys]


def site_key(destination_id: int, name: str) -> str:
    """A key for something built from a site's editorial pages (its menu): it changes when a
    page of the menu, or the home, is published or withdrawn (the generations that purge the
    site's detail pages, `bump`)."""
    generations = ".".join(map(str, _generations(destination_id, editorial=False)))
    return f"{PREFIX}site:{destination_id}:{name}:{generations}"


def tags_of_entries(entries: Iterable[tuple[str, str]]) -> set[str]:
    """The tags a run of feed entries (object id, action) purges.

    Exact: the pages naming an object (its tag). Conservative: an object created or updated
    purges the listings of every site whose scope holds it now and the nearby lists of its map
    cell (it may have entered them); an object withdrawn, or a selection's member added or
    removed, purges the listings of every site (which scopes held it is no longer known)."""
    Action = FeedEntry.Action
    tags: set[str] = set()
    present: set[str] = set()
    every_listing = False
    for object_id, action in entries:
        tags.add(object_tag(object_id))
        if action in (Action.CREATED, Action.UPDATED):
            present.add(object_id)
        else:
            every_listing = True
    destinations = list(Destination.objects.select_related("project"))
    for destination in destinations:
        if every_listing or destination.project_id is None:
            tags.add(listing_tag(destination.pk))
            continue
        scope = project_scope(destination.project)
        if scope is None or not present.isdisjoint(scope):
            tags.add(listing_tag(destination.pk))
    ids = sorted(present)
    for start in range(0, len(ids), 900):
        rows = TourismObject.objects.filter(
            pk__in=ids[start : start + 900], latitude__isnull=False, longitude__isnull=False
        ).values_list("latitude", "longitude")
        tags.update(cell_tag(lat, lon) for lat, lon in rows)
    return tags


def sync(head: int) -> bool:
    """Bring the tags' stamps up to `head`; False when another request is at it (this one then
    neither reads nor stores a cached page)."""
    processed = cache.get(PREFIX + "seq")
    if processed is not None and processed >= head:
        return True
    if not cache.add(PREFIX + "lock", 1, LOCK_SECONDS):
        _stats["bypasses"] += 1
        return False
    try:
        if processed is None:  # first start, or evicted: what was cached before is unknown
            bump(None)
        else:
            rows = list(
                FeedEntry.objects.filter(seq__gt=processed, seq__lte=head)
                .order_by("seq")
                .values_list("object_id", "action")[: BATCH_LIMIT + 1]
            )
            if len(rows) > BATCH_LIMIT:
                bump(None)
            else:
                tags = tags_of_entries(rows)
                cache.set_many({_stamp_key(tag): head for tag in tags}, None)
                _stats["purged_tags"] += len(tags)
        cache.set(PREFIX + "seq", head, None)
    finally:
        cache.delete(PREFIX + "lock")
    return True


# --- cached responses -----------------------------------------------------------------------


@dataclass
class Entry:
    """A cached page: its bytes and kept headers, its tags, the feed position it was built
    at, its ETag, and the CSP nonce its HTML carries (replaced by each request's own)."""

    content: bytes
    headers: dict[str, str]
    tags: list[str]
    built_at: int
    etag: str
    nonce: str = ""


def page_key(request: HttpRequest, destination_id: int, editorial: bool) -> str:
    generations = _generations(destination_id, editorial)
    parts = [
        str(destination_id),
        *map(str, generations),
        get_language() or "",
        timezone.localdate().isoformat(),  # "today", "this weekend", next dates: per day
        request.path,
        request.META.get("QUERY_STRING", ""),
    ]
    return PREFIX + "page:" + hashlib.sha1("|".join(parts).encode()).hexdigest()


def _good(entry: Entry) -> bool:
    keys = [_stamp_key(tag) for tag in entry.tags]
    stamps = cache.get_many(keys)
    return len(stamps) == len(keys) and all(s <= entry.built_at for s in stamps.values())


def cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GET and HEAD of a destination's page (previews never)."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    if getattr(request, "destination", None) is None:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A 200 that sets no cookie, wrote no CSRF token, is not marked private and is the same
    whatever the request's headers (the key holds none: a gzipped answer, or one that varies
    on a header, is rendered each time)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding") or response.has_header("Vary"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _revalidate(response: HttpResponse, etag: str) -> None:
    """Browsers keep the page but ask each time (`no-cache`); the ETag makes that a 304."""
    patch_cache_control(response, no_cache=True)
    if etag:
        response["ETag"] = etag


def _replay(request: HttpRequest, entry: Entry) -> HttpResponse:
    if entry.etag and request.headers.get("If-None-Match") == entry.etag:
        response = HttpResponse(status=304)
    else:
        content = entry.content
        if entry.nonce:  # a fresh nonce per response: the CSP header is written after
            content = content.replace(entry.nonce.encode(), str(request.csp_nonce).encode())
        response = HttpResponse(content)
    for name, value in entry.headers.items():
        response[name] = value
    _revalidate(response, entry.etag)
    response["X-Fresh"] = "hit"
    return response


def serve(
    request: HttpRequest,
    render: Callable[[], HttpResponse],
    tags: Callable[[HttpResponse], Iterable[str]] = lambda response: (),
    *,
    editorial: bool = False,
) -> HttpResponse:
    """`render()`'s response, or the cached one while none of its tags changed."""
    if not cacheable_request(request):
        return render()
    head = feed_head()
    if not sync(head):
        return render()
    destination_id = request.destination.pk
    key = page_key(request, destination_id, editorial)
    entry = cache.get(key)
    if entry is not None and _good(entry):
        _stats["hits"] += 1
        return _replay(request, entry)
    _stats["misses"] += 1
    response = render()
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    if not storable(request, response):
        return response
    content = response.content
    nonce = getattr(request, "_csp_nonce", None) or ""
    page_tags = sorted(
        {object_tag(m.decode()) for m in OBJECT_ID.findall(content)} | set(tags(response))
    )
    for tag in page_tags:  # a stamp never seen (or evicted): set to now, older pages go
        cache.add(_stamp_key(tag), head, None)
    etag = "" if nonce else '"' + hashlib.sha1(content).hexdigest() + '"'
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    cache.set(key, Entry(content, headers, page_tags, head, etag, nonce), PAGE_SECONDS)
    _stats["stores"] += 1
    _revalidate(response, etag)
    response["X-Fresh"] = "miss"
    return response


def cached_detail(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The object detail view, cached: tagged with the objects it names and the map cells its
    nearby list draws from. Its views are counted (`sites.audience`)."""
    from opensit.sites.detail import NEARBY_KM

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        def tags(response: HttpResponse) -> list[str]:
            object_id = kwargs.get("object_id")
            point = (
                TourismObject.objects.filter(pk=object_id)
                .values_list("latitude", "longitude")
                .first()
            )
            if not point or None in point:
                return []
            return near_tags(point[0], point[1], NEARBY_KM)

        response = serve(request, lambda: view(request, *args, **kwargs), tags)
        audience.count_view(request, response, audience.Kind.OBJECT, kwargs.get("object_id", ""))
        return response

    return wrapper


def cached_page_serve(serve_page: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wagtail's serving of a page, cached (`on_serve_page`): tagged with the objects it names
    and its site's listings, since its lists, agenda and searches draw from the whole scope.
    Its views are counted (`sites.audience`)."""

    def wrapper(page: Any, request: HttpRequest, args: Any, kwargs: Any) -> HttpResponse:
        destination = getattr(request, "destination", None)
        if destination is None or page.get_view_restrictions().exists():
            return serve_page(page, request, args, kwargs)
        response = serve(
            request,
            lambda: serve_page(page, request, args, kwargs),
            lambda response: [listing_tag(destination.pk)],
            editorial=True,
        )
        audience.count_view(request, response, audience.Kind.PAGE, str(page.pk))
        return response

    return wrapper
