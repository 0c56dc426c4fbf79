"""The LEI connector: `opensit import lei PATH`.

Reads LEI XML exports (a file or a folder of them) one product at a time (reader), maps each
to the canonical document (mapping, criteria) and registers the vocabulary its criteria name.
"""

from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from opensit.catalog.document import TourismDocument
from opensit.connectors.base import Connector, MappingError, ReadError, RecordReport, SourceItem
from opensit.connectors.lei import reader
from opensit.connectors.lei.mapping import SYSTEM, map_record
from opensit.connectors.vocabulary_buffer import VocabularyBuffer


class LeiConnector(VocabularyBuffer, Connector):
    system = SYSTEM
    label = "LEI (XML)"
    mapping_version = 1

    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        return reader.read(path)

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        if not isinstance(item.payload, reader.LeiRecord):
            raise MappingError("sit_liste", _("a record must be an LEI product element"))
        document, entries = map_record(item.payload, report)
        self.register(entries)
        return document
