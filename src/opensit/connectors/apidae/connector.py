"""`opensit import apidae PATH`: an API v002 search response (JSON) or an export (zip/folder)."""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from opensit.catalog.document import TourismDocument
from opensit.catalog.vocabularies import upsert_entries
from opensit.connectors.apidae.communes import upsert_communes
from opensit.connectors.apidae.languages import combine, envelope, merged, responses_of
from opensit.connectors.apidae.mapping import SYSTEM, ApidaeMapper
from opensit.connectors.apidae.reader import (
    ExportSideData,
    is_export,
    is_response_set,
    read_export,
    read_response,
    read_response_set,
)
from opensit.connectors.apidae.references import References
from opensit.connectors.base import Connector, ReadError, RecordReport, SourceItem
from opensit.connectors.models import SourceRecord

#: Records read (then combined with what earlier runs stored) this many at a time.
CHUNK = 500


class ApidaeConnector(Connector):
    system = SYSTEM
    label = "Apidae (API v002, exports)"
    mapping_version = 2

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
        """Responses (a file, or a folder of them: one per language) are grouped by id in
        memory, they are pages of at most 200 objects; an export is streamed. Either way a
        record is combined with the responses earlier runs stored (see `languages`)."""
        if not is_export(path):
            yield from self._with_stored(_grouped(read_response(path)))
            return
        if is_response_set(path):
            yield from self._with_stored(_grouped(read_response_set(path)))
            return
        yield from self._with_stored(self._export(path))

    def _export(self, path: Path) -> Iterator[SourceItem | ReadError]:
        started = False
        for entry in read_export(path, self.side):
            if not started:  # side files are read before the first object
                self._use_side_data()
                started = True
            yield entry
        if not started:
            self._use_side_data()

    def _use_side_data(self) -> None:
        self.refs.table = References.from_export(self.side.references).table
        self.mapper.communes.use_export(self.side.communes)

    def _with_stored(
        self, entries: Iterable[SourceItem | ReadError]
    ) -> Iterator[SourceItem | ReadError]:
        chunk: list[SourceItem] = []
        for entry in entries:
            if isinstance(entry, ReadError):
                yield entry
                continue
            chunk.append(entry)
            if len(chunk) >= CHUNK:
                yield from _combined_with_stored(chunk)
                chunk = []
        yield from _combined_with_stored(chunk)

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        return self.mapper.map(merged(item.payload), report)

    def finish(self) -> None:
        """Register the reference entries and communes met, once every record is written
        (inside the transaction in strict mode, so an abort writes none of them)."""
        self.vocabulary_counts = upsert_entries(self.refs.pending())
        if self.side.communes:
            self.commune_counts = upsert_communes(self.side.communes)

    def deletions(self) -> list[str]:
        """The ids of `objets_supprimes.json`: the engine tombstones them."""
        return list(self.side.deleted)


def _item(source_id: str, responses: list[dict[str, Any]], file: str) -> SourceItem:
    payload = envelope(responses)
    return SourceItem(source_id, payload, orjson.dumps(payload, option=orjson.OPT_SORT_KEYS), file)


def _grouped(entries: Iterable[SourceItem | ReadError]) -> Iterator[SourceItem | ReadError]:
    """Items of the same id (one response per language) as one item, in first-seen order."""
    groups: dict[str, list[SourceItem]] = {}
    for entry in entries:
        if isinstance(entry, ReadError):
            yield entry
        else:
            groups.setdefault(entry.source_id, []).append(entry)
    for source_id, items in groups.items():
        if len(items) == 1:
            yield items[0]
            continue
        responses = combine([r for item in items for r in responses_of(item.payload)])
        files = ", ".join(dict.fromkeys(item.file.split("#")[0] for item in items))
        yield _item(source_id, responses, files)


def _combined_with_stored(items: list[SourceItem]) -> Iterator[SourceItem]:
    """Each item combined with the responses stored by earlier runs. Only records whose
    payload differs from the stored one are decompressed: an unchanged record costs nothing."""
    if not items:
        return
    ids = [item.source_id for item in items]
    hashes = dict(
        SourceRecord.objects.filter(system=SYSTEM, source_id__in=ids).values_list(
            "source_id", "payload_hash"
        )
    )
    differing = [
        i.source_id for i in items if hashes.get(i.source_id) not in (None, i.payload_hash)
    ]
    stored = {
        source_id: orjson.loads(SourceRecord.decompress(data))
        for source_id, data in SourceRecord.objects.filter(
            system=SYSTEM, source_id__in=differing
        ).values_list("source_id", "compressed_payload")
    }
    for item in items:
        if item.source_id not in stored:
            yield item
            continue
        responses = combine(responses_of(stored[item.source_id]) + responses_of(item.payload))
        yield _item(item.source_id, responses, item.file)
