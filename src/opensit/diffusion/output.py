"""Assembling responses from the stored public bytes: no ORM object on the hot path.

JSON is the default; the other formats are `formats.registry`'s (`page_renderer`).

A stored body that is not a JSON object (written past the renderer: a manual SQL update, a
corrupted row) is skipped and logged with its id, never served or answered with a 500. Each body
is parsed once per process and version (`usable`): the hot path then costs a set lookup.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from typing import Any
from urllib.parse import urlencode

import orjson
from django.http import HttpRequest
from django.utils import timezone

from opensit.catalog.models import TourismObject
from opensit.core.licences import licence_code
from opensit.core.routers import primary_reads, reading
from opensit.diffusion.models import PublicDocument
from opensit.diffusion.render import localise, refresh_stale
from opensit.formats import enrich
from opensit.formats.public import public_form
from opensit.formats.registry import RENDERERS as FORMATS
from opensit.formats.registry import Renderer as Format

logger = logging.getLogger(__name__)
# (object id, language, updated_at, length) of the bodies found to be JSON objects.
_USABLE: set[tuple[str, str, Any, int]] = set()
USABLE_MEMORY = 200_000


@dataclass
class Page:
    """One page of objects, ready for a renderer."""

    total: int
    items: list[bytes]
    next: str | None = None
    previous: str | None = None
    facets: dict[str, Any] | None = None
    last_modified: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    lang: str | None = None
    aspect: str | None = None
    media_licences: set[str] | None = None


def render_json(page: Page) -> tuple[bytes, str]:
    meta: dict[str, Any] = {"total": page.total, "next": page.next, "previous": page.previous}
    meta.update(page.extra)
    if page.facets is not None:
        meta["facets"] = page.facets
    head = orjson.dumps(meta)[:-1]
    return head + b',"items":[' + b",".join(page.items) + b"]}", "application/json"


Renderer = Callable[[Page], tuple[bytes, str]]


def _render_format(fmt: Format, page: Page) -> tuple[bytes, str]:
    """A page in a format of `opensit.formats` (JSON-LD, GeoJSON, CSV, iCalendar, GPX...): the
    stored all-languages public forms of its objects, the bodies `lang=all` serves, seen
    through the page's aspect (rendered now, as for JSON) and media licences. The page's ids
    come from the search engine, so only published objects reach it."""
    bodies, _last = load_bodies(page.ids, PublicDocument.ALL_LANGUAGES)
    if page.aspect:
        bodies = aspect_bodies(bodies, PublicDocument.ALL_LANGUAGES, page.aspect)
    forms = (
        enrich.keep_licences(orjson.loads(bodies[i]), page.media_licences)
        for i in page.ids
        if i in bodies
    )
    return fmt.render(forms, page.lang), fmt.media_type


#: The API's output formats: JSON, its stored bodies spliced as they are, then every format
#: of `formats.registry`. One table: the formats are the registry's.
FORMAT_NAMES: tuple[str, ...] = ("json", *FORMATS)


def page_renderer(name: str) -> Renderer:
    """The renderer of a page in format `name` (one of `FORMAT_NAMES`, else KeyError)."""
    if name == "json":
        return render_json
    return partial(_render_format, FORMATS[name])


MEDIA_TYPES: dict[str, str] = {
    "application/json": "json",
    **{FORMATS[name].media_type.split(";")[0]: name for name in FORMATS},
    "text/calendar": "ical",
    "application/gpx+xml": "gpx",
}


def negotiate(request: HttpRequest, explicit: str | None) -> str:
    """`format=` wins; else the first media type of the Accept header that we serve; else JSON."""
    if explicit:
        return explicit
    for part in request.META.get("HTTP_ACCEPT", "").split(","):
        media_type = part.split(";")[0].strip().lower()
        if media_type in MEDIA_TYPES:
            return MEDIA_TYPES[media_type]
    return "json"


def _fetch(ids: list[str], lang: str) -> list[tuple[str, Any, Any, Any]]:
    """One plain SQL query (building it with the ORM cost more than running it): rows of
    (object_id, body, updated_at, stale_after). On SQLite the two dates come as the stored
    text (`|| ''` drops the column's declared type, so sqlite3 runs no Python converter on
    them): only the latest update is parsed, in `load_bodies`."""
    if not ids:
        return []
    table = PublicDocument._meta.db_table
    connection = reading()
    if connection.vendor == "postgresql":
        return _fetch_binary(connection, table, ids, lang)
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id, body, updated_at || '', stale_after || '' FROM {table}"
            f" WHERE lang = %s AND object_id IN ({marks})",
            [lang, *ids],
        )
        return cursor.fetchall()


def _fetch_binary(connection: Any, table: str, ids: list[str], lang: str) -> list[tuple]:
    """PostgreSQL: the bodies as binary rows, through a server-side binding cursor on Django's
    own connection. Django's client-side cursors get `bytea` as hex text, twice its size,
    encoded by the server and decoded here: 20 bodies cost the server and this process about
    twice the CPU (bench/README.md). Not prepared: a transaction-pooling PgBouncer would
    send the next request's EXECUTE to a server that never saw the PREPARE."""
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            f"SELECT object_id, body, updated_at, stale_after FROM {table}"
            " WHERE lang = %s AND object_id = ANY(%s)",
            [lang, ids],
            binary=True,
            prepare=False,
        )
        return cursor.fetchall()


