"""The Tourinsoft connector: `opensit import tourinsoft PATH`.

Reads syndication answers (OData v2 `d.results` or v3 `value`; a file or a folder of pages),
maps each record with the table of `mapping` and registers the values of the client's lists
it meets (amenities, labels, classifications...) as vocabulary entries `tourinsoft:<slug>`.
"""

from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from opensit.catalog.document import TourismDocument
from opensit.catalog.vocabularies import Entry
from opensit.connectors.base import Connector, MappingError, ReadError, RecordReport, SourceItem
from opensit.connectors.tourinsoft import reader
from opensit.connectors.tourinsoft.mapping import SYSTEM, Mapper
from opensit.connectors.vocabulary_buffer import VocabularyBuffer


class TourinsoftConnector(VocabularyBuffer, Connector):
    system = SYSTEM
    label = "Tourinsoft (syndication OData v2/v3)"
    mapping_version = 1
    parallel = True

    def __init__(self) -> None:
        self.mapper = Mapper()

    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        return reader.read(path)

    def read_units(self, path: Path) -> Iterator[reader.Unit]:
        return reader.units(path)

    def map_detached(
        self, item: SourceItem, report: RecordReport
    ) -> tuple[TourismDocument, list[Entry]]:
        if not isinstance(item.payload, dict):
            raise MappingError("SyndicObjectID", _("a record must be a JSON object"))
        return self.mapper.map(item.payload, item.source_id, report)


__all__ = ["TourinsoftConnector"]
