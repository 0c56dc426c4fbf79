"""The sites' maps: which tiles a destination shows (and the Content-Security-Policy that lets
the browser fetch them), and the objects of a map as GeoJSON, limited to the site's scope.

The browser side is `static/sites/map.js`: it loads Leaflet only when a map scrolls into view
and reads these points from a map's `data-geojson` address."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

from opensit.catalog.models import TourismObject
from opensit.diffusion.output import load_bodies
from opensit.sites import cards
from opensit.sites.canonical import object_path
from opensit.sites.models.destination import Destination

#: A map shows at most this many points: beyond, clustering still works but the download
#: (about 250 bytes a point, a tenth of it gzipped) and the browser's memory grow for little
#: use.
MAP_POINTS_LIMIT = 10_000
#: The links listed under a map for visitors without JavaScript.
FALLBACK_LINKS = 100
#: A selection's ids read before the scope and the coordinates filter them.
SELECTION_READ = MAP_POINTS_LIMIT * 4
#: Bodies read per query (SQLite allows a few thousand bound parameters).
CHUNK = 900


@dataclass(frozen=True)
class Tiles:
    url: str  # a URL template: {z}/{x}/{y}, {s} for subdomains; empty: no background
    attribution: str


def tiles(destination: Destination | None) -> Tiles:
    """The destination's own tiles, else the platform's (`settings.OPENSIT_MAP_TILES`)."""
    if destination is not None and destination.tile_url:
        return Tiles(destination.tile_url, destination.tile_attribution)
    url = getattr(settings, "OPENSIT_MAP_TILES", "")
    credit = next((c for _n, u, c in settings.LEAFLET_CONFIG.get("TILES", []) if u == url), "")
    own_credit = destination.tile_attribution if destination is not None else ""
    return Tiles(url, own_credit or credit)


def tile_origin(template: str) -> str | None:
    """The origin a tile template fetches from, for the CSP (`{s}.` subdomains: a wildcard)."""
    parts = urlsplit(template.replace("{s}.", "*."))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def allow_tiles(response: HttpResponseBase, destination: Destination) -> HttpResponseBase:
    """Let this response's page fetch the destination's own tiles: the settings' policy names
    only the platform's tile host, so a site with its own gets it added here (django-csp's
    per-response update, read by `core.csp.CSPMiddleware`)."""
    origin = tile_origin(destination.tile_url) if destination.tile_url else None
    if origin is None:
        return response
    update = dict(getattr(response, "_csp_update", None) or {})
    update["img-src"] = [*update.get("img-src", []), origin]
    response._csp_update = update  # type: ignore[attr-defined]
    return response


def located_ids(destination: Destination, ids: list[str] | None, limit: int) -> list[str]:
    """The ids (in their order; the site's whole scope by name when None) that the site shows
    and that have coordinates, at most `limit`."""
    published = TourismObject.objects.filter(
        status=TourismObject.Status.PUBLISHED, latitude__isnull=False, longitude__isnull=False
    )
    if ids is None:
        scope = cards.scope_ids(destination)
        if scope is None:
            return list(published.order_by("name").values_list("id", flat=True)[:limit])
        ids = sorted(scope)
    else:
        ids = cards.in_scope(destination, ids)
    found: list[str] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        located = set(published.filter(id__in=chunk).values_list("id", flat=True))
        found += [i for i in chunk if i in located]
        if len(found) >= limit:
            break
    return found[:limit]


def feature(body: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """A GeoJSON point of one localised public body, with what a popup needs."""
    location = body.get("location") or {}
    lat, lon = location.get("latitude"), location.get("longitude")
    if lat is None or lon is None:
        return None
    name = body.get("name") or ""
    return {
        "type": "Feature",
        "id": body["id"],
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {
            "name": name,
            "url": object_path(body["id"], name, lang),
            "type": cards.type_label(body.get("type", ""), lang),
        },
    }


def feature_collection(ids: list[str], lang: str) -> dict[str, Any]:
    """The points of `ids` (in order, withdrawn ones left out) as a FeatureCollection."""
    features = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        bodies, _ = load_bodies(chunk, lang)
        for object_id in chunk:
            if object_id in bodies:
                found = feature(orjson.loads(bodies[object_id]), lang)
                if found is not None:
                    features.append(found)
    return {"type": "FeatureCollection", "features": features}


def selection_points(destination: Destination, slug: str | None, lang: str) -> dict[str, Any]:
    """The GeoJSON of a selection (the whole scope when `slug` is None) as the site shows it."""
    return feature_collection(map_ids(destination, slug, MAP_POINTS_LIMIT), lang)


def map_ids(destination: Destination, slug: str | None, limit: int) -> list[str]:
    """The located ids of a selection (the whole scope when `slug` is None) the site shows."""
    ids = None if slug is None else cards.selection_ids(slug, SELECTION_READ)
    return located_ids(destination, ids, limit)


def fallback_links(destination: Destination, slug: str | None, lang: str) -> list[dict[str, Any]]:
    """The first points of a map as links (name, url, type), listed for visitors without
    JavaScript or a pointer."""
    collection = feature_collection(map_ids(destination, slug, FALLBACK_LINKS), lang)
    return [f["properties"] for f in collection["features"]]


def geojson_response(request: HttpRequest, collection: dict[str, Any]) -> HttpResponse:
    """The collection as `application/geo+json`, gzipped for a browser that takes it (10,000
    points are 2.5 MB as text, a tenth of that compressed); it holds nothing secret."""
    response = HttpResponse(orjson.dumps(collection), content_type="application/geo+json")
    return GZipMiddleware(lambda _request: response).process_response(request, response)


def page_destination(request: Any, page: Any) -> Destination | None:
    """The destination a page is served for: the request's host's, else (an admin preview,
    on the platform's host) the one of the page's Wagtail site."""
    found = getattr(request, "destination", None)
    if found is not None:
        return found
    site = page.get_site()
    return Destination.objects.filter(site=site).first() if site else None
