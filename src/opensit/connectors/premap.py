"""Reading, mapping and preparing in worker processes while the main process writes.

Each worker (a fork of the main process that never touches the database) reads the input with
its own copy of the connector and takes every `len(workers)`-th chunk: `CHUNK` files when the
connector cuts its input into files (`read_units`), which the worker alone then parses; else
`CHUNK` records of the whole input, which every worker reads.
For each of its records it sends, in pickled chunks through a pipe:

- a record the previous runs stored with the same payload hash and mapping version: "unchanged"
  (the main process still checks this against the database; the worker knows it from a sorted
  array of 64-bit keys it inherits from the main process, 8 bytes per known record);
- otherwise the mapping's outcome: the validated document as JSON with the connector's side data
  (vocabulary entries), or the validation / mapping error; with the record's warnings and
  unknown keys, and its compressed raw payload;
- and for a record no previous run stored, every row of the object it creates
  (`catalog.pipeline.stage_new`: object, revision, public forms and feed, quality, search...),
  so that the main process only inserts them.

The main process takes the chunks in read order (chunk k from worker k mod n), so batches,
change detection, issues and strict mode behave as without workers.
"""

import gc
import hashlib
import os
import pickle
import queue
import signal
import threading
import traceback
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

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
AHEAD = 16  # chunks read ahead of the main process, per worker (a few MB)
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


@dataclass
class KnownRecords:
    """The source records stored before this run, as two sorted arrays of 64-bit keys: one of
    source ids, one of (source id, payload hash, mapping version)."""

    ids: array
    versions: array

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, int]]) -> "KnownRecords":
        ids, versions = [], []
        for source_id, payload_hash, mapping_version in rows:
            ids.append(_key(source_id))
            versions.append(_key(source_id, payload_hash, str(mapping_version)))
        return cls(array("Q", sorted(ids)), array("Q", sorted(versions)))

    @staticmethod
    def _has(keys: array, key: int) -> bool:
        at = bisect_left(keys, key)
        return at < len(keys) and keys[at] == key

    def stored(self, source_id: str) -> bool:
        return self._has(self.ids, _key(source_id))

    def unchanged(self, source_id: str, payload_hash: str, mapping_version: int) -> bool:
        return self._has(self.versions, _key(source_id, payload_hash, str(mapping_version)))


# -- in the worker -----------------------------------------------------------------------------


@dataclass
class WorkerTask:
    """What a worker works on (it inherits it when forked)."""

    connector: Connector
    known: KnownRecords
    staging_context: pipeline.Context
    index: int
    count: int


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


def _chunks(task: WorkerTask, path: Path) -> Iterator[list[SourceItem | ReadError]]:
    """This worker's chunks of entries, in read order: every `task.count`-th group of `CHUNK`
    units (files) when the connector has units, so that only its own files are parsed here;
    else every `task.count`-th group of `CHUNK` records of the whole input, read in full."""
    try:
        units = task.connector.read_units(path)
    except NotImplementedError:
        chunk: list = []
        for number, entry in enumerate(task.connector.read(path)):
            if (number // CHUNK) % task.count == task.index:
                chunk.append(entry)
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk
        return
    chunk = []
    for number, load in enumerate(units):
        if (number // CHUNK) % task.count == task.index:
            chunk.extend(load())  # now: a unit may need what the listing holds open (a zip)
            if (number + 1) % CHUNK == 0:  # the end of one of this worker's chunks
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _serve(task: WorkerTask, path: Path, out) -> int:
    """The worker's loop (in the forked child): its chunks, pickled, on `out`."""
    try:
        quiet_gc()
        for chunk in _chunks(task, path):
            done = [e if isinstance(e, ReadError) else _premap(task, e) for e in chunk]
            _send(out, ("chunk", done))
        _send(out, ("end", None))
        code = 0
    except BaseException:  # reported to the main process, which fails the run
        _send(out, ("error", traceback.format_exc()))
        code = 1
    out.flush()
    return code


def _send(out, message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(8, "little"))
    out.write(data)


# -- in the main process -----------------------------------------------------------------------


def _drain(stream, frames: queue.Queue) -> None:
    """In a thread of the main process: frames off the pipe (the GIL is released while
    reading), so that the worker runs ahead while the main process writes."""
    try:
        while True:
            header = stream.read(8)
            if len(header) < 8:
                break
            frames.put(stream.read(int.from_bytes(header, "little")))
    finally:
        frames.put(None)


class _Worker:
    """A forked copy of the main process: Django, the connector and the known records are
    already there (no start-up, nothing to send). It never touches the database connections
    it inherits, and leaves with `os._exit`, so that none of them is closed under the parent."""

    def __init__(self, path: Path, task: WorkerTask) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                os.close(read_fd)
                code = _serve(task, path, os.fdopen(write_fd, "wb", buffering=1 << 20))
            finally:
                os._exit(code)
        os.close(write_fd)
        self.pid = pid
        self.stream = os.fdopen(read_fd, "rb")
        self.frames: queue.Queue = queue.Queue(maxsize=AHEAD)
        self.drain = threading.Thread(target=_drain, args=(self.stream, self.frames), daemon=True)
        self.drain.start()

    def next_message(self) -> tuple:
        frame = self.frames.get()
        if frame is None:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            raise RuntimeError(f"the mapping worker stopped (status {status})")
        kind, payload = pickle.loads(frame)
        if kind == "error":
            raise RuntimeError(f"the mapping worker failed:\n{payload}")
        return kind, payload

    def stop(self) -> None:
        if self.pid:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0
        while self.drain.is_alive():  # unblock the thread if the queue is full
            try:
                self.frames.get_nowait()
            except queue.Empty:
                self.drain.join(timeout=0.1)
        self.stream.close()


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
    """The connector's entries, read, mapped and prepared in worker processes, in read order
    (a few chunks ahead of the caller: memory stays flat). The workers are forked here, before
    the caller starts threads of its own (a progress bar)."""
    count = workers or worker_count()
    pool: list[_Worker] = []
    try:
        for index in range(count):
            pool.append(_Worker(path, WorkerTask(connector, known, staging_context, index, count)))
    except BaseException:
        for worker in pool:
            worker.stop()
        raise
    return PremappedEntries(pool)


class PremappedEntries:
    """The workers' entries in read order (chunk k from worker k mod n); `close` stops the
    workers, iterated to the end or not."""

    def __init__(self, pool: list[_Worker]) -> None:
        self.pool = pool

    def __iter__(self) -> Iterator[SourceItem | ReadError]:
        count = len(self.pool)
        chunk_number = 0
        try:
            while True:
                kind, payload = self.pool[chunk_number % count].next_message()
                if kind == "end":  # chunks are consecutive: no worker has a later one
                    break
                yield from payload
                chunk_number += 1
        finally:
            self.close()

    def close(self) -> None:
        for worker in self.pool:
            worker.stop()
