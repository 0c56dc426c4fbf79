"""The DATAtourisme connector: `opensit import datatourisme PATH`.

Reads a flux archive folder, a zip of one, a JSON-LD file or a folder of them (reader), maps each
point of interest to the canonical document (mapping, schedule, offer) and registers the
thesaurus values it meets (vocabulary).
"""

from collections.abc import Iterator
from pathlib import Path

from opensit.catalog.document import TourismDocument
from opensit.catalog.vocabularies import Entry, upsert_entries
from opensit.connectors.base import Connector, MappingError, ReadError, RecordReport, SourceItem
from opensit.connectors.datatourisme import reader
from opensit.connectors.datatourisme.mapping import SYSTEM, map_record


class DataTourismeConnector(Connector):
    system = SYSTEM
    label = "DATAtourisme (JSON-LD)"
    #: 3: values checked at the door (control characters cleaned, bad URLs dropped).
    #: 4: prices keep policy, audiences, offer, units, seasons, periods and conditions; opening
    #: texts; lastUpdate as the source's date; ontology-derived types; BCP 47 languages;
    #: booking contacts listed once; accessibility features.
    mapping_version = 4
    parallel = True

    #: Buffered vocabulary entries are upserted when this many are pending, and at the end.
    vocabulary_flush = 500

    def __init__(self) -> None:
        self._registered: set[str] = set()
        self._pending: dict[str, Entry] = {}

    def count(self, path: Path) -> int | None:
        return reader.count(path)

    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        return reader.read(path)

    def read_units(self, path: Path) -> Iterator[reader.Unit]:
        return reader.units(path)

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        document, entries = self.map_detached(item, report)
        self.attach(entries)
        return document

    def map_detached(
        self, item: SourceItem, report: RecordReport
    ) -> tuple[TourismDocument, list[Entry]]:
        if not isinstance(item.payload, dict):
            raise MappingError("@id", "a record must be a JSON object")
        return map_record(item.payload, report)

    def attach(self, side: list[Entry]) -> None:
        self._register(side)

    def novel_side(self, side: list[Entry]) -> list[Entry]:
        sent = self.__dict__.setdefault("_sent", set())
        novel = [entry for entry in side if entry.code not in sent]
        sent.update(entry.code for entry in novel)
        return novel

    def _register(self, entries: list[Entry]) -> None:
        """Buffer the vocabulary values not met yet in this run; most records reuse known ones."""
        for entry in entries:
            if entry.code not in self._registered and entry.code not in self._pending:
                self._pending[entry.code] = entry
        if len(self._pending) >= self.vocabulary_flush:
            self.finish()

    def finish(self) -> None:
        if self._pending:
            upsert_entries(self._pending.values())
            self._registered.update(self._pending)
            self._pending = {}
