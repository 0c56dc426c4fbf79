"""The DATAtourisme import on the real 2020 Centre-Val de Loire archive (2,550 records).

The whole archive is imported once for the module (committed, flushed at the end); each test
then runs in its own rolled-back transaction on top of it.
"""

import zipfile
from datetime import date
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from opensit.catalog.models import Revision, TourismObject, VocabularyEntry
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.connectors.jsonl import JsonLinesConnector
from opensit.connectors.models import ImportRun, SourceRecord
from opensit.diffusion.models import FeedEntry
from tests.conftest import SHARED_DATA
from tests.missing import unavailable

ARCHIVE = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
DATA = "https://data.datatourisme.gouv.fr/15/"
LOCHES = "objects/0/00/15-003eb63b-ee8e-316f-b93f-6d58439158e6.json"
CAMPING = "objects/e/ed/15-ed17248a-105e-30f4-a7cb-e5af3ee67171.json"
SUEVRES = "objects/f/fa/15-fa8765c2-2566-3902-b9c6-2fe9f55d2a6c.json"


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    if not ARCHIVE.is_dir():
        unavailable(f"real data samples not found at {ARCHIVE} (clone ../shared beside)")
    with django_db_blocker.unblock():
        run = ImportEngine(DataTourismeConnector()).run(ARCHIVE)
        yield run
        call_command("flush", interactive=False, verbosity=0)


def _object(source_file: str) -> TourismObject:
    source_id = DATA + source_file.rsplit("/", 1)[1].removeprefix("15-").removesuffix(".json")
    return TourismObject.objects.get(source_system="datatourisme", source_id=source_id)


def _copy_with_new_id(source_file: str, suffix: str) -> dict:
    payload = orjson.loads((ARCHIVE / source_file).read_bytes())
    payload["@id"] += suffix
    return payload


def _import(path: Path, strict: bool = False, parallel: bool | None = None) -> ImportRun:
    return ImportEngine(DataTourismeConnector(), strict=strict, parallel=parallel).run(path)


@pytest.mark.django_db
def test_whole_archive_counts(first_run):
    assert first_run.status == ImportRun.Status.SUCCESS
    assert (first_run.read, first_run.created, first_run.failed) == (2550, 2550, 0)
    assert first_run.duration > 0 and first_run.finished_at is not None
    roots = dict(TourismObject.objects.values_list("type_root").annotate(n=Count("id")).order_by())
    assert roots["event"] == 472
    assert roots["accommodation"] == 988
    assert roots["itinerary"] == 63
    assert roots["cultural_site"] == 214
    assert sum(roots.values()) == 2550
    assert SourceRecord.objects.filter(system="datatourisme").count() == 2550
    assert first_run.unknown_keys == {}


@pytest.mark.django_db
def test_event_record_values(first_run):
    obj = _object(LOCHES)
    doc = obj.document
    assert obj.type_root == "event" and obj.commune_insee == "37132"
    assert doc["name"] == {
        "fr": "Visite – Le chantier de la chapelle du Centre paroissial Jeanne d'Arc"
    }
    assert (obj.latitude, obj.longitude) == (47.118113, 0.984287)
    assert (obj.first_date, obj.last_date) == (date(2020, 9, 19), date(2020, 9, 20))
    assert {"kind": "email", "value": "patrimoine@mairieloches.com", "label": ""} in [
        {k: c.get(k, "") for k in ("kind", "value", "label")} for c in doc["contacts"]
    ]
    main = next(m for m in doc["media"] if m.get("main"))
    assert main["url"].endswith(
        "/Visite---Le-chantier-de-la-chapelle-du-centre-paroissial-Sainte-Jeanne-d-Arc-loches-valdeloire.jpg"
    )
    assert main["credit"] == "Ville de Loches"
    assert main["licence"] == "source-rights"  # ebucore:isCoveredBy "oui"
    assert main["publication_end"] == "2020-09-30"
    assert doc["source"]["publisher"] == "SIT Centre-Val de Loire"
    assert doc["extra"]["dc:identifier"] == "FMACEN037V50K6CR"


@pytest.mark.django_db
def test_place_record_values(first_run):
    office = _object(SUEVRES).document
    assert office["name"]["en"] == "Syndicat d'initiative - Suèvres / Cour-sur-Loire"
    assert office["location"]["commune"] == {"insee": "41252", "name": "Suèvres"}
    (period,) = office["opening"]["periods"]
    assert (period["start"], period["end"], period["weekdays"]) == (
        "2020-09-01",
        "2020-09-15",
        ["sat", "sun"],
    )
    assert period["times"] == [{"opens": "15:00:00", "closes": "19:00:00"}]
    child = office["pricing"]["prices"][0]
    assert (child["label"]["fr"], child["min"]) == ("Tarif enfant", 1.0)
    camping = _object(CAMPING)
    assert camping.type == "campsite" and camping.commune_insee == "41049"
    assert camping.document["classifications"] == ["ScaleRating_3etoiles"]
    assert camping.document["pricing"]["prices"] == [{"min": 2.2, "max": 4.0}]


