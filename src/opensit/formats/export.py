"""Streaming exports and the nightly dumps.

Objects are read with a server-side iterator in chunks and rendered one by one: memory does not
grow with the size of the catalog. Documents are read as JSON text and parsed with orjson,
which is several times faster than the ORM's JSONField decoding.
"""

import gzip
import hashlib
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson
from django.db import connection
from django.db.models import Case, TextField, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from opensit.catalog.models import TourismObject
from opensit.formats.registry import RENDERERS, get_renderer

CHUNK_SIZE = 2000
INDEX_FILE = "index.json"
PROJECTS_DIR = "projects"


class ExportError(ValueError):
    """A bad export parameter: the message names it."""


def _raw_documents(queryset) -> Iterator[dict[str, Any]]:
    raw = queryset.annotate(raw=Cast("document", TextField())).values_list("raw", flat=True)
    for text in raw.iterator(chunk_size=CHUNK_SIZE):
        yield orjson.loads(text)


def _all_published() -> Iterator[dict[str, Any]]:
    """Every published document by id, read in keyset chunks on the primary key.

    One `WHERE status = ... ORDER BY id` query would let SQLite pick the status index and sort
    the whole table, documents included, in a temporary B-tree (in memory with the project's
    `temp_store=MEMORY`): the export's memory grew with the catalog. `id > last ORDER BY id
    LIMIT n` walks the primary key on both engines; the status is tested per row, and the
    document of an unpublished object is not even converted to text.
    """
    published = TourismObject.Status.PUBLISHED
    raw = Case(When(status=published, then=Cast("document", TextField())), default=Value(None))
    rows = TourismObject.objects.annotate(raw=raw).order_by("id").values_list("id", "raw")
    last = None
    while True:
        chunk = list((rows if last is None else rows.filter(id__gt=last))[:CHUNK_SIZE])
        if not chunk:
            return
        for _object_id, text in chunk:
            if text is not None:
                yield orjson.loads(text)
        last = chunk[-1][0]


@contextmanager
def _no_sqlite_mmap() -> Iterator[None]:
    """SQLite's memory map (settings: 256 MB) would count a whole-table scan in the export's
    resident memory; a streaming read does not need it."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        row = cursor.execute("PRAGMA mmap_size").fetchone()
        if row is not None:  # an in-memory database has no map
            cursor.execute("PRAGMA mmap_size=0")
    if row is None:
        yield
        return
    size = row[0]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size={int(size)}")


def published_documents(ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """The stored documents of published objects (all of them, or those of `ids`), by id."""
    with _no_sqlite_mmap():
        yield from _published_documents(ids)


def _published_documents(ids: Iterable[str] | None) -> Iterator[dict[str, Any]]:
    if ids is None:
        yield from _all_published()
        return
    published = TourismObject.objects.filter(status=TourismObject.Status.PUBLISHED)
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), CHUNK_SIZE):
        chunk = wanted[start : start + CHUNK_SIZE]
        yield from _raw_documents(published.filter(id__in=chunk).order_by("id"))


def scope_ids(selection: str | None = None, project: str | None = None) -> set[str] | None:
    """The ids a selection or a project's scope holds; None means the whole public catalog."""
    if not selection and not project:
        return None
    try:
        from opensit.diffusion.models import DiffusionProject, Selection
        from opensit.diffusion.selections import evaluate, project_scope
    except ImportError as exc:  # the diffusion app is not installed
        raise ExportError(_("Selections and projects need the diffusion app.")) from exc
    ids: set[str] | None = None
    if selection:
        found = Selection.objects.filter(slug=selection).first()
        if found is None:
            raise ExportError(_("Unknown selection %(slug)r (--selection).") % {"slug": selection})
        ids = set(evaluate(found))
    if project:
        lookup = {"pk": int(project)} if project.isdigit() else {"name": project}
        found_project = DiffusionProject.objects.filter(**lookup).first()
        if found_project is None:
            raise ExportError(_("Unknown project %(name)r (--project).") % {"name": project})
        scope = project_scope(found_project)
        if scope is not None:
            ids = scope if ids is None else ids & scope
    return ids


@dataclass
class ExportResult:
    format: str
    objects: int
    bytes: int
    seconds: float = 0.0


