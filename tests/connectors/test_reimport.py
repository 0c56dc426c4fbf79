"""A re-import through the mapping workers: a file whose bytes a previous run stored is neither
parsed nor mapped nor written (`premap.KnownRecords.unchanged_file`), and what changed still is
(an edited file, a new mapping version), on the real DATAtourisme archive."""

import shutil
from pathlib import Path

import orjson
import pytest
from django.db.models import Max

from opensit.catalog.models import Revision, TourismObject
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportIssue, SourceRecord
from opensit.diffusion.models import FeedEntry
from tests.conftest import SHARED_DATA
from tests.missing import unavailable

pytestmark = pytest.mark.django_db

ARCHIVE = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"


@pytest.fixture
def archive() -> Path:
    if not ARCHIVE.is_dir():
        unavailable(f"real data samples not found at {ARCHIVE} (clone ../shared beside)")
    return ARCHIVE


def _import(path: Path, connector: DataTourismeConnector | None = None):
    engine = ImportEngine(connector or DataTourismeConnector(), parallel=True, workers=2)
    return engine.run(path)


def _state() -> tuple:
    """What any write would change: the change feed, revisions, objects' and source records'
    timestamps and versions."""
    return (
        FeedEntry.objects.count(),
        FeedEntry.objects.aggregate(Max("seq"))["seq__max"],
        Revision.objects.count(),
        TourismObject.objects.aggregate(Max("updated_at"), Max("version")),
        SourceRecord.objects.aggregate(Max("updated_at"), Max("last_run")),
    )


def _linked_copy(archive: Path, target: Path) -> list[Path]:
    """The archive as links in `target` (a copy without copying); its record files, sorted."""
    files = sorted((archive / "objects").rglob("*.json"))
    for name in ("index.json", "context.jsonld"):
        (target / name).symlink_to(archive / name)
    for file in files:
        link = target / file.relative_to(archive)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(file)
    return [target / file.relative_to(archive) for file in files]


def test_a_reimport_of_the_unchanged_archive_writes_nothing(archive):
    first = _import(archive)
    assert first.created == first.read > 2500 and first.failed == 0
    before = _state()
    again = _import(archive)
    assert (again.read, again.unchanged) == (first.read, first.read)
    assert (again.created, again.updated, again.deleted, again.failed) == (0, 0, 0, 0)
    assert again.status == "success"
    assert not ImportIssue.objects.filter(run=again).exists()
    assert _state() == before  # no change-feed row, no revision, no timestamp moved


def test_an_edited_file_is_updated_and_a_new_mapping_version_maps_again(archive, tmp_path):
    files = _linked_copy(archive, tmp_path)
    first = _import(tmp_path)
    edited = files[7]
    payload = orjson.loads(edited.read_bytes())
    payload["rdfs:label"] = {"fr": ["Un nom changé"]}
    edited.unlink()
    edited.write_bytes(orjson.dumps(payload))
    duplicate = edited.parent / f"zz-copy-of-{files[3].name}"  # the same bytes twice
    shutil.copyfile(files[3], duplicate)
    feed_before = FeedEntry.objects.aggregate(Max("seq"))["seq__max"]

    again = _import(tmp_path)
    assert (again.read, again.updated, again.created) == (first.read + 1, 1, 0)
    assert again.unchanged == first.read  # the duplicate counts as one more unchanged file
    record = SourceRecord.objects.get(source_id=payload["@id"])
    assert record.last_run == again
    assert TourismObject.objects.get(pk=record.object_id).name == "Un nom changé"
    assert list(FeedEntry.objects.filter(seq__gt=feed_before).values_list("object_id")) == [
        (record.object_id,)
    ]
    copied = orjson.loads(files[3].read_bytes())["@id"]
    warnings = ImportIssue.objects.filter(run=again, level="warning")
    assert list(warnings.values_list("source_id", "message")) == [
        (copied, "duplicate source id in the same input (identical copies)")
    ]

    class Remapped(DataTourismeConnector):
        mapping_version = DataTourismeConnector.mapping_version + 1

    third = _import(tmp_path, Remapped())
    # every record mapped again (the duplicate dropped from its batch, as before)
    assert (third.unchanged + third.updated, third.failed) == (first.read, 0)
    assert not SourceRecord.objects.exclude(mapping_version=Remapped.mapping_version).exists()
    assert SourceRecord.objects.filter(last_run=third).count() == first.read
