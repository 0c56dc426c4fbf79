"""Apidae communes without an INSEE code: resolved by the export's communes.json, else by postal
code and name against the official reference (`opensit communes`, Etalab's package, fetched
once and cached under the var dir); unresolved, a warning naming the record and field."""

import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from opensit.catalog.models import TourismObject
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.apidae.communes import name_key
from opensit.connectors.engine import ImportEngine
from opensit.network.management.commands import communes as command
from opensit.network.models import Commune
from tests.missing import unavailable

pytestmark = [pytest.mark.shared_data]

MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"


@pytest.fixture
def reference() -> list[dict[str, Any]]:
    """The official communes, downloaded on first use and cached."""
    try:
        return command.read_communes(command.fetch())
    except OSError as exc:
        unavailable(
            f"cannot fetch {command.TARBALL_URL} ({exc}); run `opensit communes` once with "
            "network access, or put the tarball at {command.cache_path()}"
        )


@pytest.fixture
def alps(reference) -> list[dict[str, Any]]:
    """The communes of the Hautes-Alpes, Savoie and Haute-Savoie (the samples'), loaded."""
    rows = [r for r in reference if r["code"][:2] in ("05", "73", "74")]
    command.load(rows)
    return rows


@pytest.fixture
def objects(shared_data: Path) -> dict[int, dict[str, Any]]:
    path = shared_data / MULTILANG
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    return {o["id"]: o for o in orjson.loads(path.read_bytes())["objetsTouristiques"]}


def commune_of(obj: dict[str, Any]) -> dict[str, Any]:
    return obj["localisation"]["adresse"]["commune"]


def response(folder: Path, objs: list[dict[str, Any]]) -> Path:
    path = folder / "response.json"
    path.write_bytes(orjson.dumps({"numFound": len(objs), "objetsTouristiques": objs}))
    return path


def document(apidae_id: int) -> dict[str, Any]:
    return TourismObject.objects.get(source_system="apidae", source_id=str(apidae_id)).document


@pytest.mark.django_db
def test_the_command_loads_the_official_communes_idempotently(reference):
    out = StringIO()
    call_command("communes", "--no-progress", stdout=out)
    assert "created" in out.getvalue()
    assert Commune.objects.count() == len(reference) == 35_014
    villar = Commune.objects.get(insee="05181")
    assert (villar.name, villar.postal_codes, villar.department) == (
        "Villar-d'Arêne",
        ["05480"],
        "05",
    )
    assert Commune.objects.get(insee="69383").name == "Lyon 3e Arrondissement"
    assert Commune.objects.get(insee="2A004").department == "2A"
    again = StringIO()
    call_command("communes", "--no-progress", stdout=again)
    assert "0 created, 0 updated, 35014 unchanged" in again.getvalue()


@pytest.mark.django_db
def test_the_command_names_a_broken_file(tmp_path):
    broken = tmp_path / "broken.tgz"
    broken.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="Cannot read the communes reference"):
        call_command("communes", "--file", str(broken), "--no-progress")
    with override("fr"), pytest.raises(CommandError, match="Impossible de lire le référentiel"):
        call_command("communes", "--file", str(broken), "--no-progress")


@pytest.mark.django_db
def test_the_warning_of_an_unresolved_commune_in_french(objects, tmp_path):
    hut = objects[317604]
    del commune_of(hut)["code"]
    with override("fr"):
        run = ImportEngine(ApidaeConnector()).run(response(tmp_path, [hut]))
    issue = run.issues.get(field="localisation.adresse.commune")
    assert issue.message.startswith("la commune \"Villar-d'Arêne\" (code postal '05480'")


@pytest.mark.django_db
def test_communes_without_insee_code_are_resolved_by_postal_code_and_name(alps, objects, tmp_path):
    hut, trail = objects[317604], objects[526457]  # Villar-d'Arêne (05480), Villar-Loubière (05800)
    for obj, name in ((hut, "VILLAR D'ARENE"), (trail, "Villar Loubiere")):
        del commune_of(obj)["code"]
        commune_of(obj)["nom"] = name
    firmin = dict(objects[502723])  # an event, moved to Saint-Firmin: same postal code 05800
    firmin["localisation"] = {
        "adresse": {"codePostal": "05800", "commune": {"id": 1890, "nom": "St Firmin"}}
    }
    lost = dict(objects[438792])
    lost["localisation"] = {
        "adresse": {"codePostal": "05800", "commune": {"id": 99999, "nom": "Nulle-Part"}}
    }
    run = ImportEngine(ApidaeConnector()).run(response(tmp_path, [hut, trail, firmin, lost]))
    assert (run.created, run.failed) == (4, 0)
    assert document(317604)["location"]["commune"] == {"insee": "05181", "name": "VILLAR D'ARENE"}
    assert document(526457)["location"]["commune"]["insee"] == "05182"
    assert document(502723)["location"]["commune"]["insee"] == "05142"
    assert "commune" not in document(438792)["location"]
    issue = run.issues.get(field="localisation.adresse.commune")
    assert (issue.level, issue.source_id) == ("warning", "438792")
    assert "Nulle-Part" in issue.message and "05800" in issue.message


@pytest.mark.django_db
def test_a_real_commune_given_by_its_name_only(alps, shared_data):
    path = shared_data / "apidae/apidae-api-v002-trek-trimmed.json"
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    run = ImportEngine(ApidaeConnector()).run(path)  # {"nom": "Sallanches"}, no postal code
    assert (run.created, run.warnings) == (1, 0)
    assert document(123123)["location"]["commune"] == {"insee": "74256", "name": "Sallanches"}


@pytest.mark.django_db
def test_unresolved_commune_is_a_warning_without_the_reference(objects, tmp_path):
    hut = objects[317604]
    del commune_of(hut)["code"]
    run = ImportEngine(ApidaeConnector()).run(response(tmp_path, [hut]))
    assert (run.created, run.failed) == (1, 0)
    issue = run.issues.get(field="localisation.adresse.commune")
    assert "Villar-d'Arêne" in issue.message and "opensit communes" in issue.message


@pytest.mark.django_db
def test_export_commune_by_its_apidae_id(objects, tmp_path):
    hut = objects[317604]
    row = {k: commune_of(hut)[k] for k in ("id", "code", "nom", "codePostal")}
    hut["localisation"]["adresse"]["commune"] = {"id": row["id"]}
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("objets_modifies/objet_317604.json", orjson.dumps(hut))
        archive.writestr("communes.json", orjson.dumps([row]))
    run = ImportEngine(ApidaeConnector()).run(path)
    assert (run.created, run.failed) == (1, 0)
    assert document(317604)["location"]["commune"] == {"insee": "05181", "name": "Villar-d'Arêne"}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Saint-Martin-de-Belleville", "St Martin de Belleville"),
        ("Le Monêtier-les-Bains", "Monetier les Bains (Le)"),
        ("Sainte-Foy-Tarentaise", "STE FOY TARENTAISE"),
        ("L'Argentière-la-Bessée", "Argentiere la Bessee"),
    ],
)
def test_names_compare_loosely(one, other):
    assert name_key(one) == name_key(other)


def test_different_names_stay_different():
    assert name_key("Villar-d'Arêne") != name_key("Villar-Loubière")
    assert name_key("Saint-Firmin") != name_key("Sainte-Firmine")


@given(st.text(max_size=40))
def test_name_key_is_stable(name):
    key = name_key(name)
    assert name_key(key) == key
    assert name_key(name.upper()) == name_key(name.lower()) or not name.isascii()
