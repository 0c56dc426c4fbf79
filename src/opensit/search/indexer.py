"""The index rows of objects, written inside the write transaction (`search.parts`).

The write pipeline hands over the objects of one write (up to an import batch of 500): their
old rows go in a few bulk deletes, and the published ones come back with bulk inserts, so a
batch costs a constant number of queries, not one per object.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from dateutil.rrule import rrulestr
from django.db import connection, transaction

from opensit.catalog import holidays, pipeline
from opensit.catalog.models import TourismObject
from opensit.catalog.types import root_of
from opensit.core import bulk
from opensit.core.logorder import ordered_append
from opensit.search.backends import GeoRow, get_backend, type_tags
from opensit.search.models import (
    SearchCode,
    SearchDocument,
    SearchEntry,
    SearchEventSpan,
    SearchMention,
    SearchOpening,
    SearchTextLog,
)
from opensit.search.prior import index_weight, mention_bonus, prior
from opensit.search.text import document_texts, fold
from opensit.search.textindex import GROUPS, document_body, get_index, log_rows

RANDOM_MODULUS = 2147483647  # a prime: seeded shuffles are permutations modulo it
FAR_PAST = 0
FAR_FUTURE = date.max.toordinal()
ALL_WEEKDAYS = 0b1111111
WEEKDAY_BITS = {
    day: 1 << n for n, day in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
}
# Recurrence rules expand to at most this many dates (a bounded horizon for unending rules).
RRULE_HORIZON = 2000
# Event spans are stored in pieces of at most this many days, so that "happening between two
# dates" reads one short range of the (start_day, end_day) index: the spans that may overlap
# the window start at most SPAN_DAYS - 1 days before it (see `sql.event_window`).
SPAN_DAYS = 8
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
        if closure.get("date"):
            day = _day(closure["date"], FAR_PAST)
            rows.append((entry_id, day, day, ALL_WEEKDAYS, False, 0, 0, True))
        elif closure.get("holiday") in holidays.FIXED:
            month, day = holidays.FIXED[closure["holiday"]]
            md = month * 100 + day
            rows.append((entry_id, FAR_PAST, FAR_FUTURE, ALL_WEEKDAYS, True, md, md, True))
        elif closure.get("holiday"):  # moveable (Easter): the dates of the years around now
            this_year = date.today().year
            for year in range(this_year - 1, this_year + 6):
                day = holidays.holiday_date(closure["holiday"], year).toordinal()
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


def span_pieces(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans cut into pieces of at most `SPAN_DAYS` days (an empty span stays as it is)."""
    out = []
    for start, end in spans:
        while end - start >= SPAN_DAYS:
            out.append((start, start + SPAN_DAYS - 1))
            start += SPAN_DAYS
        out.append((start, end))
    return out


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


