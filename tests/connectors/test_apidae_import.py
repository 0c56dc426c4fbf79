"""The Apidae connector on the real samples of ../shared/data/apidae: every file imports, the
types, the values of chosen records, idempotence, bad input, strict mode and the CLI."""

from collections import Counter
from datetime import date, time
from io import StringIO
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opensit.catalog.models import Revision, TourismObject, VocabularyEntry
from opensit.catalog.types import APIDAE_TO_TYPE, root_of
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportIssue, ImportRun, SourceRecord
from opensit.core.identifiers import source_object_id
from opensit.diffusion.models import FeedEntry
from tests.missing import unavailable

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]

MULTILANG = "sitra-api-v002-multilang-2014.json"


@pytest.fixture
def apidae_dir(shared_data: Path) -> Path:
    folder = shared_data / "apidae"
    if not folder.is_dir():
        unavailable(f"no Apidae samples at {folder}")
    return folder


def run_import(path: Path, **kwargs) -> ImportRun:
    return ImportEngine(ApidaeConnector(), **kwargs).run(path)


def document(apidae_id: int) -> dict:
    return TourismObject.objects.get(source_system="apidae", source_id=str(apidae_id)).document


def test_every_sample_imports_without_error(apidae_dir):
    files = sorted(apidae_dir.glob("*.json"))
    assert len(files) == 7
    expected = 0
    for path in files:
        data = orjson.loads(path.read_bytes())
        expected += len(data.get("objetsTouristiques") or [])
        run = run_import(path)
        assert run.status == ImportRun.Status.SUCCESS, (path.name, list(run.issues.all()))
        assert run.failed == 0
    # the three commerce samples are the same Apidae object (479743) in three versions
    assert expected == 105
    assert TourismObject.objects.filter(source_system="apidae").count() == 103


def test_multilang_types_by_apidae_type(apidae_dir):
    path = apidae_dir / MULTILANG
    run = run_import(path)
    assert (run.read, run.created, run.failed) == (100, 100, 0)
    source_types = {
        str(o["id"]): o["type"] for o in orjson.loads(path.read_bytes())["objetsTouristiques"]
    }
    by_apidae: dict[str, Counter] = {}
    for source_id, our_type in TourismObject.objects.values_list("source_id", "type"):
        by_apidae.setdefault(source_types[source_id], Counter())[our_type] += 1
    totals = {apidae: sum(c.values()) for apidae, c in by_apidae.items()}
    assert totals == {
        "EQUIPEMENT": 27,
        "SEJOUR_PACKAGE": 19,
        "FETE_ET_MANIFESTATION": 18,
        "HEBERGEMENT_COLLECTIF": 17,
        "ACTIVITE": 9,
        "HEBERGEMENT_LOCATIF": 6,
        "PATRIMOINE_NATUREL": 2,
        "PATRIMOINE_CULTUREL": 1,
        "COMMERCE_ET_SERVICE": 1,
    }
    # EQUIPEMENT: the trails become itineraries (walking, cycling, road), one stays a facility
    assert by_apidae["EQUIPEMENT"] == Counter(
        walking_tour=18, cycling_tour=4, road_tour=2, itinerary=2, leisure=1
    )
    # every event stays under the event root, refined where its type block says more
    assert {root_of(t) for t in by_apidae["FETE_ET_MANIFESTATION"]} == {"event"}
    assert by_apidae["FETE_ET_MANIFESTATION"]["sports_event"] == 4
    assert by_apidae["FETE_ET_MANIFESTATION"]["concert"] == 2
    # every other type lands in the root or a child of its APIDAE_TO_TYPE mapping
    for apidae, types in by_apidae.items():
        if apidae == "EQUIPEMENT":
            continue
        assert {root_of(t) for t in types} == {root_of(APIDAE_TO_TYPE[apidae])}, apidae
    assert run.unknown_keys == {
        "identifierSitra1": 100,
        "state": 100,
        "formatVersion": 100,
        "visites": 30,
    }


def test_empty_response_imports_nothing(apidae_dir):
    run = run_import(apidae_dir / "apidae-api-v002-empty.json")
    assert run.status == ImportRun.Status.SUCCESS
    assert (run.read, run.created, run.failed) == (0, 0, 0)
    assert not TourismObject.objects.exists()


