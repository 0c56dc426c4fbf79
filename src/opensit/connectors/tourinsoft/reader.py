"""Reading Tourinsoft syndication answers: one JSON file, or a folder of them (pages).

Accepted shapes: OData v2 `{"d": {"results": [...], "__count": "11"}}` (or `{"d": [...]}`),
v3/v4 `{"value": [...], "odata.count": ...}`, a bare list of records, or one record. A record
is identified by `SyndicObjectID`. Folders are read in sorted order, `.json` files only.
"""

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from django.utils.translation import gettext as _

from opensit.connectors.base import ReadError, SourceItem
from opensit.connectors.tourinsoft.mapping import ID_KEYS

Unit = Callable[[], Iterator[SourceItem | ReadError]]


def records_of(data: Any) -> list[Any] | None:
    """The records of a parsed answer, or None when it is no syndication answer."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    inner = data.get("d")
    if isinstance(inner, dict) and "results" in inner:
        inner = inner["results"]
    if isinstance(inner, list):
        return inner
    if isinstance(data.get("value"), list):
        return data["value"]
    if isinstance(inner, dict):  # `{"d": {one record}}`
        return [inner]
    if any(key in data for key in ID_KEYS):
        return [data]
    if "value" in data or "d" in data:
        return None
    return None


def source_id(record: dict[str, Any]) -> str:
    for key in ID_KEYS:
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return ""


def parse(raw: bytes, where: str) -> Iterator[SourceItem | ReadError]:
    """The records of one answer's bytes, or a ReadError naming the file (and record)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        yield ReadError(where, _("invalid JSON: %(error)s") % {"error": exc})
        return
    records = records_of(data)
    if records is None:
        yield ReadError(
            where, _("expected a Tourinsoft answer ('d.results' or 'value' list of records)")
        )
        return
    for number, record in enumerate(records, start=1):
        label = f"{where}#{number}"
        if not isinstance(record, dict):
            yield ReadError(label, _("a record must be a JSON object"))
            continue
        found = source_id(record)
        if not found:
            name = record.get("SyndicObjectName") or record.get("title") or ""
            yield ReadError(
                label,
                _("record without 'SyndicObjectID' (%(name)s)") % {"name": str(name)[:100]},
            )
            continue
        yield SourceItem(found, record, orjson.dumps(record, option=orjson.OPT_SORT_KEYS), label)


def _file_records(file: Path, where: str) -> Iterator[SourceItem | ReadError]:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        yield ReadError(where, _("cannot read: %(error)s") % {"error": exc})
        return
    yield from parse(raw, where)


def _walk(root: Path) -> Iterator[Path]:
    with os.scandir(root) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(Path(entry.path))
        elif entry.name.lower().endswith(".json"):
            yield Path(entry.path)


def units(path: Path) -> Iterator[Unit]:
    """One loader per file, in `read` order."""
    if path.is_dir():
        for file in _walk(path):
            yield partial(_file_records, file, file.relative_to(path).as_posix())
    else:
        yield partial(_file_records, path, path.name)


def read(path: Path) -> Iterator[SourceItem | ReadError]:
    for load in units(path):
        yield from load()
