"""The one step that writes tourism objects: `commit(actor, changes, action=...)`.

The services decide (rights, rules, conflicts) and hand their changes to `commit`, which bumps
the version, refreshes the projection, saves the objects and writes everything derived from
them, in the caller's transaction. Nothing else saves a tourism object.

What is derived from an object (its revision, search entry, public forms and feed entry,
quality, duplicate keys) is a registered `Part`, from the app that owns the table:

- `rows(obj, context)` builds the object's rows without the database, so that an import's
  mapping workers build them beside the writer (`stage_new`);
- `replace(ids, rows)` puts those rows in place of whatever the objects had, in the write
  transaction.

A single edit and a 100,000-object import go through the same two functions, so there is no
second writer to keep equal. A new derived table (a sites cache, a marketplace or observatory
counter) registers a part in its app's `ready()` and touches nothing here.

History: a revision per version is the internal history (who, when, why, the whole document);
the public change feed is the diffusion part's projection of it (`diffusion.FeedEntry`), with
only what changes the public state.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.utils import timezone, translation

from opensit.catalog import projection
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import Revision, TourismObject
from opensit.catalog.ownership import fields_of
from opensit.catalog.sanitize import sanitise
from opensit.core import bulk
from opensit.core.audit import log_action
from opensit.core.audit_types import CATALOG_WRITES
from opensit.core.identifiers import make_slug, new_object_id, source_object_id
from opensit.core.langtext import pick
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

Status = TourismObject.Status
WRITE_CHUNK = 500


@dataclass
class Context:
    """What a part's `rows` may read: picklable, built once per commit (or per import run)."""

    actor: Actor
    action: str  # the revision's action: create, update, publish, import...
    comment: str = ""
    now: datetime = field(default_factory=timezone.now)
    today: date | None = None
    language: str | None = None  # messages stored with the rows speak the writer's language
    owner: Organisation | None = None  # of the new objects an import's workers stage
    status: str = Status.PUBLISHED  # idem
    extras: dict[str, Any] = field(default_factory=dict)  # what the parts' `context` read


@dataclass(frozen=True)
class Part:
    """A table (or group of tables) derived from each written object.

    `context(objects)` runs once per commit in the writing process and returns what `rows`
    needs from the database (into `Context.extras`); `objects` is None for an import run,
    whose objects are not known yet.
    """

    name: str
    rows: Callable[[TourismObject, Context], Any]
    replace: Callable[[list[str], list[Any]], None]
    context: Callable[[Sequence[TourismObject] | None], dict[str, Any]] | None = None


PARTS: dict[str, Part] = {}


def register(part: Part) -> None:
    PARTS[part.name] = part


@dataclass
class Change:
    """One object to write. An existing object gets a new version of `document` (None: its
    document as it is, restamped after a change of status or owner); a new one (from
    `new_object`) is written as it is."""

    obj: TourismObject
    document: TourismDocument | None = None


@dataclass
class Staged:
    """An object's rows, ready to write: its own row and each part's."""

    object_id: str
    object_row: tuple
    rows: dict[str, Any]
    document_json: str = ""  # the stored document, the same text as in the object's row


# -- building objects ---------------------------------------------------------------------------


def validate(document: TourismDocument | dict[str, Any]) -> TourismDocument:
    """Validated and sanitised: rich texts keep only the allowed HTML."""
    if not isinstance(document, TourismDocument):
        document = TourismDocument.model_validate(document)
    return sanitise(document)


def stamp(obj: TourismObject, doc: TourismDocument) -> TourismDocument:
    """Write the storage-owned identity fields into the document."""
    return doc.model_copy(
        update={
            "id": obj.id,
            "slug": obj.slug,
            "status": obj.status,
            "owner": obj.owner.slug if obj.owner_id else "",
            "created_at": obj.created_at,
            "updated_at": obj.updated_at,
        }
    )


def new_object(
    document: TourismDocument | dict[str, Any],
    owner: Organisation | None,
    status: str,
    actor: Actor,
) -> TourismObject:
    """An unsaved object at version 1; an import's object records the fields its source owns."""
    doc = validate(document)
    now = timezone.now()
    if doc.source and not doc.id:
        object_id = source_object_id(doc.source.system, doc.source.id)
    else:
        object_id = doc.id or new_object_id()
    obj = TourismObject(
        id=object_id,
        slug=make_slug(pick(doc.name, "fr"), object_id),
        status=status,
        owner=owner,
        created_at=doc.created_at or now,
        updated_at=now,
        version=1,
    )
    projection.apply(obj, stamp(obj, doc))
    if actor.origin == "import" and obj.source_system:
        obj.source_fields = fields_of(obj.document)
    return obj


# -- staging and writing ------------------------------------------------------------------------


