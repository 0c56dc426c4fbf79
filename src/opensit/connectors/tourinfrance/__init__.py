"""The TourinFrance v3 connector: `opensit import tourinfrance PATH`.

Reads TourinFrance v3 XML feeds (`listeOI/OIs/OI`, a file or a folder of them) one object at a
time, maps each to the canonical document (mapping, blocks) and registers the thesaurus values
it meets (amenities, labels, classifications, payment methods, environments).
"""

from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from opensit.catalog.document import TourismDocument
from opensit.connectors.base import Connector, MappingError, ReadError, RecordReport, SourceItem
from opensit.connectors.tourinfrance.mapping import SYSTEM, map_record
from opensit.connectors.vocabulary_buffer import VocabularyBuffer
from opensit.connectors.xmlread import (
    MAX_ID,
    Element,
    child,
    child_text,
    stream,
)

RECORD = "OI"


def _is_record(names: list[str]) -> bool:
    return names[-1] == RECORD


def files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() == ".xml" and p.is_file())
    return [path]


def read_file(path: Path, where: str) -> Iterator[SourceItem | ReadError]:
    number = 0
    for entry in stream(path, _is_record, where):
        if isinstance(entry, ReadError):
            yield entry
            return
        element, raw = entry
        number += 1
        label = f"{where}#{number}"
        core = child(element, "DublinCore")
        identifier = child_text(core, "identifier") if core is not None else ""
        if not identifier:
            yield ReadError(label, _("record has no DublinCore/identifier"))
            continue
        if len(identifier) > MAX_ID:
            message = _("DublinCore/identifier longer than %(n)s characters") % {"n": MAX_ID}
            yield ReadError(label, message)
            continue
        yield SourceItem(identifier, element, raw, label)


def read(path: Path) -> Iterator[SourceItem | ReadError]:
    for file in files(path):
        where = file.relative_to(path).as_posix() if path.is_dir() else file.name
        yield from read_file(file, where)


class TourinFranceConnector(VocabularyBuffer, Connector):
    system = SYSTEM
    label = "TourinFrance v3 (XML)"
    mapping_version = 1

    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        return read(path)

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        if not isinstance(item.payload, Element):
            raise MappingError("OI", _("a record must be a TourinFrance OI element"))
        document, entries = map_record(item.payload, report)
        self.register(entries)
        return document
