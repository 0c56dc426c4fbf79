"""One rendering of a widget's items, for its three embeds: the fragment and the frame render
`widgets/items.html` with them, the JSON of the web component carries the same item dicts and
the same HTML. Items come from the stored public bodies (`sites.cards`, on top of
`diffusion.output.load_bodies`), within the widget's selection and its project's scope."""

import hashlib
import html as html_text
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urljoin

import orjson
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags

from opensit.diffusion.models import FeedEntry
from opensit.diffusion.output import load_bodies
from opensit.diffusion.selections import evaluate, project_scope
from opensit.search.query import search
from opensit.search.request import SearchParams
from opensit.sites.canonical import canonical_url
from opensit.sites.cards import EVENTS_AHEAD_DAYS, Card, card
from opensit.widgets.models import Layout, Widget

IDS_CACHE_SECONDS = 600
#: The "map" layout draws its points in a box of this size (SVG user units).
MAP_WIDTH, MAP_HEIGHT = 100, 60


@dataclass
class Rendered:
    """What every embed shows: the items (dicts, the JSON's), their HTML, the paging."""

    items: list[dict[str, Any]]
    html: str
    total: int
    page: int
    pages: int
    near: tuple[float, float] | None = None
    points: list[dict[str, Any]] = field(default_factory=list)


def widget_ids(widget: Widget) -> list[str]:
    """The published objects of the widget's selection within its project's scope, in the
    selection's order; cached until the public state changes (the feed head is in the key)."""
    head = FeedEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    selection = widget.selection
    stamp = f"{widget.pk}|{selection.pk}|{selection.updated_at.timestamp()}|{head}"
    key = "opensit:widget-ids:" + hashlib.sha1(stamp.encode()).hexdigest()
    ids = cache.get(key)
    if ids is None:
        ids = evaluate(selection)
        scope = project_scope(widget.project)
        if scope is not None:
            ids = [i for i in ids if i in scope]
        cache.set(key, ids, IDS_CACHE_SECONDS)
    return ids


def _page_of(widget: Widget, page: int, near: tuple[float, float] | None) -> tuple[list, int]:
    """(ids of the page, total) for the widget's layout; distances when near a point."""
    allowed = widget_ids(widget)
    size = widget.page_size
    start = (page - 1) * size
    if widget.layout == Layout.DETAIL:
        chosen = widget.detail_object
        return ([chosen] if chosen in allowed else []), (1 if chosen in allowed else 0)
    if widget.layout == Layout.AROUND_ME and near is not None and allowed:
        result = search(
            SearchParams(
                lang=widget.language, ids=allowed, near=near, sort="distance",
                limit=size, offset=start,
            )
        )  # fmt: skip
        distances = result.distances_km or {}
        return [(i, distances.get(i)) for i in result.ids], result.total
    if widget.layout == Layout.AGENDA and allowed:
        today = timezone.localdate()
        result = search(
            SearchParams(
                lang=widget.language, ids=allowed, types=["event"], event_from=today,
                event_to=today + timedelta(days=EVENTS_AHEAD_DAYS), sort="start_date",
                limit=size, offset=start,
            )
        )  # fmt: skip
        return result.ids, result.total
    return allowed[start : start + size], len(allowed)


def _absolute(url: str, base: str) -> str:
    return urljoin(base, url) if url else ""


def _text(rendered: str) -> str:
    """Plain text of a rendered snippet: the JSON's items carry text, the templates escape it."""
    return " ".join(html_text.unescape(strip_tags(rendered)).split())


def item_dict(body: dict[str, Any], built: Card, widget: Widget, base: str) -> dict[str, Any]:
    """The item the three embeds show: only the fields the widget shows, its canonical link."""
    lang = widget.language
    shown = set(widget.shown_fields)
    url = canonical_url(built.id, built.name, body.get("owner", ""), lang)
    item: dict[str, Any] = {"id": built.id, "name": built.name, "url": url}
    if "type" in shown:
        item["type"] = built.type_label
    if "commune" in shown:
        item["commune"] = built.commune
    if "short_description" in shown:
        item["short_description"] = built.short_description
    if "image" in shown and built.image_url:
        item["image"] = {
            "url": _absolute(built.image_url, base),
            "alt": built.image_alt,
            "credit": built.image_credit,
        }
    if built.next_day is not None:
        item["date"] = built.next_day.day.isoformat()
    if "dates" in shown and built.next_day is not None:
        item["dates"] = _text(
            render_to_string("sites/includes/event_day.html", {"day": built.next_day})
        )
    if "price" in shown:
        prices = (body.get("pricing") or {}).get("prices") or []
        if prices:
            item["price"] = _text(
                render_to_string("sites/includes/price.html", {"price": prices[0]})
            )
    if built.latitude is not None and built.longitude is not None:
        item["latitude"], item["longitude"] = built.latitude, built.longitude
    return item


