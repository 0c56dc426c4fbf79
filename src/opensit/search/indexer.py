"""Keeps the index in step with the catalog, inside the write transaction.

`objects_written` hands over the objects of one write (up to an import batch of 500): their old
rows go in a few bulk deletes, and the published ones come back with bulk inserts, so a batch
costs a constant number of queries, not one per object.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from dateutil.rrule import rrulestr
from django.db import connection, transaction

from opensit.catalog.models import TourismObject
from opensit.catalog.types import root_of
from opensit.core import bulk
from opensit.search.backends import GeoRow, TextRow, get_backend
from opensit.search.models import SearchCode, SearchEntry, SearchEventSpan, SearchOpening
from opensit.search.text import document_texts, fold

RANDOM_MODULUS = 2147483647  # a prime: seeded shuffles are permutations modulo it
FAR_PAST = 0
FAR_FUTURE = date.max.toordinal()
ALL_WEEKDAYS = 0b1111111
WEEKDAY_BITS = {
    day: 1 << n for n, day in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
}
# Recurrence rules expand to at most this many dates (a bounded horizon for unending rules).
RRULE_HORIZON = 2000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def on_objects_written(sender: Any, objects: Sequence[TourismObject], **kwargs: Any) -> None:
    index_objects(objects)


def shuffle_key(object_id: str) -> int:
    return int(hashlib.sha1(object_id.encode()).hexdigest()[:8], 16) % RANDOM_MODULUS


def micros(moment: datetime) -> int:
    delta = moment - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def _day(value: str | None, default: int) -> int:
    return date.fromisoformat(value).toordinal() if value else default


def _md(value: str) -> int:
    parsed = date.fromisoformat(value)
    return parsed.month * 100 + parsed.day


def _mask(weekdays: Iterable[str]) -> int:
    mask = 0
    for day in weekdays:
        mask |= WEEKDAY_BITS.get(day, 0)
    return mask or ALL_WEEKDAYS


def opening_rows(entry_id: int, opening: Mapping[str, Any]) -> list[tuple]:
    """Rows of `search_opening`: (entry, start, end, mask, yearly, start_md, end_md, closed)."""
    rows = []
    for period in opening.get("periods") or []:
        start, end = period.get("start"), period.get("end")
        yearly = bool(period.get("recurs_yearly")) and bool(start and end)
        rows.append(
            (
                entry_id,
                _day(start, FAR_PAST),
                _day(end, FAR_FUTURE),
                _mask(period.get("weekdays") or ()),
                yearly,
                _md(start) if yearly else 0,
                _md(end) if yearly else 0,
                bool(period.get("closed")),
            )
        )
    for closure in opening.get("closures") or []:
        day = _day(closure["date"], FAR_PAST)
        rows.append((entry_id, day, day, ALL_WEEKDAYS, False, 0, 0, True))
    return rows


def event_days(event: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Day spans of an event: occurrences as they are, recurrence dates merged into runs."""
    spans = [
        (_day(occ["start_date"], FAR_PAST), _day(occ.get("end_date") or occ["start_date"], 0))
        for occ in event.get("occurrences") or []
    ]
    days: set[int] = set()
    for rec in event.get("recurrences") or []:
        start = datetime.fromisoformat(rec["start_date"])
        excluded = {_day(d, 0) for d in rec.get("exdates") or []}
        rule = rrulestr(rec["rrule"], dtstart=start)
        for n, moment in enumerate(rule):
            if n >= RRULE_HORIZON:
                break
            day = moment.toordinal()
            if day not in excluded:
                days.add(day)
    run_start = previous = None
    for day in sorted(days):
        if previous is not None and day == previous + 1:
            previous = day
            continue
        if run_start is not None:
            spans.append((run_start, previous))
        run_start = previous = day
    if run_start is not None:
        spans.append((run_start, previous))
    return spans


