"""Checks the search parameters and turns them into a plan of SQL-ready values.

Every refusal is a `SearchError` naming the parameter, never a database error later on.
"""

import base64
import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog.types import TYPES, descendants
from opensit.core.langtext import active_languages
from opensit.network.models import Organisation
from opensit.search.indexer import RANDOM_MODULUS, micros
from opensit.search.request import SearchError, SearchParams
from opensit.search.text import query_words, text_group

SORTS = ("relevance", "name", "distance", "updated", "start_date", "random")
MAX_LIMIT = 1000
# Values per facet: as search engines do (Meilisearch answers 100 by default), the most
# frequent ones; a listing shows a few, a client that wants every commune asks for them.
DEFAULT_FACET_SIZE = 100
MAX_FACET_SIZE = 50_000
MAX_RADIUS_KM = 1000.0
KM_PER_DEGREE = 111.195
# Windows up to this many days are checked day by day (weekdays, closures); longer ones by
# overlap with an opening period.
EXACT_WINDOW_DAYS = 7
_INSEE = re.compile(r"^\d[\dAB]\d{3}$")
_DEPARTMENT = re.compile(r"^(\d[\dAB]|97\d)$")


@dataclass
class Plan:
    words: list[str] = field(default_factory=list)
    group: str = "fr"
    lang: str = "fr"
    typos: bool = True
    types: list[str] | None = None  # every type matched (the requested ones and below)
    type_codes: list[str] | None = None  # the requested types themselves
    vocab: list[tuple[str, list[str], bool]] = field(default_factory=list)
    communes: list[str] | None = None
    departments: list[str] | None = None
    territory_communes: list[str] | None = None
    owner_ids: list[int] | None = None
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    open_days: list[date] = field(default_factory=list)  # each must be an open day (open_on)
    open_any_day: list[date] = field(default_factory=list)  # one of them must be open
    open_window: tuple[date | None, date | None] | None = None  # overlap semantics
    event_window: tuple[int, int] | None = None
    updated_us: int | None = None
    ids: list[str] | None = None
    sort: str = "name"
    seed: int | None = None
    limit: int = 20
    offset: int = 0
    after: tuple[Any, str] | None = None  # keyset: sort key and object id of the last row seen
    facets: bool = False
    facet_size: int = DEFAULT_FACET_SIZE

    @property
    def geo_box(self) -> tuple[float, float, float, float] | None:
        """The box that bounds the geographic filters (bbox and radius), if any."""
        boxes = []
        if self.bbox:
            boxes.append(self.bbox)
        if self.near and self.radius_km:
            lat, lon = self.near
            dlat = self.radius_km / KM_PER_DEGREE
            dlon = self.radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
            boxes.append((lon - dlon, lat - dlat, lon + dlon, lat + dlat))
        if not boxes:
            return None
        return (
            max(b[0] for b in boxes),
            max(b[1] for b in boxes),
            min(b[2] for b in boxes),
            min(b[3] for b in boxes),
        )


def _strings(name: str, values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):
        raise SearchError(name, _("expected a list of strings"))
    return [v.strip() for v in values if v.strip()]


