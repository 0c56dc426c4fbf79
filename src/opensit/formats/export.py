"""Streaming exports and the dumps of a set of objects.

Objects are read with a server-side iterator in chunks and rendered one by one: memory does not
grow with the size of the catalog. Documents are read as JSON text and parsed with orjson,
which is several times faster than the ORM's JSONField decoding. An object a renderer cannot
render is skipped, logged and counted (`formats.safety`); the export goes on. Dumps are
written atomically per format (`write_dumps`). Which objects a selection or a project reads,
and the nightly run over every project, belong to the diffusion app (`diffusion.nightly`).
"""

import gzip
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson
from django.db.models import Case, TextField, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from opensit.catalog.models import TourismObject
from opensit.core import sqlite
from opensit.core.routers import reading
from opensit.formats.registry import RENDERERS, get_renderer
from opensit.formats.safety import RenderReport

CHUNK_SIZE = 2000


class ExportError(ValueError):
    """A bad export parameter: the message names it."""


def _document(object_id: str, text: str) -> dict[str, Any]:
    """The stored document, carrying its object's id: a document broken past validation is
    then skipped and logged by that id. One that is not even an object becomes an empty
    document of that id, which no renderer accepts."""
    document = orjson.loads(text)
    if not isinstance(document, dict):
        return {"id": object_id}
    if not document.get("id"):
        document["id"] = object_id
    return document


def _raw_documents(queryset) -> Iterator[dict[str, Any]]:
    raw = queryset.annotate(raw=Cast("document", TextField())).values_list("id", "raw")
    for object_id, text in raw.iterator(chunk_size=CHUNK_SIZE):
        yield _document(object_id, text)


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
        for object_id, text in chunk:
            if text is not None:
                yield _document(object_id, text)
        last = chunk[-1][0]


def published_documents(ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """The stored documents of published objects (all of them, or those of `ids`), by id."""
    with sqlite.no_mmap(reading()):
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


@dataclass
class ExportResult:
    format: str
    objects: int
    """Objects read and rendered (or left out by the format, as non-events in iCalendar)."""
    bytes: int
    seconds: float = 0.0
    skipped: int = 0
    """Objects that could not be rendered: logged with their id, left out."""
    skipped_ids: list[str] = field(default_factory=list)
    written: int = 0
    """What the file holds, counted in `unit`: GPX tracks, iCalendar VEVENTs, CSV rows..."""
    unit: str = "objects"


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
    dialect: str | None = None,
) -> ExportResult:
    """Stream the published objects (or `documents`) in `format` to `out`; an object that
    cannot be rendered is skipped and counted in the result, with what was written. `dialect`
    is a variant of the format (`Renderer.dialects`: the CSV's `excel-fr`)."""
    renderer = get_renderer(format)
    options = {}
    if dialect is not None:
        if dialect not in renderer.dialects:
            raise ExportError(
                _("The %(format)s format has no dialect %(dialect)r.")
                % {"format": format, "dialect": dialect}
            )
        options["dialect"] = dialect
    started = time.perf_counter()
    counted = _Counted(published_documents(ids) if documents is None else documents)
    report = RenderReport()
    size = 0
    for chunk in renderer.render_stream(counted, lang, report=report, **options):
        out.write(chunk)
        size += len(chunk)
    return ExportResult(
        format,
        objects=counted.count - report.skipped,
        bytes=size,
        seconds=time.perf_counter() - started,
        skipped=report.skipped,
        skipped_ids=report.skipped_ids,
        written=report.written,
        unit=renderer.unit,
    )


# -- nightly dumps ------------------------------------------------------------------------------

INDEX_FILE = "index.json"
TEMP_PREFIX = ".opensit-"
logger = logging.getLogger("opensit.formats")


class _HashingWriter:
    def __init__(self, out: IO[bytes]):
        self.out, self.hash, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        self.size += len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def _etag(digest: str) -> str:
    return f'"{digest[:32]}"'


def _file_etag(path: Path) -> str | None:
    """The ETag of the bytes `path` holds now (None when it is missing)."""
    try:
        with path.open("rb") as handle:
            return _etag(hashlib.file_digest(handle, "sha256").hexdigest())
    except FileNotFoundError:
        return None