def test_multilang_record_values(apidae_dir):
    run_import(apidae_dir / MULTILANG)
    trail = document(526457)
    assert trail["name"] == {
        "fr": "Refuges en Valgaudemar",
        "en": "Refugees in Valgaudemar",
        "es": "Refugios en Valgaudemar",
    }
    assert trail["type"] == "walking_tour"
    assert trail["location"]["commune"] == {"insee": "05182", "name": "Villar-Loubière"}
    assert (trail["location"]["latitude"], trail["location"]["longitude"]) == (44.826552, 6.144058)
    assert trail["source"]["publisher"] == "Maison du Tourisme du Champsaur & Valgaudemar"
    assert trail["source"]["updated_at"].startswith("2014-06-06T15:12:40")
    assert trail["created_at"].startswith("2014-05-23T07:48:12")
    assert {"kind": "phone", "value": "04 92 55 23 21"} in trail["contacts"]
    main = next(m for m in trail["media"] if m.get("main"))
    assert main["url"].endswith("/images/600938.jpg")
    assert main["credit"] == "Christian Martelet"
    assert (main["width"], main["height"]) == (900, 600)
    gpx = [m for m in trail["media"] if m["kind"] == "trace"]
    assert [m["url"].rsplit("/", 1)[1] for m in gpx] == ["600838.gpx"]
    assert gpx[0]["mime_type"] == "application/gpx+xml"
    assert trail["extra"]["informationsEquipement"]["itineraire"]["distance"] == 64.2
    assert {link["target"] for link in trail["links"] if link["kind"] == "territory"} == {
        "apidae:95938",
        "apidae:143718",
        "apidae:179784",
    }
    # the problem-report emails are internal: private, not diffused
    assert "nicolas.levoyer@champsaur-valgaudemar.com" in trail["private"]["notes"]

    hut = document(317604)
    assert hut["type"] == "collective_accommodation"
    assert hut["location"]["commune"]["insee"] == "05181"
    assert hut["capacity"] == {"persons": 94}
    night = next(
        p for p in hut["pricing"]["prices"] if p["label"]["fr"].startswith("Nuitée (/ pers.)")
    )
    assert night["label"] == {"fr": "Nuitée (/ pers.)", "en": "Night (/ pers)"}
    assert "Tarif mini = - de 25 ans" in night["conditions"]["fr"]  # the precisionTarif
    assert night["policy"] == "apidae:1525"  # the TarifType, a vocabulary code
    assert night["season"] == {"fr": "A l'année", "en": "Annual"}  # the TarifTypePeriode
    assert (night["min"], night["max"]) == (4.85, 19.4)
    assert (night["period_start"], night["period_end"]) == ("2014-03-22", "2014-09-14")
    assert "apidae:1271" in hut["pricing"]["payment_methods"]  # Chèque
    assert hut["pricing"]["free"] is False
    assert hut["extra"]["descriptionTarif"]["complement"]["libelleFr"].startswith(
        "Pour des raisons techniques"
    )
    assert {
        "kind": "phone",
        "value": "04 76 79 93 44",
        "label": "Hors période de gardiennage",
    } in hut["contacts"]
    route = [link for link in hut["links"] if link["kind"] == "route"]
    assert [link["target"] for link in route] == ["apidae:519349"]  # ETAPE_PARCOURS

    kml = [m for m in document(375912)["media"] if m["kind"] == "trace"]
    assert [m["url"].rsplit("/", 1)[1] for m in kml] == ["432419.kml"]
    assert kml[0]["mime_type"] == "application/vnd.google-earth.kml+xml"

    # a stay on Fridays, Saturdays and Sundays of summer 2014: one compact period
    stay = document(322810)
    period = stay["opening"]["periods"][0]
    assert (period["start"], period["end"]) == ("2014-06-01", "2014-09-30")
    assert period["weekdays"] == ["fri", "sat", "sun"]
    adult = stay["pricing"]["prices"][0]
    assert (adult["label"]["fr"], adult["min"]) == ("Adulte", 285.0)

    cheque = VocabularyEntry.objects.get(code="apidae:1271")
    assert (cheque.scheme, cheque.labels["fr"]) == ("payment", "Chèque")
    assert cheque.apidae_ids == [1271]


