"""Reading and mapping in a worker process while the main process writes.

The worker (`python -m opensit.connectors.premap`: it opens no database connection) reads the
input with its own copy of the connector, maps each record with `Connector.map_detached` and
sends, in pickled
chunks through a pipe, what the engine needs: the raw bytes and their compressed form, and the
mapping's outcome — the validated document as JSON, or the validation / mapping error, with the
record's warnings, unknown keys and the connector's side data (vocabulary entries). The main
process validates the document again from that JSON (`model_validate_json`, the same document:
the mapping output round-trips) and hands the side data to `Connector.attach`. Records arrive in
read order, so batches, change detection, issues and strict mode behave as without the worker.
"""

import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from opensit.connectors.base import (
    Connector,
    MappingError,
    ReadError,
    RecordReport,
    SourceItem,
    validation_issues,
)

CHUNK = 100
AHEAD = 20  # chunks read ahead of the main process (a few MB)
UNEXPECTED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


@dataclass
class PremappedItem(SourceItem):
    """A record read and mapped by the worker. `outcome` is one of
    ("ok", document JSON bytes, side data), ("validation", [(field, message)]),
    ("mapping", field, message) or ("unexpected", message)."""

    compressed: bytes = b""
    outcome: tuple = ()
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unknown_keys: list[str] = field(default_factory=list)


def _premap(connector: Connector, item: SourceItem) -> PremappedItem:
    from opensit.connectors.models import SourceRecord

    report = RecordReport(item.source_id, item.file)
    try:
        doc, side = connector.map_detached(item, report)
        outcome: tuple = ("ok", doc.model_dump_json().encode(), side)
    except ValidationError as exc:
        outcome = ("validation", validation_issues(exc))
    except MappingError as exc:
        outcome = ("mapping", exc.field, exc.message)
    except UNEXPECTED as exc:
        outcome = ("unexpected", f"unexpected structure: {exc!r}")
    return PremappedItem(
        item.source_id,
        None,
        item.raw,
        item.file,
        compressed=SourceRecord.compress(item.raw),
        outcome=outcome,
        warnings=report.warnings,
        unknown_keys=report.unknown_keys,
    )


def _work(path: str) -> None:
    """The worker's main: the pickled connector on stdin, pickled chunks on stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to stderr, not into the stream of chunks
    try:
        import django

        django.setup()  # before the connector's modules are imported (they define models)
        connector = pickle.load(sys.stdin.buffer)
        chunk: list = []
        for entry in connector.read(Path(path)):
            chunk.append(entry if isinstance(entry, ReadError) else _premap(connector, entry))
            if len(chunk) >= CHUNK:
                _send(out, ("chunk", chunk))
                chunk = []
        if chunk:
            _send(out, ("chunk", chunk))
        _send(out, ("end", None))
    except BaseException:  # reported to the main process, which fails the run
        _send(out, ("error", traceback.format_exc()))
    out.flush()


def _send(out, message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(8, "little"))
    out.write(data)


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


def read_premapped(connector: Connector, path: Path) -> Iterator[SourceItem | ReadError]:
    """The connector's entries, read and mapped in a worker process (a pipe's buffer ahead of
    the caller: memory stays flat); stopping the iteration, or an exception in the caller,
    stops the worker."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "opensit.connectors.premap", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    frames: queue.Queue = queue.Queue(maxsize=AHEAD)
    drain = threading.Thread(target=_drain, args=(worker.stdout, frames), daemon=True)
    drain.start()
    try:
        worker.stdin.write(pickle.dumps(connector))
        worker.stdin.close()
        while True:
            frame = frames.get()
            if frame is None:
                raise RuntimeError(f"the mapping worker stopped (exit code {worker.wait()})")
            kind, payload = pickle.loads(frame)
            if kind == "end":
                break
            if kind == "error":
                raise RuntimeError(f"the mapping worker failed:\n{payload}")
            yield from payload
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        while drain.is_alive():  # unblock the thread if the queue is full
            try:
                frames.get_nowait()
            except queue.Empty:
                drain.join(timeout=0.1)
        worker.stdout.close()


if __name__ == "__main__":  # through the module's own name, so that its classes pickle by it
    from opensit.connectors import premap

    premap._work(sys.argv[1])