def _replace_atomically(path: Path, data: bytes) -> None:
    """Write beside `path`, then rename: a reader sees the old bytes or the new, never half."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _read_index(output_dir: Path) -> dict[str, dict[str, Any]]:
    """The previous run's entries by format (empty when there is none or it is unreadable)."""
    try:
        index = orjson.loads((output_dir / INDEX_FILE).read_bytes())
        generated = index.get("generated_at", "")
        return {
            e["format"]: {**e, "generated_at": e.get("generated_at") or generated}
            for e in index.get("files", [])
        }
    except (OSError, orjson.JSONDecodeError, AttributeError, KeyError, TypeError):
        return {}


def _write_index(output_dir: Path, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """index.json, rewritten only when what it says changed."""
    generated = max((e["generated_at"] for e in entries), default="")
    index = {"generated_at": generated, "files": entries}
    data = orjson.dumps(index, option=orjson.OPT_INDENT_2)
    path = output_dir / INDEX_FILE
    try:
        unchanged = path.read_bytes() == data
    except FileNotFoundError:
        unchanged = False
    if not unchanged:
        _replace_atomically(path, data)
    return index


def _write_dump(
    output_dir: Path, name: str, previous: dict[str, Any] | None, **export: Any
) -> tuple[dict[str, Any], ExportResult]:
    """One format's dump, written to a temporary file then renamed over the previous one.
    Byte-identical output keeps the previous file and entry (ETag and time): nothing changed."""
    renderer = get_renderer(name)
    final = output_dir / f"opensit.{renderer.extension}.gz"
    fd, temp = tempfile.mkstemp(dir=output_dir, prefix=TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw:
            hashing = _HashingWriter(raw)
            with gzip.GzipFile(fileobj=hashing, mode="wb", mtime=0, filename="") as zipped:
                result = write_export(name, zipped, **export)
        etag = _etag(hashing.hash.hexdigest())
        sidecar = final.with_name(final.name + ".etag")
        if previous and previous.get("etag") == etag and _file_etag(final) == etag:
            os.unlink(temp)
            if not sidecar.is_file():
                _replace_atomically(sidecar, (etag + "\n").encode())
            # an index of an older version lacks the count written: the same file, described
            return {**previous, "written": result.written, "unit": result.unit}, result
        os.replace(temp, final)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _replace_atomically(sidecar, (etag + "\n").encode())
    entry = {
        "format": name,
        "file": final.name,
        "media_type": renderer.media_type,
        "content_encoding": "gzip",
        "etag": etag,
        "bytes": hashing.size,
        "uncompressed_bytes": result.bytes,
        "objects": result.objects,
        "written": result.written,
        "unit": result.unit,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return entry, result


def _remove_leftovers(output_dir: Path) -> None:
    """Temporary files of a run that was killed (and the `.partial` files of older versions)."""
    for pattern in (f"{TEMP_PREFIX}*.tmp", "*.partial"):
        for path in output_dir.glob(pattern):
            with suppress(FileNotFoundError):
                path.unlink()


def write_dumps(
    output_dir: Path,
    *,
    ids: Iterable[str] | None = None,
    formats: Iterable[str] | None = None,
    lang: str | None = None,
) -> dict:
    """One gzip file per format, an `.etag` sidecar each and `index.json` listing them.

    gzip is written with no timestamp, so an unchanged catalog gives byte-identical files and
    the same ETag. Each format is atomic: its file is written beside its final name and
    renamed, then index.json is rewritten at once, so an ETag always describes the bytes it
    lists. A format that fails keeps its previous file and entry; the others go on. The
    returned index also holds the run's `report`: skipped objects and failed formats.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(output_dir)
    wanted = None if ids is None else sorted(set(ids))
    names = list(formats or RENDERERS)
    previous = _read_index(output_dir)
    entries = {name: previous[name] for name in names if name in previous}
    report: dict[str, Any] = {"skipped": {}, "skipped_ids": {}, "failed": []}
    for name in names:
        try:
            entry, result = _write_dump(output_dir, name, previous.get(name), lang=lang, ids=wanted)
        except Exception:  # the previous dump of this format stays served
            logger.exception(
                "nightly dump %s in %s failed; the previous one stays", name, output_dir
            )
            report["failed"].append(name)
            continue
        if result.skipped:
            report["skipped"][name] = result.skipped
            report["skipped_ids"][name] = result.skipped_ids
        entries[name] = entry
        _write_index(output_dir, [entries[n] for n in names if n in entries])
    index = _write_index(output_dir, [entries[n] for n in names if n in entries])
    return {**index, "report": report}
