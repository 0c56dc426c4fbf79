"""Reading Apidae sources: an API v002 search response, or an export (zip or unpacked folder).

An export holds `objets_modifies/` (one JSON file per object or per batch),
`objets_supprimes.json` (ids of deleted objects), `elements_reference.json` (reference labels),
`communes.json` and `selections.json`. The side files are read first, so that every object is
mapped with the reference labels and the selections it belongs to.
"""

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import orjson
from django.utils.translation import gettext as _

from opensit.connectors.base import ReadError, SourceItem

MODIFIED_DIR = "objets_modifies"
DELETED_FILE = "objets_supprimes.json"
REFERENCES_FILE = "elements_reference.json"
COMMUNES_FILE = "communes.json"
SELECTIONS_FILE = "selections.json"

#: Key added to an object's payload with the ids of the export selections it belongs to.
SELECTIONS_KEY = "selectionIds"


@dataclass
class ExportSideData:
    """What an export says besides its objects."""

    references: Any = None
    communes: list[dict[str, Any]] = field(default_factory=list)
    selections: dict[int, list[int]] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)


class _Files:
    """The files of an export, whether zipped or unpacked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path) if path.is_file() else None

    def names(self) -> list[str]:
        if self.zip is not None:
            return sorted(n for n in self.zip.namelist() if not n.endswith("/"))
        return sorted(
            p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
        )

    def find(self, name: str) -> str | None:
        """The entry named `name` at the root or one folder down (zips made of a folder)."""
        for entry in self.names():
            parts = PurePosixPath(entry).parts
            if parts[-1] == name and len(parts) <= 2:
                return entry
        return None

    def read(self, name: str) -> bytes:
        if self.zip is not None:
            return self.zip.read(name)
        return (self.path / name).read_bytes()

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _load(files: _Files, name: str, errors: list[ReadError]) -> Any:
    entry = files.find(name)
    if entry is None:
        return None
    try:
        return orjson.loads(files.read(entry))
    except orjson.JSONDecodeError as exc:
        errors.append(ReadError(entry, _("invalid JSON: %(error)s") % {"error": exc}))
        return None


def _object_ids(values: Any) -> list[str]:
    """Ids from `[123, ...]`, `[{"id": 123}, ...]` or `{"objetsTouristiques": [...]}`."""
    if isinstance(values, dict):
        values = values.get("objetsTouristiques") or values.get("ids") or []
    out = []
    for value in values if isinstance(values, list) else []:
        if isinstance(value, dict):
            value = value.get("id")
        if isinstance(value, int | str) and str(value).strip():
            out.append(str(value).strip())
    return out


def _read_side_data(files: _Files) -> ExportSideData:
    side = ExportSideData()
    side.references = _load(files, REFERENCES_FILE, side.errors)
    communes = _load(files, COMMUNES_FILE, side.errors)
    side.communes = (
        [c for c in communes if isinstance(c, dict)] if isinstance(communes, list) else []
    )
    selections = _load(files, SELECTIONS_FILE, side.errors)
    for selection in selections if isinstance(selections, list) else []:
        if not isinstance(selection, dict) or not isinstance(selection.get("id"), int):
            continue
        for object_id in _object_ids(selection.get("objetsTouristiques")):
            side.selections.setdefault(int(object_id), []).append(selection["id"])
    side.deleted = _object_ids(_load(files, DELETED_FILE, side.errors))
    return side


def is_export(path: Path) -> bool:
    return path.is_dir() or zipfile.is_zipfile(path)


def _item(obj: Any, where: str, selections: dict[int, list[int]]) -> SourceItem | ReadError:
    if not isinstance(obj, dict):
        return ReadError(where, _("an object must be a JSON object"))
    object_id = obj.get("id")
    if not isinstance(object_id, int | str) or not str(object_id).strip():
        return ReadError(where, _("object without an 'id'"))
    key = int(object_id) if str(object_id).strip().isdigit() else None
    if key in selections:
        obj = {**obj, SELECTIONS_KEY: sorted(selections[key])}
    raw = orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
    return SourceItem(str(object_id).strip(), obj, raw, where)


def _objects_of(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if "objetsTouristiques" in data or "numFound" in data:
            return data.get("objetsTouristiques") or []
        return [data]
    return None


def read_response(path: Path) -> Iterator[SourceItem | ReadError]:
    """An API v002 search response: `objetsTouristiques` may be absent when numFound is 0.

    The `query` echo of the response is never read: it can hold the project's API key.
    """
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        yield ReadError(path.name, _("invalid JSON: %(error)s") % {"error": exc})
        return
    yield from _response_items(data, path.name)


def _response_items(data: Any, name: str) -> Iterator[SourceItem | ReadError]:
    objects = _objects_of(data)
    if objects is None:
        yield ReadError(name, _("expected an Apidae response with 'objetsTouristiques'"))
        return
    for index, obj in enumerate(objects):
        yield _item(obj, f"{name}#{index}", {})


def is_response_set(path: Path) -> bool:
    """A folder (or zip) of API responses, e.g. one per language, rather than an export: no
    `objets_modifies/` and no side file of an export."""
    files = _Files(path)
    try:
        names = files.names()
    finally:
        files.close()
    side = {REFERENCES_FILE, COMMUNES_FILE, SELECTIONS_FILE, DELETED_FILE}
    return not any(
        MODIFIED_DIR in PurePosixPath(n).parts[:-1] or PurePosixPath(n).name in side for n in names
    )


def read_response_set(path: Path) -> Iterator[SourceItem | ReadError]:
    """Every `*.json` response of a folder or zip, in the order of their names."""
    files = _Files(path)
    try:
        for name in files.names():
            if not name.endswith(".json"):
                continue
            try:
                data = orjson.loads(files.read(name))
            except orjson.JSONDecodeError as exc:
                yield ReadError(name, _("invalid JSON: %(error)s") % {"error": exc})
                continue
            yield from _response_items(data, name)
    finally:
        files.close()


def read_export(path: Path, side: ExportSideData) -> Iterator[SourceItem | ReadError]:
    """The objects of an export; fills `side` (references, communes, selections, deletions)
    before the first object is yielded."""
    files = _Files(path)
    try:
        loaded = _read_side_data(files)
        side.references, side.communes = loaded.references, loaded.communes
        side.selections, side.deleted = loaded.selections, loaded.deleted
        yield from loaded.errors
        names = [
            n
            for n in files.names()
            if MODIFIED_DIR in PurePosixPath(n).parts[:-1] and n.endswith(".json")
        ]
        for name in names:
            try:
                data = orjson.loads(files.read(name))
            except orjson.JSONDecodeError as exc:
                yield ReadError(name, _("invalid JSON: %(error)s") % {"error": exc})
                continue
            objects = _objects_of(data)
            if objects is None:
                yield ReadError(name, _("expected an Apidae object or a list of objects"))
                continue
            for index, obj in enumerate(objects):
                where = name if len(objects) == 1 else f"{name}#{index}"
                yield _item(obj, where, side.selections)
    finally:
        files.close()