def test_event_dates_and_trek(apidae_dir):
    run_import(apidae_dir / "apidae-api-v002-event-2022.json")
    run_import(apidae_dir / "apidae-api-v002-trek-trimmed.json")
    event = document(323154)
    assert event["type"] == "sports_event"
    assert event["event"]["occurrences"] == [
        {"start_date": "2019-08-06", "start_time": "09:00:00", "end_time": "12:00:00"}
    ]
    obj = TourismObject.objects.get(source_id="323154")
    assert (obj.first_date, obj.last_date) == (date(2019, 8, 6), date(2019, 8, 6))
    assert obj.commune_insee == "05118"
    assert event["location"]["place_name"] == {"fr": "Embranchement de la route de Pomet"}
    assert event["languages"] == ["fr"]
    assert event["name"]["en"] == "Nom EN"

    trek = document(123123)  # no `type` key: guessed from informationsEquipement
    assert trek["type"] == "walking_tour"
    assert trek["name"] == {"fr": "Une belle randonnée de test", "en": "A great hike to test"}
    expired = next(m for m in trek["media"] if m["url"].endswith("another_picture.jpg"))
    assert expired["publication_end"] == "2002-08-23"
    kept = next(m for m in trek["media"] if m["url"].endswith("a_picture.jpg"))
    assert kept["credit"] == "The author of the picture" and "publication_end" not in kept
    trace = [m["url"] for m in trek["media"] if m["kind"] == "trace"]
    assert trace == ["https://example.net/apidae_test_trek.gpx"]
    kinds = {(c["kind"], c["value"]) for c in trek["contacts"]}
    assert ("email", "accueil-rando@example.com") in kinds
    assert ("other", "1 gros nuage suivi de 2 petits") in kinds
    assert trek["labels"] == ["apidae:8607"]  # distinction "Inscrit au PDIPR"
    steps = trek["extra"]["presentation"]["descriptifsThematises"][0]["description"]
    assert steps["libelleEn"].startswith("Start: from the parking")


def test_second_run_changes_nothing(apidae_dir):
    path = apidae_dir / MULTILANG
    run_import(path)
    revisions, changes = Revision.objects.count(), FeedEntry.objects.count()
    again = run_import(path)
    assert (again.created, again.updated, again.unchanged, again.failed) == (0, 0, 100, 0)
    assert (Revision.objects.count(), FeedEntry.objects.count()) == (revisions, changes)


def test_remapping_the_same_payloads_writes_no_revision(apidae_dir, monkeypatch):
    """A mapping version bump re-maps every record; identical documents are not updates."""
    path = apidae_dir / MULTILANG
    run_import(path)
    revisions = Revision.objects.count()
    monkeypatch.setattr(ApidaeConnector, "mapping_version", 2)
    again = run_import(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 100)
    assert Revision.objects.count() == revisions


def _objects(apidae_dir: Path, *ids: int) -> list[dict]:
    data = orjson.loads((apidae_dir / MULTILANG).read_bytes())
    by_id = {o["id"]: o for o in data["objetsTouristiques"]}
    return [by_id[i] for i in ids]


def _broken_response(apidae_dir: Path, tmp_path: Path) -> Path:
    good_a, bad, good_b = _objects(apidae_dir, 526457, 322810, 317604)
    bad["ouverture"]["periodesOuvertures"][0]["dateDebut"] = "2014-13-45"
    path = tmp_path / "broken.json"
    path.write_bytes(orjson.dumps({"numFound": 3, "objetsTouristiques": [good_a, bad, good_b]}))
    return path


def test_malformed_record_names_record_and_field(apidae_dir, tmp_path):
    run = run_import(_broken_response(apidae_dir, tmp_path))
    assert run.status == ImportRun.Status.PARTIAL
    assert (run.created, run.failed) == (2, 1)
    issue = ImportIssue.objects.get(run=run, level="error")
    assert issue.source_id == "322810"
    assert issue.field == "ouverture.periodesOuvertures[0].dateDebut"
    assert "2014-13-45" in issue.message
    assert issue.file == "broken.json#1"
    assert set(TourismObject.objects.values_list("source_id", flat=True)) == {"526457", "317604"}


