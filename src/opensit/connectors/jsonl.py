"""The canonical documents as JSON Lines: `opensit export jsonl` writes them, and
`opensit import jsonl` reads them back into identical documents (round trip)."""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import orjson

from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject
from opensit.connectors.base import Connector, ReadError, RecordReport, SourceItem

# Export keeps what defines the object; the importing instance owns the storage fields.
STORAGE_FIELDS = ("status", "owner", "coeditors", "created_at", "updated_at", "slug")


def export_documents(objects: Iterable[TourismObject], out: IO[bytes]) -> int:
    count = 0
    for obj in objects:
        out.write(orjson.dumps(obj.document, option=orjson.OPT_SORT_KEYS))
        out.write(b"\n")
        count += 1
    return count


class JsonLinesConnector(Connector):
    system = "jsonl"
    label = "OpenSIT JSON Lines"

    def count(self, path: Path) -> int | None:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())

    def read(self, path: Path) -> Iterator[SourceItem | ReadError]:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path.name}:{number}"
                try:
                    payload = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    yield ReadError(where, f"invalid JSON: {exc}")
                    continue
                if not isinstance(payload, dict) or not payload.get("id"):
                    yield ReadError(where, "each line must be a document with an 'id'")
                    continue
                yield SourceItem(str(payload["id"]), payload, line.strip(), where)

    def map(self, item: SourceItem, report: RecordReport) -> TourismDocument:
        payload = {k: v for k, v in item.payload.items() if k not in STORAGE_FIELDS}
        return TourismDocument.model_validate(payload)
