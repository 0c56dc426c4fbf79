"""On PostgreSQL the write pipeline's plain inserts go through COPY (`core.bulk.COPY_FROM`):
the real archive imported with COPY and with executemany writes the same rows in every table."""

from datetime import UTC, datetime

import pytest
from django.db import connection, models, transaction
from django.utils import timezone

from opensit.catalog.models import Revision, TourismObject
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import SourceRecord
from opensit.core import bulk
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.quality.models import DuplicateKey, ObjectQuality
from opensit.search.models import (
    SearchCode,
    SearchDocument,
    SearchEntry,
    SearchEventSpan,
    SearchOpening,
    SearchTextLog,
)
from tests.conftest import SHARED_DATA
from tests.missing import unavailable

pytestmark = pytest.mark.django_db

ARCHIVE = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
#: Numbered by sequences, which a rolled back import does not give back.
SEQUENCED = {"id", "seq", "entry", "entry_id", "last_run", "token"}
MODELS = [
    TourismObject,
    Revision,
    PublicDocument,
    FeedEntry,
    ObjectQuality,
    DuplicateKey,
    SourceRecord,
    SearchEntry,
    SearchCode,
    SearchOpening,
    SearchEventSpan,
    SearchDocument,
    SearchTextLog,
]


def _rows(model: type[models.Model]) -> list[tuple]:
    """The table's rows without their sequence numbers; a search row names its entry's object."""
    fields = model._meta.concrete_fields
    names = [f.attname for f in fields if f.name not in SEQUENCED and f.attname not in SEQUENCED]
    entries = dict(SearchEntry.objects.values_list("id", "object_id"))
    rows = []
    for values in model.objects.values(*{*names, *_entry_column(model)}):
        row = tuple(
            bytes(values[n]) if isinstance(values[n], memoryview) else values[n] for n in names
        )
        entry = _entry_column(model)
        rows.append((entries[values[entry[0]]], *row) if entry else row)
    return sorted(rows, key=repr)


def _entry_column(model: type[models.Model]) -> list[str]:
    if model is SearchEntry:
        return []
    return [f.attname for f in model._meta.concrete_fields if f.name in ("entry", "entry_id")]


def _import_and_dump(monkeypatch, copy_from: int | None) -> dict[str, list[tuple]]:
    monkeypatch.setattr(bulk, "COPY_FROM", copy_from)
    with transaction.atomic():
        run = ImportEngine(DataTourismeConnector(), parallel=True, workers=2).run(ARCHIVE)
        assert run.created == run.read > 2500
        dump = {model.__name__: _rows(model) for model in MODELS}
        transaction.set_rollback(True)
    return dump


def test_copy_writes_the_rows_executemany_writes(monkeypatch):
    if not ARCHIVE.is_dir():
        unavailable(f"real data samples not found at {ARCHIVE} (clone ../shared beside)")
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    monkeypatch.setattr(timezone, "now", lambda: NOW)  # the rows carry the time they are written
    copied = _import_and_dump(monkeypatch, 2)
    inserted = _import_and_dump(monkeypatch, None)
    assert {name: len(rows) for name, rows in copied.items()} == {
        name: len(rows) for name, rows in inserted.items()
    }
    assert all(copied.values())  # every table written
    for name in copied:
        assert copied[name] == inserted[name], name
