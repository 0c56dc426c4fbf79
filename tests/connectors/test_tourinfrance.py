"""The TourinFrance v3 connector on the real feed of ../shared/data/tourinfrance (5 collective
accommodations of the Aveyron board): values, the CLI, a second run unchanged, broken records
and XML, strict mode."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opensit.catalog.models import TourismObject, VocabularyEntry
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportIssue, ImportRun
from opensit.connectors.tourinfrance import TourinFranceConnector
from tests.missing import unavailable

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]
FEED = "tif-v3-aveyron-collective-accommodation.xml"


@pytest.fixture
def feed(shared_data: Path) -> Path:
    path = shared_data / "tourinfrance" / FEED
    if not path.is_file():
        unavailable(f"no TourinFrance sample at {path}")
    return path


def run_import(path: Path, **kwargs) -> ImportRun:
    return ImportEngine(TourinFranceConnector(), **kwargs).run(path)


def document(source_id: str) -> dict:
    return TourismObject.objects.get(source_system="tourinfrance", source_id=source_id).document


def test_every_object_imports_with_its_type(feed):
    run = run_import(feed)
    assert (run.read, run.created, run.failed) == (5, 5, 0)
    types = dict(TourismObject.objects.values_list("source_id", "type"))
    assert types == {
        "TFO024499558523": "collective_accommodation",
        "TFO023905990469": "holiday_village",
        "TFO024413651003": "collective_accommodation",
        "TFO16017196097": "collective_accommodation",
        "TFO080043817713": "holiday_village",
    }
    # the only element the mapping does not know, reported by path
    assert run.unknown_keys == {
        "OI/Geolocalisations/DetailGeolocalisation/Zone/Points/DetailPoint/Cartes": 1
    }


def test_values_of_a_gite(feed):
    run_import(feed)
    gite = document("TFO024499558523")
    assert gite["name"] == {"fr": 'Gîte d\'étape "Les Volets Bleus"'}
    assert gite["short_description"] == {"fr": "Oasis de verdure à 5 minutes du centre ville."}
    assert gite["description"]["en"].startswith("Situated in the old mining area of the Aveyron")
    assert set(gite["description"]) == {"fr", "en", "es"}
    location = gite["location"]
    assert location["commune"] == {"insee": "12089", "name": "Decazeville"}
    assert location["address_lines"] == ["3 Rue Camille Douls"]
    assert location["postal_code"] == "12300"
    assert (location["latitude"], location["longitude"]) == (44.56384647420258, 2.249247714233391)
    assert location["altitude"] == 224
    assert "Gare SNCF : Viviez - Decazeville (5 km)" in location["access"]["fr"]
    contacts = {(c["kind"], c["value"]) for c in gite["contacts"]}
    assert ("phone", "+330565644905") in contacts
    assert ("mobile", "0781022758") in contacts
    assert ("email", "contact@voletsbleusdecazeville.fr") in contacts
    first = gite["media"][0]
    assert first["url"] == (
        "http://www.caravelis.com/xml/oi/TFO024499558523/TFO024499558523-14a/medias/jpg/accueil.jpg"
    )
    assert (first["credit"], first["main"], first["width"], first["height"]) == (
        "Les Volets Bleus", True, 480, 319,
    )  # fmt: skip
    assert first["description"] == {"fr": "Accueil"} and first["mime_type"] == "image/jpeg"
    assert gite["media"][1]["credit"] == "Jean BRIN"
    assert len(gite["media"]) == 6
    night = gite["pricing"]["prices"][0]
    assert night["label"] == {"fr": "Nuitée adulte"}
    assert (night["min"], night["max"], night["unit"]) == (13, 20, "A la journée")
    assert night["audiences"] == ["adults"] and night["offer"] == "tif:13.04.04.86"
    assert gite["pricing"]["payment_methods"] == ["tif:13.02.08", "tif:13.02.14"]
    assert gite["capacity"] == {"rooms": 4, "persons": 15}
    assert gite["opening"]["periods"] == [{"start": "2014-04-01", "end": "2014-10-15"}]
    assert gite["languages"] == ["fr", "es", "en"]
    assert gite["source"]["updated_at"].startswith("2014-03-26")
    assert gite["source"]["publisher"] == "Comité Départemenal du Tourisme de l'Aveyron"
    assert "tif:15.05.02" in gite["amenities"]  # a shelter for bikes
    shelter = VocabularyEntry.objects.get(code="tif:15.05.02")
    assert shelter.labels == {"fr": "Abris pour vélo ou VTT"}
    # persons of the contacts are kept, not diffused as contacts
    assert gite["extra"]["tourinfrance"]["personnes"][0]["Nom"] == "VILLETORTE"


def test_classifications_labels_capacities_and_links(feed):
    run_import(feed)
    village = document("TFO023905990469")
    assert village["classifications"] == ["tif:06.04.01.06.07"]
    label = VocabularyEntry.objects.get(code="tif:06.04.01.06.07").labels["fr"]
    assert label == "Hébergement d'accueil collectif 3 étoiles"
    assert village["capacity"] == {"persons": 449, "rooms": 101, "seats": 350, "units": 68}
    chalet = document("TFO16017196097")
    assert chalet["labels"] == ["tif:06.01.05.04", "tif:06.01.05.03"]
    assert [link["target"] for link in chalet["links"]][:1] == ["tourinfrance:TFO087988011714"]
    assert chalet["location"]["commune"] == {"insee": "12187", "name": "Prades-d'Aubrac"}
    week = document("TFO080043817713")["pricing"]["prices"][0]
    assert week["label"] == {"fr": "Location Semaine Basse Saison"}
    assert (week["min"], week["max"], week["season"]) == (232, 290, {"fr": "Basse Saison"})
    cartes = chalet["extra"]["tourinfrance"]["unmapped"]
    assert list(cartes) == ["Geolocalisations/DetailGeolocalisation/Zone/Points/DetailPoint/Cartes"]


def test_cli_import_then_unchanged(feed):
    out = StringIO()
    call_command("import", "tourinfrance", str(feed), "--no-progress", stdout=out)
    assert "Status: Success" in out.getvalue()
    before = document("TFO080043817713")
    call_command("import", "tourinfrance", str(feed), "--no-progress", stdout=out)
    second = ImportRun.objects.order_by("-pk").first()
    assert (second.read, second.created, second.updated, second.unchanged) == (5, 0, 0, 5)
    assert document("TFO080043817713") == before


def _broken(feed: Path, tmp_path: Path, old: bytes, new: bytes) -> Path:
    raw = feed.read_bytes()
    assert old in raw
    path = tmp_path / "broken.xml"
    path.write_bytes(raw.replace(old, new, 1))
    return path


def test_a_record_without_name_is_named_the_rest_imports(feed, tmp_path):
    old = b'<dc:title xml:lang="FR">Les Hauts de Najac</dc:title>'
    path = _broken(feed, tmp_path, old, b"")
    with pytest.raises(CommandError, match="1 record"):
        call_command("import", "tourinfrance", str(path), "--no-progress", stdout=StringIO())
    issue = ImportIssue.objects.get(level="error")
    assert (issue.source_id, issue.field) == ("TFO023905990469", "DublinCore/title")
    assert TourismObject.objects.filter(source_system="tourinfrance").count() == 4


def test_malformed_xml_is_reported_with_file_and_line(feed, tmp_path):
    old = b"<dc:identifier>TFO024413651003</dc:identifier>"
    path = _broken(feed, tmp_path, old, b"<dc:identifier>TFO024413651003</dc:identifer>")
    run = run_import(path)
    assert run.status == ImportRun.Status.PARTIAL
    issue = ImportIssue.objects.get(level="error")
    assert issue.file.startswith("broken.xml:") and "malformed XML" in issue.message
    line = int(issue.file.split(":")[1])
    assert b"</dc:identifer>" in path.read_bytes().splitlines()[line - 1]
    assert TourismObject.objects.filter(source_system="tourinfrance").count() == 2


def test_strict_mode_rolls_everything_back(feed, tmp_path):
    old = b'<dc:title xml:lang="FR">Les Hauts de Najac</dc:title>'
    run = run_import(_broken(feed, tmp_path, old, b""), strict=True)
    assert run.status == ImportRun.Status.ABORTED
    assert not TourismObject.objects.exists()
    assert not VocabularyEntry.objects.filter(code__startswith="tif:").exists()


def test_bad_coordinates_are_dropped_with_a_warning(feed, tmp_path):
    path = _broken(
        feed, tmp_path, b"<tif:Latitude>44.56384647420258", b"<tif:Latitude>144.56384647420258"
    )
    run = run_import(path)
    assert run.failed == 0
    assert "latitude" not in document("TFO024499558523")["location"]
    issue = ImportIssue.objects.get(level="warning", source_id="TFO024499558523")
    assert "out of range" in issue.message