def _as_datetime(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite: "YYYY-MM-DD HH:MM:SS[.ffffff]", UTC without offset
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if timezone.is_naive(value) else value


def usable(object_id: str, lang: str, body: bytes, updated: Any) -> bool:
    """Whether a stored body is a JSON object that can be spliced into a page; a broken one is
    logged with its id. Checked once per (object, language, version, length) and process."""
    key = (object_id, lang, updated, len(body))
    if key in _USABLE:
        return True
    try:
        ok = type(orjson.loads(body)) is dict and body.endswith(b"}")
    except orjson.JSONDecodeError:
        ok = False
    if not ok:
        logger.error("public body of %s (lang %s) is not a JSON object: skipped", object_id, lang)
        return False
    if len(_USABLE) >= USABLE_MEMORY:
        _USABLE.clear()
    _USABLE.add(key)
    return True


def load_bodies(ids: list[str], lang: str) -> tuple[dict[str, bytes], datetime | None]:
    """The stored bodies of `ids` in `lang` (broken ones skipped), and the latest update."""
    rows = _fetch(ids, lang)
    bodies: dict[str, bytes] = {}
    last = None
    ends = []
    for object_id, raw, updated, stale_after in rows:
        body = raw if type(raw) is bytes else bytes(raw)
        if not usable(object_id, lang, body, updated):
            continue
        bodies[object_id] = body
        # SQLite's text dates compare as their values: fixed-width fields, fraction last.
        if last is None or updated > last:
            last = updated
        if stale_after is not None:
            ends.append((object_id, stale_after))
    if ends:
        today = timezone.localdate()
        stale = {
            object_id
            for object_id, end in ends
            if (date.fromisoformat(end) if isinstance(end, str) else end) < today
        }
        if stale and refresh_stale(today, stale):
            with primary_reads():  # a replica has not replayed the new forms yet
                return load_bodies(ids, lang)
    return bodies, None if last is None else _as_datetime(last)


def aspect_bodies(bodies: dict[str, bytes], lang: str, aspect: str) -> dict[str, bytes]:
    """The bodies of the same objects seen through `aspect`, rendered now from their stored
    documents (the stored bodies are the main form: the fast path stays for requests without
    an aspect). `lang` is a language code or `PublicDocument.ALL_LANGUAGES`."""
    documents = dict(
        TourismObject.objects.filter(pk__in=list(bodies)).values_list("id", "document")
    )
    today = timezone.localdate()
    out = {}
    for object_id in bodies:
        if object_id not in documents:
            continue
        data = public_form(documents[object_id], today, aspect)
        if lang != PublicDocument.ALL_LANGUAGES:
            data = {**localise(data, lang), "lang": lang}
        out[object_id] = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    return out


def _kept_media(media: Any, codes: set[str]) -> Any:
    if not isinstance(media, list):
        return media
    return [m for m in media if isinstance(m, dict) and licence_code(m.get("licence")) in codes]


def keep_licences(body: bytes, codes: set[str] | None) -> bytes:
    """A body whose media (its own and its aspects') are only those under one of `codes`."""
    if codes is None:
        return body
    data = orjson.loads(body)
    if "media" in data:
        data["media"] = _kept_media(data["media"], codes)
    for aspect in (data.get("aspects") or {}).values():
        if isinstance(aspect, dict) and "media" in aspect:
            aspect["media"] = _kept_media(aspect["media"], codes)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def sparse(body: bytes, fields: set[str] | None) -> bytes:
    if not fields:
        return body
    data = orjson.loads(body)
    return orjson.dumps({k: v for k, v in data.items() if k in fields or k == "id"})


def with_distance(body: bytes, distance: float | None) -> bytes:
    """Splice the distance into a stored object body (a JSON object)."""
    if distance is None:
        return body
    return body[:-1] + b',"distance_km":' + orjson.dumps(round(distance, 3)) + b"}"


def page_link(request: HttpRequest, **changes: Any) -> str:
    """This request's URL with some parameters changed; the API key never goes in a link."""
    params = {k: v for k, v in request.GET.items() if k != "api_key"}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    base = getattr(request, "_opensit_base_url", None)
    if base is None:  # a page has up to two links: check the host and build the base once
        base = request.build_absolute_uri(request.path)
        request._opensit_base_url = base  # type: ignore[attr-defined]
    return base + ("?" + urlencode(params) if params else "")


def ordered(ids: Iterable[str], bodies: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return [(i, bodies[i]) for i in ids if i in bodies]