def _points(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items with coordinates placed in the map box, north up, distances kept in
    proportion (longitudes shrunk by the cosine of the latitude), the whole centred: a light
    map with no tiles and no script. Numbers follow the list's."""
    placed = [i for i in items if "latitude" in i]
    if not placed:
        return []
    lats = [i["latitude"] for i in placed]
    lons = [i["longitude"] for i in placed]
    mid_lat, mid_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    shrink = math.cos(math.radians(mid_lat))
    width = max((max(lons) - min(lons)) * shrink, 1e-9)
    height = max(max(lats) - min(lats), 1e-9)
    margin = 6
    scale = min((MAP_WIDTH - 2 * margin) / width, (MAP_HEIGHT - 2 * margin) / height)
    points = []
    for number, item in enumerate(items, start=1):
        if "latitude" not in item:
            continue
        x = MAP_WIDTH / 2 + (item["longitude"] - mid_lon) * shrink * scale
        y = MAP_HEIGHT / 2 - (item["latitude"] - mid_lat) * scale
        points.append(
            {"number": number, "x": round(x, 2), "y": round(y, 2), "name": item["name"],
             "url": item["url"]}
        )  # fmt: skip
    return points


def render(
    widget: Widget,
    *,
    page: int = 1,
    near: tuple[float, float] | None = None,
    base: str,
    embed: str,
    key: str = "",
    urls: dict[str, str] | None = None,
) -> Rendered:
    """The widget's page `page`, as items and HTML. `near` (the visitor's position, around me)
    falls back to the widget's point; `base` makes image addresses absolute; `embed` (fragment,
    frame or component) only changes how a click is reported, never what is shown."""
    with translation.override(widget.language):
        if near is None and widget.fallback_latitude is not None:
            near = (widget.fallback_latitude, widget.fallback_longitude)
        page_ids, total = _page_of(widget, page, near)
        distances: dict[str, float | None] = {}
        if page_ids and isinstance(page_ids[0], tuple):
            distances = dict(page_ids)
            page_ids = [i for i, _d in page_ids]
        bodies, _last = load_bodies(page_ids, widget.language)
        today = timezone.localdate()
        items = []
        for object_id in page_ids:
            if object_id not in bodies:
                continue
            body = orjson.loads(bodies[object_id])
            item = item_dict(body, card(body, widget.language, today), widget, base)
            if distances.get(object_id) is not None:
                item["distance_km"] = round(distances[object_id], 1)
            items.append(item)
        size = widget.page_size
        pages = max((total + size - 1) // size, 1)
        points = _points(items) if widget.layout == Layout.MAP else []
        html = render_to_string(
            "widgets/items.html",
            {
                "widget": widget,
                "items": items,
                "days": _agenda_days(items) if widget.layout == Layout.AGENDA else [],
                "points": points,
                "map_width": MAP_WIDTH,
                "map_height": MAP_HEIGHT,
                "page": page,
                "pages": pages,
                "embed": embed,
                "key": key,
                "urls": urls or {},
                "fields": set(widget.shown_fields),
            },
        )
    return Rendered(items, html, total, page, pages, near, points)


def _agenda_days(items: list[dict[str, Any]]) -> list[tuple[date | None, list[dict[str, Any]]]]:
    """Events by their next day, in order (the search sorted them by start date; the next
    day of a recurring event may come later than its first date)."""
    dated = sorted(items, key=lambda i: i.get("date") or "9999")
    days: dict[date | None, list[dict[str, Any]]] = {}
    for item in dated:
        day = date.fromisoformat(item["date"]) if item.get("date") else None
        days.setdefault(day, []).append(item)
    return list(days.items())
