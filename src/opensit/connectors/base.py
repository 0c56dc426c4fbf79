"""The connector kit: a connector reads source records and maps each one to the canonical
document; the engine does the rest (change detection, batching, the run record, issues,
strict mode, progress), the same way for every source.
"""

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from opensit.catalog.document import SourceRef, TourismDocument


@dataclass
class SourceItem:
    """One record as read from the source: its id, its parsed payload and its raw bytes."""

    source_id: str
    payload: Any
    raw: bytes
    file: str = ""

    @property
    def payload_hash(self) -> str:
        return hashlib.sha1(self.raw).hexdigest()


@dataclass
class ReadError:
    """A file or record that could not be read at all (malformed JSON, missing id...)."""

    file: str
    message: str
    source_id: str = ""


class MappingError(Exception):
    """A record that cannot be mapped; names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class RecordReport:
    """Warnings and unknown keys noticed while mapping one record."""

    source_id: str
    file: str = ""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unknown_keys: list[str] = field(default_factory=list)

    def warn(self, field_name: str, message: str) -> None:
        self.warnings.append((field_name, message))

    def unknown(self, key: str) -> None:
        self.unknown_keys.append(key)


class Connector(ABC):
    """Subclasses name their source system and implement `read` and `map`."""

    system: str
    label: str = ""
    #: Bump when the mapping changes: records are then re-mapped even if their payload is not.
    mapping_version: int = 1

    @abstractmethod
    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        """Yield records one at a time (constant memory), or a ReadError for what is broken."""

    @abstractmethod
    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        """Map one payload to a document; raise MappingError or let ValidationError through."""

    #: The source's media policy for this run (`connectors.media_policy.MediaPolicy`), set by
    #: the engine; applied to every mapped document by `with_policies`.
    media_policy: Any = None

    def with_policies(self, doc: TourismDocument, report: RecordReport) -> TourismDocument:
        """The mapped document with the run's source policies applied (media licences), in the
        main process and in the mapping workers alike."""
        if self.media_policy is not None:
            self.media_policy.apply(doc, report)
        return doc

    #: `map_detached` and `attach` are implemented: the engine may read and map in a worker
    #: process (`premap`) while it writes. Such a connector's `deletions` must be empty.
    parallel: bool = False

    def map_detached(self, item: SourceItem, report: RecordReport) -> tuple[TourismDocument, Any]:
        """`map` without side effects (run in the worker): the document and the side data
        that `attach` applies in the main process."""
        raise NotImplementedError

    def attach(self, side: Any) -> None:
        """Apply the side data of one `map_detached` call (in the main process)."""
        return None

    def novel_side(self, side: Any) -> Any:
        """The part of `side` this worker has not sent yet (in the worker process): most
        records repeat the same side data, which need not cross the pipe each time."""
        return side

    def read_units(self, path: Path) -> Iterator[Callable[[], Iterable[SourceItem | ReadError]]]:
        """`read` cut into units (files) whose records a loader gives when called: a worker
        process then reads and parses only its own units. A connector that cannot cut its
        input leaves it out: each worker then reads the whole input and keeps its chunks of
        records."""
        raise NotImplementedError

    #: A unit of `read_units` has `read_bytes()` and `records(raw)`, and a unit file that
    #: holds one record hashes (SHA-1 of its bytes) to that record's `payload_hash`: the
    #: mapping workers then recognise an unchanged file from its bytes, without parsing it.
    units_hashed: bool = False

    def count(self, path: Path) -> int | None:
        """How many records `read` will yield, if cheap to know (for the progress bar)."""
        return None

    def deletions(self) -> list[str]:
        """Source ids the source says were deleted, known once `read` is exhausted."""
        return []

    def finish(self) -> None:
        """Called once every record is written (inside the transaction in strict mode): flush
        what the connector buffered, such as vocabulary entries."""
        return None


def with_source(doc: TourismDocument, system: str, source_id: str) -> TourismDocument:
    """A document without id nor source reference gets the record's: its object id is then
    derived from it, the same in every process and on every instance."""
    if not doc.id and doc.source is None:
        doc.source = SourceRef(system=system, id=source_id)
    return doc


def validation_issues(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs from a Pydantic error, with dotted field paths."""
    out = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"]) or "document"
        out.append((loc, error["msg"]))
    return out
