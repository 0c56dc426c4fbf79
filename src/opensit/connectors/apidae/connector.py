"""`opensit import apidae PATH`: an API v002 search response (JSON) or an export (zip/folder)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from opensit.catalog.document import TourismDocument
from opensit.catalog.vocabularies import upsert_entries
from opensit.connectors.apidae.communes import upsert_communes
from opensit.connectors.apidae.mapping import SYSTEM, ApidaeMapper
from opensit.connectors.apidae.reader import ExportSideData, is_export, read_export, read_response
from opensit.connectors.apidae.references import References
from opensit.connectors.base import Connector, ReadError, RecordReport, SourceItem


class ApidaeConnector(Connector):
    system = SYSTEM
    label = "Apidae (API v002, exports)"
    mapping_version = 1

    def __init__(self) -> None:
        self.side = ExportSideData()
        self.refs = References()
        self.mapper = ApidaeMapper(self.refs)
        self.vocabulary_counts = (0, 0)
        self.commune_counts = (0, 0)

    def count(self, path: Path) -> int | None:
        if is_export(path):
            return None
        try:
            data: Any = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        objects = data.get("objetsTouristiques") if isinstance(data, dict) else None
        return len(objects) if isinstance(objects, list) else 0

    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        if not is_export(path):
            yield from read_response(path)
            return
        started = False
        for entry in read_export(path, self.side):
            if not started:  # side files are read before the first object
                self.refs.table = References.from_export(self.side.references).table
                started = True
            yield entry
        if not started:
            self.refs.table = References.from_export(self.side.references).table

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        return self.mapper.map(item.payload, report)

    def finish(self) -> None:
        """Register the reference entries and communes met, once every record is written
        (inside the transaction in strict mode, so an abort writes none of them)."""
        self.vocabulary_counts = upsert_entries(self.refs.pending())
        if self.side.communes:
            self.commune_counts = upsert_communes(self.side.communes)

    def deletions(self) -> list[str]:
        """The ids of `objets_supprimes.json`: the engine tombstones them."""
        return list(self.side.deleted)
