"""Reading DATAtourisme exports one record at a time.

Accepted inputs: a flux archive folder (`index.json`, `context.jsonld`,
`objects/<h>/<hh>/<producer>-<uuid>.json`), a zip of one, a single JSON-LD file, or a folder of
JSON-LD files. A file holds one record, a list of records, or a `{"@graph": [...]}` document.
Folders are walked in sorted order without listing everything first, so memory stays flat.
"""

import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from opensit.connectors.base import ReadError, SourceItem

NOT_RECORDS = {"index.json", "context.jsonld"}
SUFFIXES = (".json", ".jsonld")


def _is_record_file(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(SUFFIXES) and base not in NOT_RECORDS and not base.startswith(".")


def _walk(root: Path | str) -> Iterator[str]:
    """Record files below `root`, depth first, in sorted order (paths as text: every mapping
    worker lists the whole folder)."""
    with os.scandir(root) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir():
            yield from _walk(entry.path)
        elif _is_record_file(entry.name):
            yield entry.path


def _records(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        return data["@graph"]
    if isinstance(data, list):
        return data
    return [data]


def parse(raw: bytes, where: str) -> Iterator[SourceItem | ReadError]:
    """The records of one file's bytes, or a ReadError naming the file (and record)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        yield ReadError(where, f"invalid JSON: {exc}")
        return
    records = _records(data)
    single = len(records) == 1 and records[0] is data
    for number, record in enumerate(records, start=1):
        label = where if single else f"{where}#{number}"
        if not isinstance(record, dict):
            yield ReadError(label, "a record must be a JSON object")
            continue
        source_id = record.get("@id")
        if not isinstance(source_id, str) or not source_id.strip():
            yield ReadError(
                label,
                "record has no '@id'",
                source_id=str(record.get("dc:identifier") or ""),
            )
            continue
        yield SourceItem(source_id.strip(), record, raw if single else orjson.dumps(record), label)


class FileUnit:
    """One record file of a folder or zip: its bytes (`read_bytes`) and its records (calling
    it, or `records` over bytes already read). The mapping workers hash the bytes first: a file
    whose hash a previous run stored is not parsed (`premap`)."""

    __slots__ = ("archive", "file", "root")

    def __init__(
        self, file: Path | str, root: Path | None = None, archive: zipfile.ZipFile | None = None
    ) -> None:
        self.file, self.root, self.archive = file, root, archive

    @property
    def where(self) -> str:
        """The file's name in the reports (computed only for a file that is read: the workers
        skip the others' files)."""
        if self.archive is not None:
            return str(self.file)
        file = Path(self.file)
        return file.relative_to(self.root).as_posix() if self.root is not None else file.name

    def read_bytes(self) -> bytes:
        """The file's bytes; raises OSError (or a zip's errors) when they cannot be read."""
        if self.archive is not None:
            return self.archive.read(str(self.file))
        with open(self.file, "rb") as file:  # no Path: a tenth of a re-import's time
            return file.read()

    def records(self, raw: bytes | None = None) -> Iterator[SourceItem | ReadError]:
        if raw is None:
            try:
                raw = self.read_bytes()
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                what = "cannot read from the zip" if self.archive is not None else "cannot read"
                yield ReadError(self.where, f"{what}: {exc}")
                return
        yield from parse(raw, self.where)

    def __call__(self) -> Iterator[SourceItem | ReadError]:
        return self.records()


Unit = Callable[[], Iterator[SourceItem | ReadError]]


def units(path: Path) -> Iterator[FileUnit]:
    """One loader per record file, in `read` order; a file is opened only when its loader
    is called (listing the files costs little beside parsing them)."""
    if path.is_dir():
        for file in _walk(path):
            yield FileUnit(file, path)
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if not name.endswith("/") and _is_record_file(name):
                    yield FileUnit(name, archive=archive)
    else:
        yield FileUnit(path)


def read(path: Path) -> Iterator[SourceItem | ReadError]:
    for load in units(path):
        yield from load()


def count(path: Path) -> int | None:
    """Records to expect, for the progress bar: the index when there is one, else the files."""
    if path.is_dir():
        index = path / "index.json"
        if index.is_file():
            try:
                entries = orjson.loads(index.read_bytes())
            except orjson.JSONDecodeError:
                entries = None
            if isinstance(entries, list):
                return len(entries)
        return sum(1 for _ in _walk(path))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return sum(1 for name in archive.namelist() if _is_record_file(name))
    return None