def _entry(obj: TourismObject) -> tuple:
    """The `search_entry` row, in the order of `_ENTRY_FIELDS`."""
    return (
        obj.id,
        obj.type,
        obj.type_root or root_of(obj.type),
        obj.owner_id,
        obj.commune_insee,
        obj.department,
        obj.latitude,
        obj.longitude,
        fold(obj.name)[:300],
        micros(obj.updated_at),
        obj.first_date.toordinal() if obj.first_date else None,
        shuffle_key(obj.id),
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
        _log(cursor, log_rows(entry_ids, "del"))
    for model in (SearchCode, SearchOpening, SearchEventSpan, SearchDocument):
        model.objects.filter(entry_id__in=entry_ids).delete()
    SearchEntry.objects.filter(id__in=entry_ids).delete()


@transaction.atomic
def index_objects(objects: Sequence[TourismObject]) -> int:
    """(Re)index the given objects: published ones in, every other status out."""
    latest = list({obj.id: obj for obj in objects}.values())
    for start in range(0, len(latest), 500):
        pipeline.rebuild(["search"], latest[start : start + 500])
    return sum(obj.status == TourismObject.Status.PUBLISHED for obj in latest)


@dataclass
class IndexRows:
    """Everything one published object puts in the index, before its entry has an id: built
    without the database (also in the import's mapping workers), written by `write_rows`."""

    entry: tuple
    codes: list[tuple] = field(default_factory=list)
    openings: list[tuple] = field(default_factory=list)
    spans: list[tuple] = field(default_factory=list)
    body: dict[str, Any] = field(default_factory=dict)  # the text index's fields
    point: tuple[float, float, str] | None = None

    @property
    def object_id(self) -> str:
        return self.entry[0]


_ENTRY_FIELDS = (
    "object_id",
    "type",
    "type_root",
    "owner_id",
    "commune_insee",
    "department",
    "latitude",
    "longitude",
    "name_key",
    "updated_us",
    "first_day",
    "shuffle",
)


def index_rows(obj: TourismObject) -> IndexRows:
    """The index rows of a published object (entry ids are filled in by `write_rows`)."""
    doc = obj.document
    rows = IndexRows(
        entry=_entry(obj),
        codes=[row[1:] for row in _codes(0, doc)],
        openings=[row[1:] for row in opening_rows(0, doc.get("opening") or {})],
        body=text_body(obj),
    )
    if doc.get("event"):
        rows.spans = span_pieces(event_days(doc["event"]))
    if obj.latitude is not None and obj.longitude is not None:
        rows.point = (obj.latitude, obj.longitude, obj.type)
    return rows


def text_body(obj: TourismObject) -> dict[str, Any]:
    """The text index's fields of a published object (`textindex.document_body`)."""
    doc = obj.document
    return document_body(
        document_texts(doc, GROUPS),
        type_tags(obj.type),
        obj.type,
        obj.type_root or root_of(obj.type),
        obj.commune_insee,
        list(dict.fromkeys(doc.get("themes") or [])),
        prior(obj.type, doc),
        place=_place_words(doc),
    )


def _place_words(doc: dict[str, Any]) -> str:
    """The commune and the place's own name ("cathédrale de Tours": Tours is the commune)."""
    location = doc.get("location") or {}
    place_name = location.get("place_name") or {}
    names = place_name.values() if isinstance(place_name, dict) else [str(place_name)]
    return " ".join([(location.get("commune") or {}).get("name", ""), *names]).strip()


def with_prior(body: dict[str, Any], mentions: int) -> dict[str, Any]:
    """The body with its index weight: its own prior and its mentions (`mentions.py`)."""
    body["prior"] = index_weight(body["base_prior"] + mention_bonus(mentions))
    return body


def mention_counts(object_ids: list[str]) -> dict[str, int]:
    return dict(
        SearchMention.objects.filter(object_id__in=object_ids).values_list("object_id", "count")
    )


def write_documents(cursor, documents: list[tuple[int, str]]) -> None:
    """Insert text documents (entry id, JSON body) and log them for the text indexes."""
    bulk.insert_rows(cursor, "search_document", ("entry_id", "body"), documents)
    _log(cursor, log_rows([entry_id for entry_id, _body in documents], "add"))


def _log(cursor, rows: list[tuple[int, str, str]]) -> None:
    """Append to the text index's log, in position order (`core.logorder`)."""
    if rows:
        with ordered_append(cursor.db.alias):
            bulk.insert_rows(cursor, "search_text_log", ("entry_id", "op", "token"), rows)


def write_rows(all_rows: Sequence[IndexRows]) -> None:
    """Insert the entries, read their ids back by object id (unique), then the rest: a
    constant number of executemany calls whatever the number of objects."""
    if not all_rows:
        return
    with connection.cursor() as cursor:
        bulk.insert_rows(cursor, "search_entry", _ENTRY_FIELDS, [r.entry for r in all_rows])
    ids = dict(
        SearchEntry.objects.filter(object_id__in=[r.object_id for r in all_rows]).values_list(
            "object_id", "id"
        )
    )
    codes: list[tuple] = []
    openings: list[tuple] = []
    spans: list[tuple] = []
    documents: list[tuple[int, str]] = []
    geo: list[GeoRow] = []
    mentioned = mention_counts([r.object_id for r in all_rows])
    for rows in all_rows:
        entry_id = ids[rows.object_id]
        with_prior(rows.body, mentioned.get(rows.object_id, 0))
        codes += [(entry_id, *row) for row in rows.codes]
        openings += [(entry_id, *row) for row in rows.openings]
        spans += [(entry_id, *row) for row in rows.spans]
        documents.append((entry_id, json.dumps(rows.body, ensure_ascii=False)))
        if rows.point is not None:
            geo.append(GeoRow(entry_id, *rows.point))
    with connection.cursor() as cursor:
        for table, columns, values in (
            ("search_code", ("entry_id", "scheme", "code"), codes),
            (
                "search_opening",
                (
                    "entry_id",
                    "start_day",
                    "end_day",
                    "weekday_mask",
                    "yearly",
                    "start_md",
                    "end_md",
                    "closed",
                ),
                openings,
            ),
            ("search_event_span", ("entry_id", "start_day", "end_day"), spans),
        ):
            bulk.insert_rows(cursor, table, columns, values)
        write_documents(cursor, documents)
        get_backend().insert(cursor, geo)


def optimize_index() -> None:
    """Compact the engine's text index and refresh statistics: after a reindex, a large
    import or nightly (`opensit search optimize`)."""
    from opensit.search import mentions

    with connection.cursor() as cursor:
        get_backend().optimize(cursor)
    mentions.refresh()
    get_index().optimize()


def clear_index() -> None:
    """Empty every search table; the text log too, so every text index rebuilds."""
    with connection.cursor() as cursor:
        get_backend().clear(cursor)
    for model in (
        SearchCode,
        SearchOpening,
        SearchEventSpan,
        SearchDocument,
        SearchTextLog,
        SearchEntry,
    ):
        model.objects.all().delete()


def rewrite_documents(batch: int = 500) -> int:
    """Rewrite the text documents of the existing entries from their objects (after a change
    of the text fields or of the prior), and log them for the text indexes."""
    entries = dict(SearchEntry.objects.values_list("object_id", "id"))
    ids = list(entries)
    written = 0
    for start in range(0, len(ids), batch):
        objects = TourismObject.objects.filter(id__in=ids[start : start + batch])
        objects = list(objects)
        mentioned = mention_counts([obj.id for obj in objects])
        documents = [
            (
                entries[obj.id],
                json.dumps(
                    with_prior(text_body(obj), mentioned.get(obj.id, 0)), ensure_ascii=False
                ),
            )
            for obj in objects
        ]
        done = [entry_id for entry_id, _body in documents]
        SearchDocument.objects.filter(entry_id__in=done).delete()
        with connection.cursor() as cursor:
            write_documents(cursor, documents)
        written += len(documents)
    return written
