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
    mapping_version = 1

    def __init__(self) -> None:
        self._registered: set[str] = set()

    def count(self, path: Path) -> int | None:
        return reader.count(path)

    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        return reader.read(path)

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        if not isinstance(item.payload, dict):
            raise MappingError("@id", "a record must be a JSON object")
        document, entries = map_record(item.payload, report)
        self._register(entries)
        return document

    def _register(self, entries: list[Entry]) -> None:
        """Upsert the vocabulary values not met yet in this run (a few queries per run: the
        thesaurus is small and most records reuse known values)."""
        new = [e for e in entries if e.code not in self._registered]
        if new:
            upsert_entries(new)
            self._registered.update(e.code for e in new)
