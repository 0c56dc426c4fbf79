"""Objects as the sites show them in lists: cards built from the stored public bodies of the
page's language (`diffusion.output.load_bodies`), the same bytes the API serves."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import orjson
from django.utils import timezone

from opensit.catalog.types import TYPES
from opensit.diffusion.models import Selection
from opensit.diffusion.output import load_bodies
from opensit.diffusion.selections import evaluate, project_scope
from opensit.search.query import search
from opensit.search.request import SearchParams
from opensit.sites.canonical import object_path
from opensit.sites.dates import EventDay, event_days
from opensit.sites.models.destination import Destination

#: How far ahead the home page and the detail pages look for an event's next dates.
EVENTS_AHEAD_DAYS = 365


@dataclass
class Card:
    id: str
    name: str
    url: str
    type_label: str
    commune: str
    short_description: str
    image_url: str
    image_alt: str
    image_credit: str
    latitude: float | None
    longitude: float | None
    next_day: EventDay | None = None

    def as_point(self) -> dict[str, Any]:
        """What a map marker needs (the map pages' GeoJSON)."""
        return {"id": self.id, "name": self.name, "url": self.url, "type": self.type_label}


def main_image(body: dict[str, Any]) -> dict[str, Any] | None:
    images = [m for m in body.get("media", []) if m.get("kind") == "image" and m.get("url")]
    if not images:
        return None
    return next((m for m in images if m.get("main")), images[0])


def type_label(code: str, lang: str) -> str:
    found = TYPES.get(code)
    return found.label(lang) if found else code


def card(body: dict[str, Any], lang: str, today: date | None = None) -> Card:
    """A card from one localised public body."""
    location = body.get("location") or {}
    image = main_image(body) or {}
    next_day = None
    if body.get("event"):
        today = today or timezone.localdate()
        days = event_days(body["event"], today, today + timedelta(days=EVENTS_AHEAD_DAYS))
        next_day = days[0] if days else None
    return Card(
        id=body["id"],
        name=body.get("name") or "",
        url=object_path(body["id"], body.get("name") or "", lang),
        type_label=type_label(body.get("type", ""), lang),
        commune=((location.get("commune") or {}).get("name")) or "",
        short_description=body.get("short_description") or "",
        image_url=image.get("url", ""),
        image_alt=image.get("title") or "",
        image_credit=image.get("credit") or "",
        latitude=location.get("latitude"),
        longitude=location.get("longitude"),
        next_day=next_day,
    )


def cards(ids: list[str], lang: str) -> list[Card]:
    """Cards of `ids` in that order; an id without a public body (withdrawn) is left out."""
    bodies, _ = load_bodies(ids, lang)
    today = timezone.localdate()
    return [card(orjson.loads(bodies[i]), lang, today) for i in ids if i in bodies]


def scope_ids(destination: Destination) -> set[str] | None:
    """The ids the destination may show; None: the whole published catalog."""
    if destination.project_id is None:
        return None
    return project_scope(destination.project)


def in_scope(destination: Destination, ids: list[str]) -> list[str]:
    scope = scope_ids(destination)
    return ids if scope is None else [i for i in ids if i in scope]


def selection_ids(selection_slug: str, limit: int) -> list[str]:
    """The first published objects of a selection, in its order."""
    selection = Selection.objects.filter(slug=selection_slug).first()
    if selection is None:
        return []
    return evaluate(selection)[:limit]


def coming_events(destination: Destination, lang: str, limit: int) -> list[Card]:
    """The next events the destination shows, soonest first."""
    today = timezone.localdate()
    result = search(
        SearchParams(
            lang=lang,
            types=["event"],
            event_from=today,
            event_to=today + timedelta(days=EVENTS_AHEAD_DAYS),
            sort="start_date",
            limit=max(limit * 4, 20),
        )
    )
    found = cards(in_scope(destination, result.ids), lang)
    found.sort(key=lambda c: (c.next_day is None, c.next_day or EventDay(today)))
    return found[:limit]