class _Counted:
    """Counts the documents read, whichever renderer skips some of them."""

    def __init__(self, documents: Iterable[dict[str, Any]]):
        self.documents, self.count = documents, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for document in self.documents:
            self.count += 1
            yield document


def write_export(
    format: str,
    out: IO[bytes],
    *,
    lang: str | None = None,
    ids: Iterable[str] | None = None,
    documents: Iterable[dict[str, Any]] | None = None,
) -> ExportResult:
    """Stream the published objects (or `documents`) in `format` to `out`."""
    renderer = get_renderer(format)
    started = time.perf_counter()
    counted = _Counted(published_documents(ids) if documents is None else documents)
    size = 0
    for chunk in renderer.render_stream(counted, lang):
        out.write(chunk)
        size += len(chunk)
    return ExportResult(format, counted.count, size, time.perf_counter() - started)


class _HashingWriter:
    def __init__(self, out: IO[bytes]):
        self.out, self.hash, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        self.size += len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def write_dumps(
    output_dir: Path,
    *,
    ids: Iterable[str] | None = None,
    formats: Iterable[str] | None = None,
    lang: str | None = None,
) -> dict:
    """One gzip file per format, an `.etag` sidecar each and `index.json` listing them.

    gzip is written with no timestamp, so an unchanged catalog gives byte-identical files and
    the same ETag. Each file is written beside its final name then renamed: a reader never sees
    a half-written dump.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    wanted = None if ids is None else sorted(set(ids))
    entries = []
    for name in formats or RENDERERS:
        renderer = get_renderer(name)
        final = output_dir / f"opensit.{renderer.extension}.gz"
        partial = final.with_name(final.name + ".partial")
        with partial.open("wb") as raw:
            hashing = _HashingWriter(raw)
            with gzip.GzipFile(fileobj=hashing, mode="wb", mtime=0, filename="") as zipped:
                result = write_export(name, zipped, lang=lang, ids=wanted)
        os.replace(partial, final)
        etag = f'"{hashing.hash.hexdigest()[:32]}"'
        final.with_name(final.name + ".etag").write_text(etag + "\n")
        entries.append(
            {
                "format": name,
                "file": final.name,
                "media_type": renderer.media_type,
                "content_encoding": "gzip",
                "etag": etag,
                "bytes": hashing.size,
                "uncompressed_bytes": result.bytes,
                "objects": result.objects,
            }
        )
    index = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"), "files": entries}
    partial_index = output_dir / (INDEX_FILE + ".partial")
    partial_index.write_bytes(orjson.dumps(index, option=orjson.OPT_INDENT_2))
    os.replace(partial_index, output_dir / INDEX_FILE)
    return index


def project_dump_dir(output_dir: Path, project_id: int) -> Path:
    """Where the dumps of a project reading only some selections live."""
    return output_dir / PROJECTS_DIR / str(project_id)


def nightly(
    output_dir: Path,
    *,
    formats: Iterable[str] | None = None,
    lang: str | None = None,
    projects: bool = True,
) -> dict:
    """The dumps of the whole public catalog in `output_dir`, and, with `projects`, those of
    every active project whose scope is some selections in `projects/<id>/` (the diffusion API
    serves each project its own). Folders of projects no longer scoped are removed."""
    index = write_dumps(output_dir, formats=formats, lang=lang)
    if not projects:
        return index
    try:
        from opensit.diffusion.models import DiffusionProject
        from opensit.diffusion.selections import project_scope
    except ImportError:  # the diffusion app is not installed
        return index
    scoped = DiffusionProject.objects.filter(
        status=DiffusionProject.Status.ACTIVE, scope=DiffusionProject.Scope.SELECTIONS
    ).order_by("pk")
    written = set()
    index["projects"] = {}
    for project in scoped:
        target = project_dump_dir(output_dir, project.pk)
        sub = write_dumps(target, ids=project_scope(project) or set(), formats=formats, lang=lang)
        index["projects"][str(project.pk)] = sub["files"]
        written.add(target.name)
    root = output_dir / PROJECTS_DIR
    if root.is_dir():
        for folder in root.iterdir():
            if folder.is_dir() and folder.name.isdigit() and folder.name not in written:
                shutil.rmtree(folder)
    return index
