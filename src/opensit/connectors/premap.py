"""Reading, mapping and staging in worker processes while the main process writes.

The workers are a `ProcessPoolExecutor` of forks of the main process (Django, the connector
and the known records are there already: no start-up, nothing to send), which never touch the
database. The main process asks for the chunks of the input in order (chunk k: units or records
k * CHUNK to (k + 1) * CHUNK), a window of them ahead, and takes the answers in the same order,
so batches, change detection, issues and strict mode behave as without workers.

A worker holds a forward-only cursor on the input: the pool hands tasks out first come, first
served, so each worker is given increasing chunk numbers, and skips the others' chunks. When
the connector cuts its input into files (`read_units`), a skipped file is never opened, so
each file is parsed by one worker only; else every worker reads the whole record stream.
For each record of its chunk a worker answers:

- a file whose bytes a previous run stored as one record's payload at the run's mapping version
  (`Connector.units_hashed`): nothing but its source id key, in the chunk's `UnchangedFiles`.
  The file is neither parsed nor mapped, and the main process trusts the one query that read
  the stored hashes when the run started: a re-import of an unchanged archive costs a read and
  a hash per file;
- a record the previous runs stored with the same payload hash and mapping version: "unchanged"
  (the main process still checks this against the database; the worker knows it from a sorted
  array of 64-bit keys it inherits from the main process, 8 bytes per known record);
- otherwise the mapping's outcome: the validated document as JSON with the connector's side data
  (vocabulary entries), or the validation / mapping error; with the record's warnings and
  unknown keys, and its compressed raw payload;
- and for a record no previous run stored, every row of the object it creates
  (`catalog.pipeline.stage_new`: object, revision, public forms and feed, quality, search...),
  so that the main process only writes them.
"""

import gc
import hashlib
import multiprocessing
import os
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from opensit.catalog import pipeline
from opensit.catalog.document import lenient
from opensit.connectors.base import (
    Connector,
    MappingError,
    ReadError,
    RecordReport,
    SourceItem,
    validation_issues,
    with_source,
)
from opensit.connectors.models import SourceRecord

CHUNK = 100
AHEAD = 4  # chunks asked for ahead of the main process, per worker (their rows wait unpickled)
UNEXPECTED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


@dataclass
class PremappedItem(SourceItem):
    """A record read and mapped by a worker. `outcome` is one of ("unchanged",),
    ("ok", document JSON bytes (empty when `staged` is set), side data),
    ("validation", [(field, message)]), ("mapping", field, message) or ("unexpected", message).
    `staged` holds the rows (`catalog.pipeline.Staged`) of a record never stored before."""

    digest: str = ""
    compressed: bytes = b""
    outcome: tuple = ()
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unknown_keys: list[str] = field(default_factory=list)
    staged: object = None

    @property
    def payload_hash(self) -> str:
        return self.digest


# -- what previous runs stored -----------------------------------------------------------------


def _key(*parts: str) -> int:
    data = "\0".join(parts).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def _hash_key(payload_hash: str) -> int:
    """The 64-bit key of a payload hash: its first 16 hex digits (a SHA-1's), else `_key`."""
    try:
        return int(payload_hash[:16], 16)
    except ValueError:
        return _key(payload_hash)


def record_key(source_id: str) -> int:
    """The 64-bit key of a source id, as `KnownRecords` holds it."""
    return _key(source_id)


