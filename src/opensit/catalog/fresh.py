"""Creating many new objects at once, the import's fast path.

A new object's rows (the object, its first revision, its change-log entry) and the rows derived
from it (public renderings, quality, search index...) depend only on its document and on a little
shared context (the owner, the time, the commune centroids). `prepare` builds them all as plain
tuples, without touching the database, so that the import's mapping workers do this work beside
the process that writes; `write` then inserts a whole batch with one executemany per table.

Derived tables take part by registering a `FreshPart` (in their app's `ready`). The general write
path (`objects_written`) stays the reference: a receiver of it that has a fresh part returns
early when the signal says `fresh=True`; any other receiver runs as for any write, so a new
derived table is never forgotten, only slower until it registers a part.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from types import SimpleNamespace
from typing import Any

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Change, Revision, TourismObject
from opensit.catalog.ownership import fields_of
from opensit.catalog.recording import new_object, validate
from opensit.catalog.signals import objects_written
from opensit.core import bulk
from opensit.network.models import Organisation
from opensit.network.permissions import Actor, can_create, require


@dataclass
class FreshContext:
    """What `prepare` may read: picklable, built once per run by `context`."""

    actor: Actor
    owner: Organisation | None
    status: str
    now: datetime
    today: date
    language: str | None = None  # messages stored with the rows speak the writer's language
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass
class FreshPart:
    """A table (or group of tables) filled for each new object.

    `prepare(obj, context)` runs anywhere (no database) and returns a picklable payload;
    `write(payloads)` runs in the write transaction; `context()` runs once per run in the
    process that writes and returns what `prepare` needs from the database (in `extras`);
    `clear(object_ids)` removes rows a hard-deleted object may have left behind (derived
    tables keyed by object id without a foreign key), as the general write path does.
    """

    name: str
    prepare: Callable[[TourismObject, FreshContext], Any]
    write: Callable[[list[Any]], None]
    context: Callable[[], dict[str, Any]] | None = None
    clear: Callable[[list[str]], None] | None = None


PARTS: dict[str, FreshPart] = {}


def register(part: FreshPart) -> None:
    PARTS[part.name] = part


@dataclass
class FreshObject:
    """A new object ready to write: its id and each part's payload."""

    object_id: str
    payloads: dict[str, Any]
    document_json: str = ""  # the stored document (the same text as in the object's row)


def context(actor: Actor, owner: Organisation | None, status: str) -> FreshContext:
    extras: dict[str, Any] = {}
    for part in PARTS.values():
        if part.context is not None:
            extras.update(part.context())
    now = timezone.now()
    today = timezone.localdate(now)
    return FreshContext(actor, owner, status, now, today, translation.get_language(), extras)


def prepare(document: TourismDocument, ctx: FreshContext) -> FreshObject:
    """Every row of the new object `document` (validated and sanitised here)."""
    obj = new_object(validate(document), ctx.owner or ctx.actor.organisation, ctx.status)
    if ctx.actor.origin == "import" and obj.source_system:
        obj.source_fields = fields_of(obj.document)
    with translation.override(ctx.language):
        payloads = {name: part.prepare(obj, ctx) for name, part in PARTS.items()}
    return FreshObject(obj.id, payloads, obj._json_cache["document"][1])


def write(actor: Actor, fresh: Sequence[FreshObject]) -> None:
    """Insert the prepared objects and their derived rows; the caller holds the transaction."""
    require(can_create(actor), _("You may not create objects."))
    if not fresh:
        return
    ids = [item.object_id for item in fresh]
    for part in PARTS.values():
        if part.clear is not None:
            part.clear(ids)
    for name, part in PARTS.items():
        part.write([item.payloads[name] for item in fresh])
    objects_written.send(sender=TourismObject, objects=LazyObjects(ids), fresh=True)


class LazyObjects(Sequence):
    """The written objects, loaded from the database only if a receiver looks at them."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self._objects: list[TourismObject] | None = None

    def _load(self) -> list[TourismObject]:
        if self._objects is None:
            found = TourismObject.objects.select_related("owner").in_bulk(self.ids)
            self._objects = [found[pk] for pk in self.ids if pk in found]
        return self._objects

    def __len__(self) -> int:
        return len(self._load())

    def __getitem__(self, index):  # type: ignore[override]
        return self._load()[index]

    def __iter__(self) -> Iterator[TourismObject]:
        return iter(self._load())


@cache
def row_plan(model: type[models.Model], upsert_on: str = "") -> bulk.RowPlan:
    """The insert plan of a model, once per process (it depends on the database vendor)."""
    if not upsert_on:
        return bulk.plan(model)
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key or not isinstance(f, models.AutoField)
    ]
    return bulk.plan(
        model, conflict=[upsert_on], update=[name for name in fields if name != upsert_on]
    )


# -- the object itself, its first revision and its change-log entry ---------------------------


def _prepare_catalog(obj: TourismObject, ctx: FreshContext) -> tuple[tuple, tuple, tuple]:
    """The rows `recording.revision` and `recording.change` would give, without building
    model instances (a third of this step's cost)."""
    actor = ctx.actor
    rev = SimpleNamespace(
        object_id=obj.id,
        number=obj.version,
        document=obj.document,
        author_id=actor.user.pk if actor.user is not None else None,
        organisation_id=actor.organisation.pk if actor.organisation is not None else None,
        origin=actor.origin,
        action="import" if actor.origin == "import" else "save",
        comment="",
        created_at=obj.updated_at,
        _json_cache=obj._json_cache,  # the same document text for both rows
    )
    entry = SimpleNamespace(
        object_id=obj.id,
        action=Change.Action.CREATED,
        object_type=obj.type,
        updated_at=obj.updated_at,
    )
    return (
        row_plan(TourismObject).row(obj),
        row_plan(Revision).row(rev),
        row_plan(Change).row(entry),
    )


def _write_catalog(payloads: list[tuple[tuple, tuple, tuple]]) -> None:
    bulk.execute(row_plan(TourismObject), [p[0] for p in payloads])
    bulk.execute(row_plan(Revision), [p[1] for p in payloads])
    bulk.execute(row_plan(Change), [p[2] for p in payloads])


register(FreshPart("catalog", _prepare_catalog, _write_catalog))
