"""The Tourinsoft connector: `opensit import tourinsoft PATH`.

Reads syndication answers (OData v2 `d.results` or v3 `value`; a file or a folder of pages),
maps each record with the table of `mapping` and registers the values of the client's lists
it meets (amenities, labels, classifications...) as vocabulary entries `tourinsoft:<slug>`.
"""

from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from opensit.catalog.document import TourismDocument
from opensit.catalog.vocabularies import Entry, upsert_entries
from opensit.connectors.base import Connector, MappingError, ReadError, RecordReport, SourceItem
from opensit.connectors.tourinsoft import reader
from opensit.connectors.tourinsoft.mapping import SYSTEM, Mapper


class TourinsoftConnector(Connector):
    system = SYSTEM
    label = "Tourinsoft (syndication OData v2/v3)"
    mapping_version = 1
    parallel = True

    #: Buffered vocabulary entries are upserted when this many are pending, and at the end.
    vocabulary_flush = 500

    def __init__(self) -> None:
        self.mapper = Mapper()
        self._registered: set[str] = set()
        self._pending: dict[str, Entry] = {}

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
            raise MappingError("SyndicObjectID", _("a record must be a JSON object"))
        return self.mapper.map(item.payload, item.source_id, report)

    def attach(self, side: list[Entry]) -> None:
        for entry in side:
            if entry.code not in self._registered and entry.code not in self._pending:
                self._pending[entry.code] = entry
        if len(self._pending) >= self.vocabulary_flush:
            self.finish()

    # No `novel_side`: the engine drops a duplicate id of the same batch after the worker
    # mapped it, so side data sent only with the first copy of a record would be lost.

    def finish(self) -> None:
        """Register the list values met (inside the transaction in strict mode)."""
        if self._pending:
            upsert_entries(self._pending.values())
            self._registered.update(self._pending)
            self._pending = {}


__all__ = ["TourinsoftConnector"]
