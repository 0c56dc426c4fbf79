"""The import's new objects are staged in the mapping workers (`catalog.pipeline.stage_new`) and
written by the one writer (`pipeline.write`): the rows are those an in-process rebuild gives, and
every registered part sees them, on 300 real DATAtourisme records."""

import os
from functools import partial
from pathlib import Path

import orjson
import pytest
from django.db import connection

from opensit.catalog import pipeline
from opensit.catalog.models import Revision, TourismObject
from opensit.connectors.base import SourceItem
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import SourceRecord
from opensit.connectors.premap import CHUNK, KnownRecords, _Cursor, read_premapped
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.quality.models import DuplicateKey, ObjectQuality
from opensit.search.models import SearchCode, SearchEntry, SearchEventSpan, SearchOpening
from tests.conftest import SHARED_DATA
from tests.missing import unavailable

ARCHIVE = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
SAMPLE = 300
VOLATILE = {"created_at", "updated_at"}


@pytest.fixture
def sample(tmp_path) -> Path:
    """The first 300 record files of the archive, linked (not copied) into a flux folder."""
    if not ARCHIVE.is_dir():
        unavailable(f"real data samples not found at {ARCHIVE} (clone ../shared beside)")
    files = sorted((ARCHIVE / "objects").rglob("*.json"))[:SAMPLE]
    for file in files:
        target = tmp_path / "flux" / file.relative_to(ARCHIVE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(file)
    return tmp_path / "flux"


def _import(path: Path, parallel: bool, workers: int | None = 2):
    return ImportEngine(DataTourismeConnector(), parallel=parallel, workers=workers).run(path)


def _documents() -> dict[str, dict]:
    return {
        obj.id: {k: v for k, v in obj.document.items() if k not in VOLATILE}
        for obj in TourismObject.objects.all()
    }


def _text_rows() -> dict[str, tuple]:
    """The text index's documents (`search_document`), by object."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.object_id, d.body FROM search_document d"
            " JOIN search_entry e ON e.id = d.entry_id"
        )
        return {row[0]: row[1] for row in cursor.fetchall()}


def _derived() -> dict[str, object]:
    """Every derived row, keyed by object id (entry ids differ between writes)."""
    entries = dict(SearchEntry.objects.values_list("id", "object_id"))

    def by_object(model, *fields):
        out: dict[str, list] = {}
        for row in model.objects.values_list("entry_id", *fields):
            out.setdefault(entries[row[0]], []).append(row[1:])
        return {key: sorted(value) for key, value in out.items()}

    return {
        "public": {
            (d.object_id, d.lang): (bytes(d.body), d.etag, d.stale_after)
            for d in PublicDocument.objects.all()
        },
        "quality": {
            q.object_id: (q.score, q.missing, q.warnings, q.warning_codes)
            for q in ObjectQuality.objects.all()
        },
        "entries": {
            e["object_id"]: {k: v for k, v in e.items() if k not in ("id", "updated_us")}
            for e in SearchEntry.objects.values()
        },
        "codes": by_object(SearchCode, "scheme", "code"),
        "openings": by_object(
            SearchOpening, "start_day", "end_day", "weekday_mask", "yearly", "start_md", "end_md"
        ),
        "spans": by_object(SearchEventSpan, "start_day", "end_day"),
        "texts": _text_rows(),
        "duplicate_keys": sorted(
            DuplicateKey.objects.values_list(
                "object_id", "type_root", "key", "cell_y", "cell_x", "name_key"
            )
        ),
    }


@pytest.mark.django_db
def test_rows_staged_in_workers_equal_a_rebuild_in_process(sample):
    run = _import(sample, parallel=True)
    assert (run.created, run.updated, run.failed) == (SAMPLE, 0, 0)
    fast = _derived()
    assert len(fast["public"]) == 3 * SAMPLE  # all languages, fr, en
    assert len(fast["quality"]) == len(fast["entries"]) == SAMPLE
    assert len(fast["duplicate_keys"]) >= SAMPLE  # at least the grid cell of each
    assert FeedEntry.objects.filter(action="created").count() == SAMPLE
    assert set(Revision.objects.values_list("number", "action", "origin")) == {
        (1, "import", "import")
    }
    # Staged in forked workers with the run's context (every commune centroid), the rows are
    # those the parts give in this process with a commit's context (the objects' communes).
    objects = list(TourismObject.objects.select_related("owner"))
    pipeline.rebuild(["search", "public", "quality", "duplicate_keys"], objects)
    rebuilt = _derived()
    for key in fast:
        assert fast[key] == rebuilt[key], key


@pytest.mark.django_db
def test_in_process_and_worker_imports_give_the_same_documents(sample):
    assert _import(sample, parallel=False).created == SAMPLE
    in_process = _documents()
    stored = {
        r.source_id: SourceRecord.decompress(r.compressed_payload)
        for r in SourceRecord.objects.all()
    }
    # Hard-deleted objects leave no stale derived rows in the way of staged objects.
    TourismObject.objects.all().delete()
    SourceRecord.objects.all().delete()
    assert _import(sample, parallel=True).created == SAMPLE
    assert _documents() == in_process
    for record in SourceRecord.objects.all():  # the raw payload kept as read
        assert SourceRecord.decompress(record.compressed_payload) == stored[record.source_id]
        assert orjson.loads(stored[record.source_id])["@id"] == record.source_id


@pytest.mark.django_db
def test_second_run_is_unchanged_and_a_changed_record_goes_through_the_merge(sample):
    _import(sample, parallel=True)
    entries, revisions = FeedEntry.objects.count(), Revision.objects.count()
    again = _import(sample, parallel=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, SAMPLE)
    assert (FeedEntry.objects.count(), Revision.objects.count()) == (entries, revisions)
    # One record changes at the source: the worker sends its document, the merge updates it.
    link = sorted(sample.rglob("*.json"))[7]
    payload = orjson.loads(link.read_bytes())
    payload["rdfs:label"] = {"fr": ["Nom changé à la source"]}
    link.unlink()
    link.write_bytes(orjson.dumps(payload))
    third = _import(sample, parallel=True)
    assert (third.created, third.updated, third.unchanged) == (0, 1, SAMPLE - 1)
    obj = TourismObject.objects.get(source_id=payload["@id"])
    assert obj.name == "Nom changé à la source" and obj.version == 2
    body = orjson.loads(bytes(PublicDocument.objects.get(object_id=obj.id, lang="fr").body))
    assert body["name"] == "Nom changé à la source"


@pytest.mark.django_db
def test_a_registered_part_sees_the_objects_staged_in_workers(sample):
    seen: list[tuple] = []

    def rows(obj, ctx):  # runs in the forked workers
        return (obj.id, obj.status, ctx.action, os.getpid())

    pipeline.register(pipeline.Part("probe", rows, lambda ids, found: seen.extend(found)))
    try:
        _import(sample, parallel=True)
    finally:
        pipeline.PARTS.pop("probe")
    assert sorted(row[0] for row in seen) == sorted(
        TourismObject.objects.values_list("id", flat=True)
    )
    assert {row[1:3] for row in seen} == {("published", "import")}
    assert os.getpid() not in {row[3] for row in seen}  # staged beside the writer


def test_known_records_tell_stored_from_unchanged():
    known = KnownRecords.build([("a", "hash-a", 2), ("b", "hash-b", 2)])
    assert known.stored("a") and known.stored("b") and not known.stored("c")
    assert known.unchanged("a", "hash-a", 2)
    assert not known.unchanged("a", "hash-a", 3)  # a new mapping version maps again
    assert not known.unchanged("a", "hash-b", 2)
    assert not KnownRecords.build([]).stored("a")


class _Files:
    """A connector reading `files` (lists of record ids, some empty), opened lazily."""

    def __init__(self, files: list[list[str]]) -> None:
        self.files, self.opened = files, []

    def _load(self, number: int):
        self.opened.append(number)
        return [SourceItem(sid, {}, b"", f"file-{number}") for sid in self.files[number]]

    def read_units(self, path):
        return (partial(self._load, number) for number in range(len(self.files)))

    def read(self, path):
        return (item for load in self.read_units(path) for item in load())


def test_workers_parse_only_their_own_files_and_together_keep_the_read_order():
    files = [[f"r{n}-{k}" for k in range(n % 3)] for n in range(CHUNK * 7 + 37)]
    chunk_count = 8
    # The pool hands chunks out first come, first served: any increasing numbers per worker.
    shares = [[0, 1, 4, 7], [2, 3, 5, 6]]
    got: dict[int, list] = {}
    for share in shares:
        connector = _Files(files)
        cursor = _Cursor(connector, KnownRecords.build([]), Path("unused"))
        for number in share:
            got[number], unchanged = cursor.chunk(number)
            assert not unchanged
        mine = [n for n in range(len(files)) if n // CHUNK in share]
        assert connector.opened == mine  # each file is parsed by one worker only
        assert cursor.chunk(chunk_count) is None  # past the end of the input
        with pytest.raises(RuntimeError):
            cursor.chunk(share[0])  # never backwards
    merged = [item.source_id for number in range(chunk_count) for item in got[number]]
    assert merged == [item.source_id for item in _Files(files).read(None)]


def test_a_worker_that_fails_fails_the_read_with_its_error():
    class Unreadable(_Files):
        def _load(self, number: int):
            if number == CHUNK + 5:
                raise OSError(f"file-{number}: permission denied")
            return super()._load(number)

    entries = read_premapped(
        Unreadable([[] for _ in range(CHUNK * 3)]), Path("unused"), KnownRecords.build([]), None, 2
    )
    with pytest.raises(RuntimeError, match=r"mapping worker failed.*file-105: permission denied"):
        list(entries)


def test_a_record_stream_is_cut_in_chunks_of_records():
    class Stream(_Files):
        def read_units(self, path):
            raise NotImplementedError

        def read(self, path):
            return (SourceItem(sid, {}, b"", "stream") for file in self.files for sid in file)

    files = [[f"r{n}-{k}" for k in range(3)] for n in range(100)]  # 300 records
    cursor = _Cursor(Stream(files), KnownRecords.build([]), Path("unused"))
    assert [item.source_id for item in cursor.chunk(1)[0]] == [
        item.source_id for item in list(Stream(files).read(None))[CHUNK : 2 * CHUNK]
    ]
    assert len(cursor.chunk(2)[0]) == 300 - 2 * CHUNK
    assert cursor.chunk(3) is None


def test_a_dropped_duplicate_still_hands_over_its_side_data():
    """A worker sends a vocabulary entry once, with the first record that needs it (its
    `novel_side`); when that record is a duplicate the engine drops (the last copy is kept),
    the entry must still reach the connector."""
    from opensit.connectors.premap import PremappedItem

    connector = DataTourismeConnector()
    attached: list = []
    connector.attach = attached.extend
    engine = ImportEngine(connector)
    engine._issue = lambda *args, **kwargs: None  # no run record needed here
    entry = object()
    first = PremappedItem("dup", None, b"", outcome=("ok", b"{}", [entry]))
    last = PremappedItem("dup", None, b"", outcome=("ok", b"{}", []))
    failed = PremappedItem("bad", None, b"", outcome=("mapping", "name", "missing"))
    kept = engine._dedupe([first, failed, last, failed])
    assert kept == [last, failed]
    assert attached == [entry]
