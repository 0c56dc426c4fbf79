"""What an object's detail page shows, from its stored public form (`diffusion.output`): the
same bytes as the API, so a field the public may not see never reaches a page.

Texts are shown in the page's language; a text the object lacks in it falls back to French,
then English, then any language, and the page says so (`Text.lang`, rendered as `lang=` with a
note). The nearby objects are the closest published ones of the site's scope."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import orjson
from django.utils import timezone

from opensit.catalog.vocabularies import labels_for
from opensit.core.langtext import pick
from opensit.diffusion.output import load_bodies
from opensit.diffusion.render import localise
from opensit.formats.units import unit_label
from opensit.search.query import search
from opensit.search.request import SearchParams
from opensit.sites import cards
from opensit.sites.canonical import object_path
from opensit.sites.dates import EventDay, event_days
from opensit.sites.models.destination import Destination

FALLBACKS = ("fr", "en")
NEARBY_KM = 15.0
NEARBY_COUNT = 6
#: The circles the nearby search tries in turn, the last one `NEARBY_KM`.
NEARBY_STEPS_KM = (1.0, 4.0, NEARBY_KM)
EVENT_DAYS_SHOWN = 30
ALL = "*"


@dataclass
class Text:
    value: str
    lang: str  # the language the text is in
    fallback: bool  # not in the page's language


@dataclass
class Detail:
    id: str
    lang: str
    body: dict[str, Any]  # the localised public form
    name: str
    texts: dict[str, Text]
    type_label: str
    images: list[dict[str, Any]]
    codes: dict[str, list[str]]  # labels, accessibility, amenities, themes... as labels
    prices: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    periods: list[dict[str, Any]] = field(default_factory=list)
    next_days: list[EventDay] = field(default_factory=list)
    nearby: list[cards.Card] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # language -> path of this page
    geometry: dict[str, Any] | None = None

    @property
    def location(self) -> dict[str, Any]:
        return self.body.get("location") or {}

    @property
    def has_map(self) -> bool:
        loc = self.location
        return loc.get("latitude") is not None and loc.get("longitude") is not None


def text_in(value: dict[str, str] | None, lang: str) -> Text | None:
    if not value:
        return None
    if value.get(lang):
        return Text(value[lang], lang, False)
    for code in (*FALLBACKS, *value):
        if value.get(code):
            return Text(value[code], code, True)
    return None


def load_form(object_id: str) -> dict[str, Any] | None:
    """The all-languages public form of a published object, or None."""
    bodies, _ = load_bodies([object_id], ALL)
    raw = bodies.get(object_id)
    return None if raw is None else orjson.loads(raw)


CODE_FIELDS = ("classifications", "labels", "accessibility", "amenities", "themes")


def _code_labels(form: dict[str, Any], lang: str) -> dict[str, list[str]]:
    wanted = {code for name in CODE_FIELDS for code in form.get(name, [])}
    labels = labels_for(wanted) if wanted else {}
    return {
        name: [pick(labels.get(code), lang, FALLBACKS) or code for code in form.get(name, [])]
        for name in CODE_FIELDS
        if form.get(name)
    }


def nearby(destination: Destination, form: dict[str, Any], lang: str) -> list[cards.Card]:
    """The closest objects the site shows within `NEARBY_KM`. The search widens its circle
    step by step (`NEARBY_STEPS_KM`): sorting by distance costs what the circle holds, and in a
    town a few hundred metres give the six closest (a 15 km circle there holds thousands)."""
    loc = form.get("location") or {}
    if loc.get("latitude") is None or loc.get("longitude") is None:
        return []
    ids: list[str] = []
    for radius in NEARBY_STEPS_KM:
        result = search(
            SearchParams(
                lang=lang,
                near=(loc["latitude"], loc["longitude"]),
                radius_km=radius,
                sort="distance",
                limit=NEARBY_COUNT * 3,
            )
        )
        ids = [i for i in cards.in_scope(destination, result.ids) if i != form["id"]]
        if len(ids) >= NEARBY_COUNT:  # the closest ones: a wider circle adds farther ones
            break
    return cards.cards(ids[:NEARBY_COUNT], lang)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _period(period: dict[str, Any]) -> dict[str, Any]:
    """An opening period with its dates as dates (the template formats them per language)."""
    return {**period, "start": _day(period.get("start")), "end": _day(period.get("end"))}


def detail(
    destination: Destination, form: dict[str, Any], lang: str, today: date | None = None
) -> Detail:
    today = today or timezone.localdate()
    body = localise(form, lang)
    texts = {
        name: found
        for name in ("short_description", "description", "practical_info")
        if (found := text_in(form.get(name), lang)) is not None
    }
    access = text_in((form.get("location") or {}).get("access"), lang)
    if access:
        texts["access"] = access
    name = text_in(form.get("name"), lang) or Text(form.get("id", ""), lang, False)
    images = [m for m in body.get("media", []) if m.get("kind") == "image" and m.get("url")]
    images.sort(key=lambda m: not m.get("main"))
    next_days = (
        event_days(body["event"], today, today + timedelta(days=cards.EVENTS_AHEAD_DAYS))[
            :EVENT_DAYS_SHOWN
        ]
        if body.get("event")
        else []
    )
    languages = destination.languages or [lang]
    return Detail(
        id=form["id"],
        lang=lang,
        body=body,
        name=name.value,
        texts=texts,
        type_label=cards.type_label(body.get("type", ""), lang),
        images=images,
        codes=_code_labels(form, lang),
        prices=[
            {**price, "unit_label": unit_label(price.get("unit", ""))}
            for price in (body.get("pricing") or {}).get("prices", [])
        ],
        periods=[_period(p) for p in (body.get("opening") or {}).get("periods", [])],
        contacts=body.get("contacts", []),
        next_days=next_days,
        nearby=nearby(destination, form, lang),
        paths={
            code: object_path(form["id"], pick(form.get("name"), code, FALLBACKS), code)
            for code in languages
        },
        geometry=(form.get("location") or {}).get("geometry"),
    )