@dataclass
class KnownRecords:
    """The source records stored before this run, as sorted arrays of 64-bit keys: one of
    source ids, one of (source id, payload hash, mapping version), and one of the payload
    hashes stored at the run's mapping version (`hashes`), with the source id key of each
    (`hash_ids`, in the same order)."""

    ids: array
    versions: array
    hashes: array = field(default_factory=lambda: array("Q"))
    hash_ids: array = field(default_factory=lambda: array("Q"))

    @classmethod
    def build(
        cls, rows: Iterable[tuple[str, str, int]], mapping_version: int | None = None
    ) -> "KnownRecords":
        ids, versions, hashes = array("Q"), array("Q"), []
        for source_id, payload_hash, version in rows:
            id_key = _key(source_id)
            ids.append(id_key)
            versions.append(_key(source_id, payload_hash, str(version)))
            if version == mapping_version:
                hashes.append((_hash_key(payload_hash), id_key))
        hashes.sort()
        return cls(
            array("Q", sorted(ids)),
            array("Q", sorted(versions)),
            array("Q", (h for h, _ in hashes)),
            array("Q", (i for _, i in hashes)),
        )

    @staticmethod
    def _has(keys: array, key: int) -> bool:
        at = bisect_left(keys, key)
        return at < len(keys) and keys[at] == key

    def stored(self, source_id: str) -> bool:
        return self._has(self.ids, _key(source_id))

    def unchanged(self, source_id: str, payload_hash: str, mapping_version: int) -> bool:
        return self._has(self.versions, _key(source_id, payload_hash, str(mapping_version)))

    def unchanged_file(self, raw: bytes) -> int | None:
        """The source id key of the record stored with these very bytes at the run's mapping
        version, or None. The bytes hold the record's id: equal bytes, the same record. (The key
        is 64 bits of the SHA-1: with a million stored records and a million files, the odds
        that a changed file passes for unchanged are about 1 in 18 million per run.)"""
        if not self.hashes:
            return None
        key = int.from_bytes(hashlib.sha1(raw).digest()[:8], "big")  # `_hash_key` of its hex
        at = bisect_left(self.hashes, key)
        if at < len(self.hashes) and self.hashes[at] == key:
            return self.hash_ids[at]
        return None


@dataclass
class UnchangedFiles:
    """Files of a chunk a worker recognised from their bytes (`KnownRecords.unchanged_file`):
    neither parsed nor mapped; the source id key of each (for the duplicates' warning)."""

    keys: array


# -- in the worker -----------------------------------------------------------------------------


@dataclass
class WorkerTask:
    """What a worker works on (it inherits it when forked)."""

    connector: Connector
    known: KnownRecords
    staging_context: pipeline.Context


def _premap(task: WorkerTask, item: SourceItem) -> PremappedItem:
    connector = task.connector
    digest = item.payload_hash
    premapped = PremappedItem(item.source_id, None, item.raw, item.file, digest=digest)
    if task.known.unchanged(item.source_id, digest, connector.mapping_version):
        premapped.outcome = ("unchanged",)
        return premapped
    report = RecordReport(item.source_id, item.file)
    try:
        with lenient(report.warn):
            doc, side = connector.map_detached(item, report)
            connector.with_policies(doc, report)
        with_source(doc, connector.system, item.source_id)
    except ValidationError as exc:
        premapped.outcome = ("validation", validation_issues(exc))
    except MappingError as exc:
        premapped.outcome = ("mapping", exc.field, exc.message)
    except UNEXPECTED as exc:
        premapped.outcome = ("unexpected", f"unexpected structure: {exc!r}")
    else:
        premapped.compressed = SourceRecord.compress(item.raw)
        if not task.known.stored(item.source_id):
            try:
                premapped.staged = pipeline.stage_new(doc, task.staging_context)
            except UNEXPECTED:  # left to the main process, which reports it as usual
                premapped.staged = None
        # A prepared record carries its document in its rows; else the main process needs it.
        data = b"" if premapped.staged is not None else doc.model_dump_json().encode()
        premapped.outcome = ("ok", data, connector.novel_side(side))
    premapped.raw = b""  # only an "unchanged" record may need it again (the database decides)
    premapped.warnings = report.warnings
    premapped.unknown_keys = report.unknown_keys
    return premapped


