"""Apidae exports (zip or folder), built in tmp_path from the real objects of the 2014 sample:
reference labels from elements_reference.json, communes, selections, deletions as tombstones,
and what has no canonical field (aspects, internal criteria)."""

import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest

from opensit.catalog.models import Revision, TourismObject, VocabularyEntry
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportRun
from opensit.diffusion.models import FeedEntry
from opensit.network.models import Commune
from tests.missing import unavailable

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]

MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"
IDS = (526457, 317604, 322810, 375912, 438792)


@pytest.fixture
def real_objects(shared_data: Path) -> list[dict[str, Any]]:
    path = shared_data / MULTILANG
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    by_id = {o["id"]: o for o in orjson.loads(path.read_bytes())["objetsTouristiques"]}
    return [by_id[i] for i in IDS]


def strip_labels(value: Any, table: dict[int, dict[str, Any]]) -> Any:
    """What an export holds: reference values as `{elementReferenceType, id}` only; their
    labels move to the elements_reference table."""
    if isinstance(value, list):
        return [strip_labels(v, table) for v in value]
    if not isinstance(value, dict):
        return value
    if "elementReferenceType" in value and isinstance(value.get("id"), int):
        table[value["id"]] = {k: v for k, v in value.items() if k not in ("parent",)}
        return {"elementReferenceType": value["elementReferenceType"], "id": value["id"]}
    return {k: strip_labels(v, table) for k, v in value.items()}