@pytest.mark.django_db
def test_vocabulary_entries_met_are_registered(first_run):
    toilet = VocabularyEntry.objects.get(code="Toilet")
    assert (toilet.scheme, toilet.labels) == ("amenity", {"fr": "Toilettes", "en": "Toilets"})
    assert toilet.parent == "CommonAmenity"
    stars = VocabularyEntry.objects.get(code="ScaleRating_3etoiles")
    assert (stars.scheme, stars.labels["fr"]) == ("classification", "3 étoiles")
    assert VocabularyEntry.objects.get(code="Check").scheme == "payment"
    assert VocabularyEntry.objects.get(code="en").labels == {"fr": "Anglais", "en": "English"}
    used = {
        c
        for d in TourismObject.objects.values_list("document", flat=True)
        for c in d.get("amenities", [])
    }
    assert used <= set(VocabularyEntry.objects.values_list("code", flat=True))


@pytest.mark.django_db
def test_second_run_is_unchanged_and_writes_nothing(first_run):
    revisions, changes = Revision.objects.count(), FeedEntry.objects.count()
    run = _import(ARCHIVE)
    assert (run.read, run.created, run.updated, run.unchanged) == (2550, 0, 0, 2550)
    assert (Revision.objects.count(), FeedEntry.objects.count()) == (revisions, changes)


@pytest.mark.django_db
def test_zip_of_the_archive_reads_every_record(first_run, tmp_path):
    target = tmp_path / "flux.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        archive.write(ARCHIVE / "index.json", "index.json")
        for file in sorted((ARCHIVE / "objects").rglob("*.json")):
            archive.write(file, file.relative_to(ARCHIVE).as_posix())
    assert DataTourismeConnector().count(target) == 2550
    run = _import(target)
    assert (run.read, run.unchanged, run.failed) == (2550, 2550, 0)


@pytest.mark.django_db
def test_single_file_and_folder_of_files(first_run, tmp_path):
    single = tmp_path / "one.jsonld"
    single.write_bytes(orjson.dumps(_copy_with_new_id(CAMPING, "-copy")))
    run = _import(single)
    assert (run.read, run.created) == (1, 1)
    copy = TourismObject.objects.get(source_id=DATA + "ed17248a-105e-30f4-a7cb-e5af3ee67171-copy")
    assert copy.document["name"]["en"] == "Camping Le Gué"
    folder = tmp_path / "folder" / "deep"
    folder.mkdir(parents=True)
    for n, source in enumerate((LOCHES, SUEVRES)):
        (folder / f"{n}.json").write_bytes(orjson.dumps(_copy_with_new_id(source, "-f")))
    graph = {"@graph": [_copy_with_new_id(CAMPING, "-g1"), _copy_with_new_id(SUEVRES, "-g2")]}
    (folder.parent / "graph.jsonld").write_bytes(orjson.dumps(graph))
    run = _import(folder.parent)
    assert (run.read, run.created, run.failed) == (4, 4, 0)


def _broken_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "a-good.json").write_bytes(orjson.dumps(_copy_with_new_id(LOCHES, "-good")))
    (folder / "b-broken.json").write_bytes(b'{"@id": "https://data.datatourisme.gouv.fr/x", ')
    bad_lat = _copy_with_new_id(SUEVRES, "-badlat")
    bad_lat["isLocatedAt"][0]["schema:geo"]["schema:latitude"] = "47,6 nord"
    bad_lat["hasTranslatedProperty"] = [{"@id": "https://data.datatourisme.gouv.fr/t1"}]
    (folder / "c-badlat.json").write_bytes(orjson.dumps(bad_lat))
    nameless = _copy_with_new_id(CAMPING, "-noname")
    del nameless["rdfs:label"]
    (folder / "d-noname.json").write_bytes(orjson.dumps(nameless))
    return folder