def _float(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SearchError(name, _("expected a number, got %(value)r") % {"value": value}) from None
    if not math.isfinite(number):
        raise SearchError(name, _("expected a finite number"))
    return number


def _lat_lon(name: str, lat: Any, lon: Any) -> tuple[float, float]:
    lat, lon = _float(name, lat), _float(name, lon)
    if not -90 <= lat <= 90:
        raise SearchError(name, _("latitude %(lat)s is outside -90..90") % {"lat": lat})
    if not -180 <= lon <= 180:
        raise SearchError(name, _("longitude %(lon)s is outside -180..180") % {"lon": lon})
    return lat, lon


def _date(name: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise SearchError(name, _("expected a date, got %(value)r") % {"value": value})
    return value


def _window(name_from: str, start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise SearchError(name_from, _("the window ends before it starts"))


# Bounds of what a cursor may carry: SQLite's and PostgreSQL's 64-bit integers, object ids of
# at most 36 characters (entry ids as digits), names as long as a stored name key.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_CURSOR_LENGTH = 4096
MAX_TIE_LENGTH = 36
MAX_NAME_KEY_LENGTH = 1000


def encode_cursor(sort: str, key: Any, object_id: str, seed: int | None) -> str:
    raw = orjson.dumps([sort, key, object_id, seed])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _forged() -> SearchError:
    return SearchError("cursor", _("not a cursor returned by a previous search"))


def _is_int(value: Any) -> bool:
    return type(value) is int and INT64_MIN <= value <= INT64_MAX


def check_seed(name: str, seed: Any) -> int | None:
    """A seed is None or an integer in 0..2^63-1: it goes into SQL arithmetic and back into a
    cursor, so a string, a float or a 100-digit number must stop here."""
    if seed is None:
        return None
    if not _is_int(seed) or seed < 0:
        raise SearchError(name, _("expected an integer from 0 to %(max)d") % {"max": INT64_MAX})
    return seed


def _check_key(sort: str, key: Any) -> Any:
    """The sort key of a cursor has the type of its sort and fits the database's numbers."""
    if sort == "name":
        if type(key) is not str or len(key) > MAX_NAME_KEY_LENGTH or "\x00" in key:
            raise _forged()
        return key
    if sort == "random":
        if not _is_int(key) or not 0 <= key < RANDOM_MODULUS:
            raise _forged()
        return key
    if _is_int(key):
        return key
    if sort in ("rank", "distance") and type(key) is float and math.isfinite(key):
        return key
    raise _forged()


def _decode_cursor(cursor: Any, sort: str, seed: int | None) -> tuple[Any, str, int | None]:
    """Every field of a cursor checked for type and range: a cursor comes from the client, and
    its values go into SQL (a string seed once made one request allocate gigabytes)."""
    if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
        raise _forged()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        fields = orjson.loads(raw)
    except (ValueError, TypeError, orjson.JSONDecodeError):
        raise _forged() from None
    if type(fields) is not list or len(fields) != 4:
        raise _forged()
    cursor_sort, key, object_id, cursor_seed = fields
    if cursor_sort != sort:
        raise SearchError("cursor", _("the cursor belongs to another sort order"))
    key = _check_key(sort, key)
    if (
        type(object_id) is not str
        or not 0 < len(object_id) <= MAX_TIE_LENGTH
        or "\x00" in object_id
    ):
        raise _forged()
    if cursor_seed is not None and (not _is_int(cursor_seed) or cursor_seed < 0):
        raise _forged()
    if seed is not None and cursor_seed != seed:
        raise SearchError("cursor", _("the cursor belongs to another random seed"))
    return key, object_id, cursor_seed


def _text(params: SearchParams, plan: Plan) -> None:
    languages = {*active_languages(), "fr", "en"}
    if params.lang not in languages:
        raise SearchError(
            "lang",
            _("unknown language %(lang)r, expected one of %(langs)s")
            % {"lang": params.lang, "langs": ", ".join(sorted(languages))},
        )
    plan.group = text_group(params.lang)
    if params.q is not None and not isinstance(params.q, str):
        raise SearchError("q", _("expected a text"))
    plan.words = query_words(params.q or "")[:12]
    plan.lang = params.lang
    if not isinstance(params.typos, bool):
        raise SearchError("typos", _("expected true or false"))
    plan.typos = params.typos


def _places(params: SearchParams, plan: Plan) -> None:
    types = _strings("types", params.types)
    for code in types:
        if code not in TYPES:
            raise SearchError("types", _("unknown type %(type)r") % {"type": code})
    if types:
        plan.types = sorted({sub for code in types for sub in descendants(code)})
        plan.type_codes = sorted(set(types))
    for scheme, name, values, all_ in (
        ("theme", "themes", params.themes, params.themes_all),
        ("amenity", "amenities", params.amenities, params.amenities_all),
        ("label", "labels", params.labels, params.labels_all),
    ):
        codes = sorted(set(_strings(name, values)))
        if codes:
            plan.vocab.append((scheme, codes, bool(all_)))
    communes = _strings("communes", params.communes)
    for insee in communes:
        if not _INSEE.match(insee):
            raise SearchError("communes", _("%(code)r is not an INSEE code") % {"code": insee})
    plan.communes = communes or None
    departments = _strings("departments", params.departments)
    for code in departments:
        if not _DEPARTMENT.match(code):
            raise SearchError(
                "departments", _("%(code)r is not a department code") % {"code": code}
            )
    plan.departments = departments or None
    if params.territory:
        org = Organisation.objects.filter(slug=params.territory).first()
        if org is None:
            raise SearchError(
                "territory", _("unknown organisation %(slug)r") % {"slug": params.territory}
            )
        plan.territory_communes = list(org.communes.values_list("insee", flat=True))
    owners = _strings("owners", params.owners)
    if owners:
        found = dict(Organisation.objects.filter(slug__in=owners).values_list("slug", "id"))
        missing = [slug for slug in owners if slug not in found]
        if missing:
            raise SearchError("owners", _("unknown organisation %(slug)r") % {"slug": missing[0]})
        plan.owner_ids = sorted(found.values())


def _geography(params: SearchParams, plan: Plan) -> None:
    if params.near is not None:
        if len(params.near) != 2:
            raise SearchError("near", _("expected (latitude, longitude)"))
        plan.near = _lat_lon("near", *params.near)
    if params.radius_km is not None:
        radius = _float("radius_km", params.radius_km)
        if radius <= 0 or radius > MAX_RADIUS_KM:
            raise SearchError(
                "radius_km",
                _("the radius must be above 0 and at most %(max)s km") % {"max": MAX_RADIUS_KM},
            )
        if plan.near is None:
            raise SearchError("radius_km", _("a radius needs a centre (near)"))
        plan.radius_km = radius
    if params.bbox is not None:
        if len(params.bbox) != 4:
            raise SearchError("bbox", _("expected (min_lon, min_lat, max_lon, max_lat)"))
        min_lat, min_lon = _lat_lon("bbox", params.bbox[1], params.bbox[0])
        max_lat, max_lon = _lat_lon("bbox", params.bbox[3], params.bbox[2])
        if min_lat > max_lat or min_lon > max_lon:
            raise SearchError("bbox", _("the minimum corner is above the maximum corner"))
        plan.bbox = (min_lon, min_lat, max_lon, max_lat)


def _time(params: SearchParams, plan: Plan) -> None:
    open_on = _date("open_on", params.open_on)
    if open_on:
        plan.open_days = [open_on]
    start, end = _date("open_from", params.open_from), _date("open_to", params.open_to)
    _window("open_from", start, end)
    if start and end and (end - start).days < EXACT_WINDOW_DAYS:
        plan.open_any_day = [
            date.fromordinal(d) for d in range(start.toordinal(), end.toordinal() + 1)
        ]
    elif start or end:
        plan.open_window = (start, end)
    start, end = _date("event_from", params.event_from), _date("event_to", params.event_to)
    _window("event_from", start, end)
    if start or end:
        plan.event_window = (
            start.toordinal() if start else 0,
            end.toordinal() if end else date.max.toordinal(),
        )
    if params.updated_since is not None:
        if not isinstance(params.updated_since, datetime):
            raise SearchError("updated_since", _("expected a date and time"))
        moment = params.updated_since
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        plan.updated_us = micros(moment)
    if params.ids is not None:
        plan.ids = _strings("ids", params.ids)


def _paging(params: SearchParams, plan: Plan) -> None:
    if params.sort not in SORTS:
        raise SearchError(
            "sort",
            _("unknown sort %(sort)r, expected one of %(sorts)s")
            % {"sort": params.sort, "sorts": ", ".join(SORTS)},
        )
    if params.sort == "distance" and plan.near is None:
        raise SearchError("sort", _("sorting by distance needs a centre (near)"))
    sort = params.sort
    if sort == "relevance":
        sort = "rank" if plan.words else ("distance" if plan.near else "name")
    plan.sort = sort
    if not isinstance(params.limit, int) or not 0 <= params.limit <= MAX_LIMIT:
        raise SearchError("limit", _("expected 0 to %(max)s") % {"max": MAX_LIMIT})
    if not isinstance(params.offset, int) or params.offset < 0:
        raise SearchError("offset", _("expected a positive number"))
    plan.limit, plan.offset = params.limit, params.offset
    plan.seed = check_seed("seed", params.seed)
    if params.cursor:
        if params.offset:
            raise SearchError("cursor", _("use either a cursor or an offset, not both"))
        key, object_id, seed = _decode_cursor(params.cursor, sort, params.seed)
        plan.after = (key, object_id)
        plan.seed = seed if plan.seed is None else plan.seed
    if sort == "random" and plan.seed is None:
        plan.seed = random.randrange(1, RANDOM_MODULUS)
    plan.facets = bool(params.facets)
    size = params.facet_size
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_FACET_SIZE:
        raise SearchError("facet_size", _("expected 1 to %(max)s") % {"max": MAX_FACET_SIZE})
    plan.facet_size = size


def make_plan(params: SearchParams) -> Plan:
    plan = Plan()
    _text(params, plan)
    _places(params, plan)
    _geography(params, plan)
    _time(params, plan)
    _paging(params, plan)
    return plan
