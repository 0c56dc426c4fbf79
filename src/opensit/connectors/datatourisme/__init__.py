"""The DATAtourisme connector: `opensit import datatourisme PATH`.

Reads a flux archive folder, a zip of one, a JSON-LD file or a folder of them (reader), maps each
point of interest to the canonical document (mapping, schedule, offer) and registers the
thesaurus values it meets (vocabulary).
"""

from collections.abc import Iterator
from pathlib import Path

from opensit.catalog.document import TourismDocument
from opensit.catalog.vocabularies import Entry
from opensit.connectors.base import Connector, MappingError, ReadError, RecordReport, SourceItem
from opensit.connectors.datatourisme import reader
from opensit.connectors.datatourisme.mapping import SYSTEM, map_record
from opensit.connectors.vocabulary_buffer import VocabularyBuffer


class DataTourismeConnector(VocabularyBuffer, Connector):
    system = SYSTEM
    label = "DATAtourisme (JSON-LD)"
    #: 3: values checked at the door (control characters cleaned, bad URLs dropped).
    #: 4: prices keep policy, audiences, offer, units, seasons, periods and conditions; opening
    #: texts; lastUpdate as the source's date; ontology-derived types; BCP 47 languages;
    #: booking contacts listed once; accessibility features.
    mapping_version = 4
    parallel = True
    units_hashed = True

    def count(self, path: Path) -> int | None:
        return reader.count(path)

    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        return reader.read(path)

    def read_units(self, path: Path) -> Iterator[reader.Unit]:
        return reader.units(path)

    def map_detached(
        self, item: SourceItem, report: RecordReport
    ) -> tuple[TourismDocument, list[Entry]]:
        if not isinstance(item.payload, dict):
            raise MappingError("@id", "a record must be a JSON object")
        return map_record(item.payload, report)