@pytest.mark.django_db
@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "mapping-worker"])
def test_bad_input_names_file_record_and_field_and_the_rest_imports(first_run, tmp_path, parallel):
    run = _import(_broken_folder(tmp_path), parallel=parallel)
    assert run.status == ImportRun.Status.PARTIAL
    assert (run.read, run.created, run.failed) == (4, 2, 2)
    issues = {(i.level, i.file, i.source_id, i.field): i.message for i in run.issues.all()}
    assert "invalid JSON" in issues[("error", "b-broken.json", "", "")]
    noname = DATA + "ed17248a-105e-30f4-a7cb-e5af3ee67171-noname"
    assert ("error", "d-noname.json", noname, "name") in issues
    badlat = DATA + "fa8765c2-2566-3902-b9c6-2fe9f55d2a6c-badlat"
    assert "47,6 nord" in issues[("warning", "c-badlat.json", badlat, "schema:geo.schema:latitude")]
    kept = TourismObject.objects.get(source_id=badlat)
    assert kept.latitude is None and kept.commune_insee == "41252"
    assert run.unknown_keys == {"hasTranslatedProperty": 1}
    assert kept.document["extra"]["hasTranslatedProperty"] == {
        "@id": "https://data.datatourisme.gouv.fr/t1"
    }


@pytest.mark.django_db
@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "mapping-worker"])
def test_strict_mode_aborts_and_writes_nothing(first_run, tmp_path, parallel):
    objects, records = TourismObject.objects.count(), SourceRecord.objects.count()
    run = _import(_broken_folder(tmp_path), strict=True, parallel=parallel)
    assert run.status == ImportRun.Status.ABORTED
    assert run.created == 0
    assert (TourismObject.objects.count(), SourceRecord.objects.count()) == (objects, records)


@pytest.mark.django_db
def test_cli_reports_errors_without_traceback(first_run, tmp_path, capsys):
    folder = _broken_folder(tmp_path)
    with pytest.raises(CommandError, match="records failed"):  # exit 1: cron notices
        call_command("import", "datatourisme", str(folder), "--no-progress")
    out = capsys.readouterr().out
    assert "b-broken.json" in out and "d-noname.json" in out and "Traceback" not in out
    with pytest.raises(CommandError, match=r"(?i)abort|interromp"):
        call_command("import", "datatourisme", str(folder), "--strict", "--no-progress")
    with pytest.raises(CommandError):
        call_command("import", "datatourisme", str(tmp_path / "missing"))
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\x01 not json")
    with pytest.raises(CommandError, match=r"records? failed"):
        call_command("import", "datatourisme", str(garbage), "--no-progress")
    assert "invalid JSON" in capsys.readouterr().out


@pytest.mark.django_db
def test_jsonl_round_trip_gives_identical_documents(first_run, tmp_path):
    """Export, delete 300 objects, import the whole dump: the 300 come back identical, and the
    2,250 others are 'unchanged', which the batch save only says when the content hash of the
    re-read document equals the stored one."""
    before = {
        obj.id: (obj.content_hash, obj.document)
        for obj in TourismObject.objects.only("id", "content_hash", "document")
    }
    dump = tmp_path / "catalog.jsonl"
    call_command("export", "jsonl", "--output", str(dump))
    assert sum(1 for _ in dump.open("rb")) == 2550
    removed = sorted(before)[:300]
    Revision.objects.filter(object_id__in=removed).delete()
    TourismObject.objects.filter(id__in=removed).delete()
    run = ImportEngine(JsonLinesConnector()).run(dump)
    assert (run.created, run.unchanged, run.updated, run.failed) == (300, 2250, 0, 0)
    volatile = {"status", "owner", "created_at", "updated_at", "slug"}
    for obj in TourismObject.objects.filter(id__in=removed):
        content_hash, document = before[obj.id]
        assert {k: v for k, v in obj.document.items() if k not in volatile} == {
            k: v for k, v in document.items() if k not in volatile
        }, obj.id
        assert obj.content_hash == content_hash


@pytest.mark.django_db
def test_seed_vocabulary_from_the_ontology(dt_archive, tmp_path, capsys):
    call_command("vocabulary", "seed-datatourisme", str(ARCHIVE / "ontology.owl"))
    assert "created" in capsys.readouterr().out
    common = VocabularyEntry.objects.get(code="CommonAmenity")
    assert (common.scheme, common.labels["fr"], common.parent) == (
        "amenity",
        "Équipement et service basique",
        "Amenity",
    )
    cuisine = VocabularyEntry.objects.get(code="CuisineCategory")
    assert (cuisine.scheme, cuisine.labels["en"]) == ("theme", "Cuisine category")
    assert VocabularyEntry.objects.get(code="ScaleRating").scheme == "classification"
    bad = tmp_path / "bad.owl"
    bad.write_bytes(b"not json-ld")
    with pytest.raises(CommandError, match=r"bad\.owl"):
        call_command("vocabulary", "seed-datatourisme", str(bad))