def communes_of(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = {}
    for obj in objects:
        commune = obj["localisation"]["adresse"]["commune"]
        seen[commune["code"]] = {
            "id": commune["id"],
            "code": commune["code"],
            "nom": commune["nom"],
            "codePostal": commune["codePostal"],
        }
    return list(seen.values())


def build_export(
    folder: Path,
    objects: list[dict[str, Any]],
    deleted: list[int] = (),
    selections: list[dict[str, Any]] = (),
    per_object: bool = True,
) -> Path:
    table: dict[int, dict[str, Any]] = {}
    stripped = [strip_labels(o, table) for o in objects]
    path = folder / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        if per_object:
            for obj in stripped:
                archive.writestr(f"objets_modifies/objet_{obj['id']}.json", orjson.dumps(obj))
        else:
            archive.writestr("objets_modifies/objets_modifies-1.json", orjson.dumps(stripped))
        archive.writestr("objets_supprimes.json", orjson.dumps(list(deleted)))
        archive.writestr("elements_reference.json", orjson.dumps(list(table.values())))
        archive.writestr("communes.json", orjson.dumps(communes_of(objects)))
        archive.writestr("selections.json", orjson.dumps(list(selections)))
    return path


def run_import(path: Path, **kwargs) -> ImportRun:
    return ImportEngine(ApidaeConnector(), **kwargs).run(path)


def test_export_resolves_labels_and_loads_communes(real_objects, tmp_path):
    selection = {"id": 24670, "libelle": "Refuges", "objetsTouristiques": [{"id": 317604}]}
    path = build_export(tmp_path, real_objects, selections=[selection])
    run = run_import(path)
    assert (run.status, run.created, run.failed) == (ImportRun.Status.SUCCESS, 5, 0)
    # ids only in the objects, labels from elements_reference.json
    cheque = VocabularyEntry.objects.get(code="apidae:1271")
    assert (cheque.scheme, cheque.labels["fr"]) == ("payment", "Chèque")
    hiking = VocabularyEntry.objects.get(code="apidae:3333")
    assert hiking.labels == {"fr": "Itinéraire de randonnée pédestre", "en": "Hiking itinerary"}
    # the type is refined from resolved labels: the EQUIPEMENT trail is a walking tour
    trail = TourismObject.objects.get(source_id="526457")
    assert trail.type == "walking_tour"
    # price labels come from the table too
    hut = TourismObject.objects.get(source_id="317604").document
    labels = {p["label"]["fr"].split(" — ")[0] for p in hut["pricing"]["prices"]}
    assert labels == {"Petit-déjeuner", "Nuitée (/ pers.)"}
    assert hut["extra"]["selections"] == [24670]
    # communes.json -> Commune rows
    commune = Commune.objects.get(insee="05182")
    assert (commune.name, commune.postal_codes, commune.department) == (
        "Villar-Loubière",
        ["05800"],
        "05",
    )
    assert Commune.objects.filter(insee__in=["05181", "05063", "38375", "05182"]).count() == 4


def test_one_batch_file_and_an_unpacked_folder(real_objects, tmp_path):
    path = build_export(tmp_path, real_objects, per_object=False)
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    run = run_import(folder)
    assert (run.read, run.created, run.failed) == (5, 5, 0)


def test_deleted_objects_become_tombstones(real_objects, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    run_import(build_export(first, real_objects))
    hut = TourismObject.objects.get(source_id="317604")
    feed_before = FeedEntry.objects.filter(object_id=hut.id).count()

    second = tmp_path / "second"
    second.mkdir()
    others = [o for o in real_objects if o["id"] != 317604]
    run = run_import(build_export(second, others, deleted=[317604]))
    assert (run.deleted, run.created, run.updated, run.unchanged) == (1, 0, 0, 4)

    hut.refresh_from_db()
    assert hut.status == TourismObject.Status.DELETED  # a tombstone, never a hard delete
    assert hut.document["name"]["fr"] == "Refuge de l'Alpe de Villar d'Arène"
    assert FeedEntry.objects.filter(object_id=hut.id).count() == feed_before + 1
    assert FeedEntry.objects.filter(object_id=hut.id).last().action == "deleted"
    assert list(
        Revision.objects.filter(object=hut).values_list("number", "action").order_by("number")
    ) == [(1, "import"), (2, "delete")]
    # a deletion named again changes nothing
    again = run_import(build_export(second, others, deleted=[317604]))
    assert (again.deleted, again.unchanged) == (0, 4)
    assert TourismObject.objects.count() == 5


def test_aspects_and_internal_criteria(real_objects, tmp_path):
    obj = dict(real_objects[1])
    obj["aspects"] = [
        {
            "aspect": "HIVER",
            "champsAspect": ["presentation.descriptifCourt"],
            "presentation": {
                "descriptifCourt": {
                    "libelleFr": "Refuge d'hiver ouvert, accès à ski de randonnée.",
                    "libelleEn": "Winter room open, ski touring access.",
                }
            },
        }
    ]
    obj["criteresInternes"] = [{"id": 90210, "libelle": "Partenaire OT"}]
    run = run_import(build_export(tmp_path, [obj]))
    assert run.failed == 0
    doc = TourismObject.objects.get(source_id="317604").document
    assert doc["aspects"]["winter"]["short_description"]["en"].startswith("Winter room open")
    assert doc["extra"]["aspects"][0]["champsAspect"] == ["presentation.descriptifCourt"]
    assert doc["private"]["criteria"] == ["apidae:90210"]
    assert "criteresInternes" not in doc["extra"]


def test_unknown_aspect_is_a_warning_naming_the_field(real_objects, tmp_path):
    obj = dict(real_objects[0])
    obj["aspects"] = [
        {"aspect": "PRINTEMPS", "presentation": {"descriptifCourt": {"libelleFr": "Fleurs"}}}
    ]
    run = run_import(build_export(tmp_path, [obj, real_objects[1]]))
    assert (run.created, run.failed) == (2, 0)
    issue = run.issues.get(level="warning", field="aspects[0].aspect")
    assert issue.source_id == "526457"
    assert issue.file == "objets_modifies/objet_526457.json"
    assert "PRINTEMPS" in issue.message
    doc = TourismObject.objects.get(source_id="526457").document
    assert doc["extra"]["aspects"] == obj["aspects"]  # kept whole, nothing lost
    assert "aspects" not in doc  # no variant made of it


def test_broken_file_in_export_names_the_file(real_objects, tmp_path):
    path = build_export(tmp_path, real_objects[:2])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("objets_modifies/objet_999.json", b'{"id": 999, "nom": ')
    run = run_import(path)
    assert (run.created, run.failed) == (2, 1)
    issue = run.issues.get(level="error")
    assert issue.file == "objets_modifies/objet_999.json"
    assert "invalid JSON" in issue.message