def context(
    actor: Actor,
    action: str,
    comment: str = "",
    *,
    objects: Sequence[TourismObject] | None = None,
    owner: Organisation | None = None,
    status: str = Status.PUBLISHED,
    names: Iterable[str] | None = None,
) -> Context:
    """The context of a commit (`objects`), or of an import run (None); `names` limits it to
    those parts."""
    extras: dict[str, Any] = {}
    parts = PARTS.values() if names is None else [PARTS[name] for name in names]
    for part in parts:
        if part.context is not None:
            extras.update(part.context(objects))
    now = timezone.now()
    return Context(
        actor,
        action,
        comment,
        now,
        timezone.localdate(now),
        translation.get_language(),
        owner,
        status,
        extras,
    )


def stage(obj: TourismObject, ctx: Context) -> Staged:
    """The rows of `obj`, without the database."""
    with translation.override(ctx.language):
        rows = {name: part.rows(obj, ctx) for name, part in PARTS.items()}
    return Staged(
        obj.id,
        bulk.row_plan(TourismObject, "id").row(obj),
        rows,
        obj._json_cache["document"][1],
    )


def stage_new(document: TourismDocument | dict[str, Any], ctx: Context) -> Staged:
    """A new object's rows, in an import's mapping worker (validated and sanitised here)."""
    return stage(
        new_object(document, ctx.owner or ctx.actor.organisation, ctx.status, ctx.actor), ctx
    )


def write(staged: Sequence[Staged]) -> None:
    """Save the objects and replace their derived rows, `WRITE_CHUNK` objects at a time (the
    parts' queries stay within the databases' parameter limits); the caller holds the
    transaction."""
    for start in range(0, len(staged), WRITE_CHUNK):
        chunk = staged[start : start + WRITE_CHUNK]
        bulk.execute(bulk.row_plan(TourismObject, "id"), [item.object_row for item in chunk])
        ids = [item.object_id for item in chunk]
        for name, part in PARTS.items():
            part.replace(ids, [item.rows[name] for item in chunk])


def commit(
    actor: Actor,
    changes: Iterable[Change],
    *,
    action: str,
    comment: str = "",
    audited: bool = True,
    **details: Any,
) -> list[TourismObject]:
    """Write the changed objects: a new version each, saved with everything derived from them.

    The caller holds the transaction and has checked the actor's rights (the services do).
    A write of one object gets one audit entry (`details` go with it) unless `audited` is
    False (imports, which have their run's log).
    """
    now = timezone.now()
    objects: list[TourismObject] = []
    for change in changes:
        obj = change.obj
        if not obj._state.adding:
            obj.updated_at = now
            obj.version += 1
            document = change.document
            if document is None:
                document = TourismDocument.model_validate(obj.document)
            projection.apply(obj, stamp(obj, document))
        elif change.document is not None:
            projection.apply(obj, stamp(obj, validate(change.document)))
        objects.append(obj)
    if not objects:
        return objects
    ctx = context(actor, action, comment, objects=objects)
    write([stage(obj, ctx) for obj in objects])
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    if audited and len(objects) == 1:
        log_action(actor, CATALOG_WRITES[action], objects[0].id, comment=comment, **details)
    return objects


def rebuild(names: Iterable[str], objects: Sequence[TourismObject]) -> None:
    """Write again the named parts of `objects` (a reindex, a quality refresh), as a commit
    would, without a new version."""
    if not objects:
        return
    names = list(names)
    ctx = context(Actor.system(), "rebuild", objects=objects, names=names)
    parts = [PARTS[name] for name in names]
    for start in range(0, len(objects), WRITE_CHUNK):
        chunk = objects[start : start + WRITE_CHUNK]
        ids = [obj.id for obj in chunk]
        for part in parts:
            part.replace(ids, [part.rows(obj, ctx) for obj in chunk])


# -- the revision: the object's internal history ------------------------------------------------


def _revision_rows(obj: TourismObject, ctx: Context) -> tuple:
    """The row of the object's new revision (a namespace, not a model: built in a fraction of
    the time); it shares the object's encoded document."""
    actor = ctx.actor
    revision = SimpleNamespace(
        object_id=obj.id,
        number=obj.version,
        document=obj.document,
        author_id=actor.user.pk if actor.user is not None else None,
        organisation_id=actor.organisation.pk if actor.organisation is not None else None,
        origin=actor.origin,
        action=ctx.action,
        comment=ctx.comment,
        created_at=obj.updated_at,
        _json_cache=obj._json_cache,
    )
    return bulk.row_plan(Revision).row(revision)


def _add_revisions(ids: list[str], rows: list[tuple]) -> None:
    bulk.execute(bulk.row_plan(Revision), rows)


register(Part("revision", _revision_rows, _add_revisions))