def test_strict_mode_aborts_and_writes_nothing(apidae_dir, tmp_path):
    run = run_import(_broken_response(apidae_dir, tmp_path), strict=True)
    assert run.status == ImportRun.Status.ABORTED
    assert run.created == 0
    assert not TourismObject.objects.exists()
    assert not SourceRecord.objects.exists()
    assert not VocabularyEntry.objects.exists()


def test_cli_reports_and_never_tracebacks(apidae_dir, tmp_path):
    out = StringIO()
    call_command("import", "apidae", str(apidae_dir / MULTILANG), "--no-progress", stdout=out)
    text = out.getvalue()
    assert "Status: Success" in text and "100" in text
    # the old API key echoed in the 2014 response's query block appears nowhere
    key = orjson.loads((apidae_dir / MULTILANG).read_bytes())["query"]["apiKey"]
    assert key not in text
    for record in SourceRecord.objects.all():
        assert key not in orjson.dumps(record.payload).decode()
    for obj in TourismObject.objects.all():
        assert key not in orjson.dumps(obj.document).decode()

    out = StringIO()
    with pytest.raises(CommandError, match="Aborted"):
        call_command(
            "import",
            "apidae",
            str(_broken_response(apidae_dir, tmp_path)),
            "--strict",
            "--no-progress",
            stdout=out,
        )
    assert "322810" in out.getvalue() and "dateDebut" in out.getvalue()

    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b'{"objetsTouristiques": [')
    out = StringIO()
    with pytest.raises(CommandError, match="record failed") as failure:  # cron notices
        call_command("import", "apidae", str(garbage), "--no-progress", stdout=out)
    assert failure.value.returncode == 1
    assert "invalid JSON" in out.getvalue()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "apidae", str(tmp_path / "missing.zip"), stdout=StringIO())


def test_object_ids_are_stable(apidae_dir):
    run_import(apidae_dir / "apidae-api-v002-event-2022.json")
    obj = TourismObject.objects.get(source_id="323154")
    assert obj.id == source_object_id("apidae", "323154")
    assert obj.document["opening"]["periods"][0]["times"] == [
        {"opens": time(9).isoformat(), "closes": time(12).isoformat()}
    ]


def test_classification_capacity_booking_and_media_kinds(apidae_dir):
    run_import(apidae_dir / MULTILANG)
    rental = document(350001)
    assert rental["type"] == "rental"
    assert rental["classifications"] == ["apidae:2628"]
    stars = VocabularyEntry.objects.get(code="apidae:2628")
    assert (stars.scheme, stars.labels["fr"]) == ("classification", "2 étoiles")
    assert rental["capacity"] == {"beds": 4, "persons": 6, "rooms": 2}
    assert rental["accessibility"] == ["apidae:3651"]
    wheelchair = VocabularyEntry.objects.get(code="apidae:3651")
    assert wheelchair.scheme == "accessibility"
    assert wheelchair.labels["fr"] == "Non accessible en fauteuil roulant"

    trip = document(327194)
    assert trip["booking"] == {
        "organisation": "Sylvain Marulaz",
        "url": "http://www.serac-montagne.com/home.php?rub=reservation&xid=1786",
        "email": "sylvain@lepleindair.com",
        "phone": "06 01 74 95 67",
    }
    online = next(
        c for c in trip["contacts"] if c["kind"] == "website" and c.get("role") == "booking"
    )
    assert online["label"] == "Sylvain Marulaz — Réservation en ligne"

    event = document(436660)
    videos = [m["url"] for m in event["media"] if m["kind"] == "video"]
    assert videos == ["http://www.youtube.com/watch?v=lSzHg2E4O50"]
    languages = Counter(
        lang
        for doc in TourismObject.objects.values_list("document", flat=True)
        for lang in doc.get("languages", [])
    )
    assert languages["en"] == 39 and languages["de"] == 13
