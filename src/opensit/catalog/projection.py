"""Projection columns: what is filtered, joined or sorted, derived from the document."""

import hashlib
from datetime import date, datetime

import orjson
from dateutil.rrule import rrulestr

from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject
from opensit.catalog.types import root_of
from opensit.core.langtext import pick
from opensit.network.models import department_of

# Fields owned by the storage, not by the content: a change in them alone is not an update.
VOLATILE_FIELDS = ("id", "slug", "created_at", "updated_at", "status", "owner", "coeditors")

RRULE_EXPANSION_LIMIT = 2000


def content_hash(doc: TourismDocument) -> str:
    data = doc.model_dump(mode="json", exclude_defaults=True, exclude=set(VOLATILE_FIELDS))
    return _hash(data)


def _hash(content: dict) -> str:
    return hashlib.sha1(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()


def event_bounds(doc: TourismDocument) -> tuple[date | None, date | None]:
    """First and last day the event takes place, from occurrences and recurrence rules."""
    if doc.event is None:
        return None, None
    days: list[date] = []
    for occ in doc.event.occurrences:
        days.append(occ.start_date)
        days.append(occ.end_date or occ.start_date)
    for rec in doc.event.recurrences:
        rule = rrulestr(rec.rrule, dtstart=datetime.combine(rec.start_date, datetime.min.time()))
        dates = [dt.date() for _, dt in zip(range(RRULE_EXPANSION_LIMIT), rule, strict=False)]
        dates = [d for d in dates if d not in rec.exdates]
        if dates:
            days.extend((dates[0], dates[-1]))
    if not days:
        return None, None
    return min(days), max(days)


def apply(obj: TourismObject, doc: TourismDocument) -> None:
    """Copy the document and its projections onto the row (no save)."""
    obj.type = doc.type
    obj.type_root = root_of(doc.type)
    obj.name = pick(doc.name, "fr")[:300]
    loc = doc.location
    obj.commune_insee = loc.commune.insee if loc.commune else ""
    obj.department = department_of(obj.commune_insee)
    obj.latitude = loc.latitude
    obj.longitude = loc.longitude
    obj.first_date, obj.last_date = event_bounds(doc)
    if doc.source:
        obj.source_system, obj.source_id = doc.source.system, doc.source.id
    # One dump serves both the hash and the stored document (the same values as
    # content_hash(doc) and doc.to_json(), at half the cost on the import path).
    data = doc.model_dump(mode="json", exclude_defaults=True)
    obj.content_hash = _hash({k: v for k, v in data.items() if k not in VOLATILE_FIELDS})
    text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    obj.document = data  # already plain JSON values (mode="json")
    # The bulk write path stores these bytes for the object and its revision (core.bulk).
    obj._json_cache = {"document": (data, text.decode())}