def quiet_gc() -> None:
    """Fewer cyclic garbage collections: a record's objects are freed by reference counting,
    and collecting among the long-lived ones (modules, the connector's tables) every 700
    allocations cost more than the mapping itself."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """`quiet_gc` for the duration of an import in the main process, then as before."""
    threshold = gc.get_threshold()
    quiet_gc()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


_END = object()


class _Cursor:
    """A worker's forward-only position in the input, in units (files) or in records."""

    def __init__(self, connector: Connector, known: KnownRecords, path: Path) -> None:
        try:
            self.elements: Iterator = iter(connector.read_units(path))
            self.by_unit = True
        except NotImplementedError:
            self.elements = iter(connector.read(path))
            self.by_unit = False
        hashed = getattr(connector, "units_hashed", False)
        self.known = known if hashed and known.hashes else None
        self.position = 0  # the number of the next unit or record

    def chunk(self, number: int) -> tuple[list[SourceItem | ReadError], array] | None:
        """The entries of chunk `number` (a later one than the last asked for) and the keys of
        its files recognised as unchanged, or None when the input ends before it."""
        start = number * CHUNK
        if start < self.position:
            raise RuntimeError(f"chunk {number} asked for after a later one")
        while self.position < start:  # the other workers' chunks: files left unopened
            if next(self.elements, _END) is _END:
                return None
            self.position += 1
        entries: list[SourceItem | ReadError] = []
        unchanged = array("Q")
        for _ in range(CHUNK):
            element = next(self.elements, _END)
            if element is _END:
                return (entries, unchanged) if self.position > start else None
            self.position += 1
            if not self.by_unit:
                entries.append(element)
            elif self.known is None:  # loaded now: a unit may need what the listing holds open
                entries.extend(element())
            else:
                entries.extend(self._unit(element, unchanged))
        return entries, unchanged

    def _unit(self, unit: Any, unchanged: array) -> Iterable[SourceItem | ReadError]:
        """The unit's entries, or none when its bytes are those of a stored record."""
        try:
            raw = unit.read_bytes()
        except Exception:  # the unit reports it as it does without this check
            return unit()
        key = self.known.unchanged_file(raw)
        if key is None:
            return unit.records(raw)
        unchanged.append(key)
        return ()


# In a worker: what it works on and where it stands (set once, when the pool starts it).
_task: WorkerTask | None = None
_cursor: _Cursor | None = None


def _start_worker(task: WorkerTask, path: Path) -> None:
    global _task, _cursor
    quiet_gc()
    _task, _cursor = task, _Cursor(task.connector, task.known, path)


def _premap_chunk(number: int) -> list | None:
    """In a worker: chunk `number`, read, mapped and staged (None past the end of the input);
    its unchanged files first, as one `UnchangedFiles`."""
    assert _task is not None and _cursor is not None
    chunk = _cursor.chunk(number)
    if chunk is None:
        return None
    entries, unchanged = chunk
    done: list = [UnchangedFiles(unchanged)] if unchanged else []
    done.extend(e if isinstance(e, ReadError) else _premap(_task, e) for e in entries)
    return done


# -- in the main process -----------------------------------------------------------------------


def worker_count() -> int:
    """One worker per core: the main process mostly waits on the database."""
    return max(1, min(os.cpu_count() or 1, 4))


def read_premapped(
    connector: Connector,
    path: Path,
    known: KnownRecords,
    staging_context: pipeline.Context,
    workers: int | None = None,
) -> "PremappedEntries":
    """The connector's entries, read, mapped and staged in worker processes, in read order (a
    window of chunks ahead of the caller: memory stays flat). The workers are forked here,
    before the caller starts threads of its own (a progress bar)."""
    count = workers or worker_count()
    executor = ProcessPoolExecutor(
        count,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(WorkerTask(connector, known, staging_context), path),  # inherited, not sent
    )
    return PremappedEntries(executor, AHEAD * count)


class PremappedEntries:
    """The workers' entries in read order; `close` stops the workers, iterated to the end or
    not."""

    def __init__(self, executor: ProcessPoolExecutor, window: int) -> None:
        self.executor = executor
        self.window = window
        self.pending: deque[Future] = deque()
        self.next_number = 0
        self._fill()  # forks the workers now

    def _fill(self) -> None:
        while len(self.pending) < self.window:
            self.pending.append(self.executor.submit(_premap_chunk, self.next_number))
            self.next_number += 1

    def __iter__(self) -> Iterator[SourceItem | ReadError | UnchangedFiles]:
        try:
            while True:
                future = self.pending.popleft()
                try:
                    done = future.result()
                except Exception as exc:  # the worker's traceback is the exception's cause
                    raise RuntimeError(f"the mapping worker failed: {exc!r}") from exc
                if done is None:  # chunks come in order: no later one holds anything
                    break
                self._fill()
                yield from done
        finally:
            self.close()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