def _codes(entry_id: int, doc: Mapping[str, Any]) -> list[tuple[int, str, str]]:
    wanted = {
        "theme": doc.get("themes") or [],
        "amenity": doc.get("amenities") or [],
        "label": [*(doc.get("labels") or []), *(doc.get("classifications") or [])],
    }
    return [
        (entry_id, scheme, code)
        for scheme, codes in wanted.items()
        for code in dict.fromkeys(codes)
    ]


def _entry(obj: TourismObject) -> SearchEntry:
    return SearchEntry(
        object_id=obj.id,
        type=obj.type,
        type_root=obj.type_root or root_of(obj.type),
        owner_id=obj.owner_id,
        commune_insee=obj.commune_insee,
        department=obj.department,
        latitude=obj.latitude,
        longitude=obj.longitude,
        name_key=fold(obj.name)[:300],
        updated_us=micros(obj.updated_at),
        first_day=obj.first_date.toordinal() if obj.first_date else None,
        shuffle=shuffle_key(obj.id),
    )


def remove(object_ids: Sequence[str]) -> None:
    backend = get_backend()
    entry_ids = list(
        SearchEntry.objects.filter(object_id__in=object_ids).values_list("id", flat=True)
    )
    if not entry_ids:
        return
    with connection.cursor() as cursor:
        backend.delete(cursor, entry_ids)
    for model in (SearchCode, SearchOpening, SearchEventSpan):
        model.objects.filter(entry_id__in=entry_ids).delete()
    SearchEntry.objects.filter(id__in=entry_ids).delete()


@transaction.atomic
def index_objects(objects: Sequence[TourismObject]) -> int:
    """(Re)index the given objects: published ones in, every other status out."""
    latest = {obj.id: obj for obj in objects}
    ids = list(latest)
    for start in range(0, len(ids), 500):
        remove(ids[start : start + 500])
    published = [obj for obj in latest.values() if obj.status == TourismObject.Status.PUBLISHED]
    for start in range(0, len(published), 500):
        _insert(published[start : start + 500])
    return len(published)


def _insert(objects: Sequence[TourismObject]) -> None:
    """Plain executemany rows; the entries' ids are read back by object id (unique)."""
    entries = [_entry(obj) for obj in objects]
    bulk.insert(SearchEntry, entries)
    ids = dict(
        SearchEntry.objects.filter(object_id__in=[e.object_id for e in entries]).values_list(
            "object_id", "id"
        )
    )
    for entry in entries:
        entry.id = ids[entry.object_id]
    codes: list[tuple] = []
    openings: list[tuple] = []
    spans: list[tuple] = []
    texts: list[TextRow] = []
    geo: list[GeoRow] = []
    for obj, entry in zip(objects, entries, strict=True):
        doc = obj.document
        codes += _codes(entry.id, doc)
        openings += opening_rows(entry.id, doc.get("opening") or {})
        if doc.get("event"):
            spans += [(entry.id, start, end) for start, end in event_days(doc["event"])]
        texts.append(TextRow(entry.id, document_texts(doc)))
        if obj.latitude is not None and obj.longitude is not None:
            geo.append(GeoRow(entry.id, obj.latitude, obj.longitude, obj.type))
    with connection.cursor() as cursor:
        for sql, rows in (
            ("INSERT INTO search_code (entry_id, scheme, code) VALUES (%s, %s, %s)", codes),
            (
                "INSERT INTO search_opening (entry_id, start_day, end_day, weekday_mask, yearly,"
                " start_md, end_md, closed) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                openings,
            ),
            (
                "INSERT INTO search_event_span (entry_id, start_day, end_day) VALUES (%s, %s, %s)",
                spans,
            ),
        ):
            if rows:
                cursor.executemany(sql, rows)
        get_backend().insert(cursor, texts, geo)


def clear_index() -> None:
    with connection.cursor() as cursor:
        get_backend().clear(cursor)
    for model in (SearchCode, SearchOpening, SearchEventSpan, SearchEntry):
        model.objects.all().delete()
