"""Apidae languages: the real multilingual sample split into one response per language (as the
API answers with `locales=fr`, then `locales=en`), imported together and in sequence, loses no
language; the raw payload keeps every response; every `libelleXx` suffix is kept as BCP 47."""

import copy
import re
from io import StringIO
from pathlib import Path
from typing import Any

import orjson
import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.catalog.models import TourismObject
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.apidae.languages import RESPONSES_KEY, combine, merged
from opensit.connectors.apidae.mapping import ApidaeMapper
from opensit.connectors.apidae.references import References
from opensit.connectors.base import RecordReport
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportRun, SourceRecord
from tests.missing import unavailable

pytestmark = [pytest.mark.shared_data]

MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"
_LIBELLE = re.compile(r"^libelle([A-Z][a-zA-Z]*)$")


@pytest.fixture
def response(shared_data: Path) -> dict[str, Any]:
    path = shared_data / MULTILANG
    if not path.is_file():
        unavailable(f"no Apidae sample at {path}")
    data = orjson.loads(path.read_bytes())
    data.pop("query", None)  # the echo holds an old API key: never carried around
    return data


def only(value: Any, suffix: str) -> Any:
    """What the API answers with one locale: the `libelleXx` of that language only."""
    if isinstance(value, list):
        return [only(v, suffix) for v in value]
    if not isinstance(value, dict):
        return value
    return {
        k: only(v, suffix)
        for k, v in value.items()
        if not (_LIBELLE.match(k) and isinstance(v, str) and k != f"libelle{suffix}")
    }


def split(response: dict[str, Any], folder: Path) -> dict[str, Path]:
    """One response file per language of the sample (fr, en and the one es name)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for suffix in ("Fr", "En", "Es"):
        path = folder / f"response-{suffix.lower()}.json"
        path.write_bytes(orjson.dumps(only(response, suffix)))
        paths[suffix.lower()] = path
    return paths


def run_import(path: Path) -> ImportRun:
    run = ImportEngine(ApidaeConnector()).run(path)
    assert run.failed == 0, list(run.issues.all())
    return run


def document(apidae_id: int) -> dict[str, Any]:
    return TourismObject.objects.get(source_system="apidae", source_id=str(apidae_id)).document


def assert_every_language(response: dict[str, Any]) -> None:
    trail, hut = document(526457), document(317604)
    assert trail["name"] == {
        "fr": "Refuges en Valgaudemar",
        "en": "Refugees in Valgaudemar",
        "es": "Refugios en Valgaudemar",
    }
    night = next(p for p in hut["pricing"]["prices"] if p["policy"] == "apidae:1525")
    assert night["label"] == {"fr": "Nuitée (/ pers.)", "en": "Night (/ pers)"}
    assert hut["pricing"]["summary"]["en"].startswith("Night (/ pers): 4.85 to 19.40")
    assert hut["pricing"]["summary"]["fr"].startswith("Nuitée (/ pers.) : de 4,85")
    # every record has the languages of the whole response
    for obj in response["objetsTouristiques"]:
        name = document(obj["id"])["name"]
        assert set(name) == {k[7:].lower() for k in obj["nom"] if k.startswith("libelle")}


@pytest.mark.django_db
def test_one_response_per_language_in_one_folder(response, tmp_path):
    split(response, tmp_path / "responses")
    run = run_import(tmp_path / "responses")
    assert (run.read, run.created) == (100, 100)
    assert_every_language(response)
    raw = SourceRecord.objects.get(system="apidae", source_id="526457").payload
    assert [sorted(r["nom"]) for r in raw[RESPONSES_KEY]] == [
        ["libelleEn"],
        ["libelleEs"],
        ["libelleFr"],
    ]
    # an object without Spanish: two responses, fr and en
    raw = SourceRecord.objects.get(system="apidae", source_id="317604").payload
    assert [r["nom"] for r in raw[RESPONSES_KEY]] == [
        {"libelleEn": "Refuge de l'Alpe de Villar d'Arène"},
        {"libelleFr": "Refuge de l'Alpe de Villar d'Arène"},
    ]
    again = run_import(tmp_path / "responses")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 100)


@pytest.mark.django_db
def test_one_response_per_language_in_sequence(response, tmp_path):
    paths = split(response, tmp_path / "responses")
    run_import(paths["fr"])
    assert "en" not in document(317604)["pricing"]["summary"]
    second = run_import(paths["en"])
    assert (second.created, second.updated) == (0, 100)
    run_import(paths["es"])
    assert_every_language(response)
    raw = SourceRecord.objects.get(system="apidae", source_id="526457").payload
    assert len(raw[RESPONSES_KEY]) == 3
    # the same responses again, one by one or together: nothing changes
    for path in (paths["en"], tmp_path / "responses", paths["fr"]):
        again = run_import(path)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 100), path.name
    # the full multilingual response covers both languages: it replaces them
    full = tmp_path / "full.json"
    full.write_bytes(orjson.dumps(response))
    run_import(full)
    raw = SourceRecord.objects.get(system="apidae", source_id="317604").payload
    assert RESPONSES_KEY not in raw and raw["nom"]["libelleEn"]
    assert_every_language(response)


@pytest.mark.django_db
def test_a_newer_version_replaces_the_older_languages(response, tmp_path):
    paths = split(response, tmp_path / "responses")
    run_import(paths["fr"])
    newer = only(response, "En")
    hut = next(o for o in newer["objetsTouristiques"] if o["id"] == 317604)
    hut["gestion"]["dateModification"] = "2015-01-01T00:00:00.000+0000"
    path = tmp_path / "newer-en.json"
    path.write_bytes(orjson.dumps(newer))
    run_import(path)
    # the object changed in Apidae after the French pull: that pull is no longer current
    assert set(document(317604)["name"]) == {"en"}
    assert set(document(526457)["name"]) == {"fr", "en"}  # same version: both kept


def test_split_responses_merge_into_the_full_document(response):
    """Mapped from the merge of its per-language responses, every real object gives the
    document its multilingual response gives."""
    parts = {s: only(response, s)["objetsTouristiques"] for s in ("Fr", "En", "Es")}
    for index, obj in enumerate(response["objetsTouristiques"]):
        responses = combine([parts[s][index] for s in ("Fr", "En", "Es")])
        payload = {"id": obj["id"], RESPONSES_KEY: responses}
        whole = ApidaeMapper(References()).map(copy.deepcopy(obj), RecordReport("a"))
        again = ApidaeMapper(References()).map(merged(payload), RecordReport("b"))
        assert again.model_dump() == whole.model_dump(), obj["id"]


def test_every_language_suffix_is_kept_and_odd_ones_warn(response):
    hut = copy.deepcopy(next(o for o in response["objetsTouristiques"] if o["id"] == 317604))
    hut["nom"].update(
        libellePtBR="Refúgio do Alpe", libelleZh="阿尔卑斯避难所", libelleNl="Berghut"
    )
    hut["presentation"]["descriptifCourt"]["libelleSp"] = "Refugio de montaña"
    hut["presentation"]["descriptifCourt"]["libelleKlingon"] = "tlhIngan"
    report = RecordReport("317604")
    doc = ApidaeMapper(References()).map(hut, report)
    assert doc.name["pt-BR"] == "Refúgio do Alpe"
    assert (doc.name["zh"], doc.name["nl"]) == ("阿尔卑斯避难所", "Berghut")
    assert doc.short_description["es"] == "Refugio de montaña"  # kept, with a warning
    warned = dict(report.warnings)
    assert "'Sp'" in warned["presentation.descriptifCourt.libelleSp"]
    assert "'es'" in warned["presentation.descriptifCourt.libelleSp"]
    assert "dropped" in warned["presentation.descriptifCourt.libelleKlingon"]
    assert not any(field.startswith("nom.") for field in warned)


@pytest.mark.django_db
def test_the_cli_imports_a_folder_of_responses(response, tmp_path):
    split(response, tmp_path / "responses")
    out = StringIO()
    call_command("import", "apidae", str(tmp_path / "responses"), "--no-progress", stdout=out)
    run = ImportRun.objects.get()
    assert (run.read, run.created, run.failed) == (100, 100, 0)
    assert_every_language(response)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(["Fr", "En", "Es"]), repeat=st.sampled_from(["Fr", "En", "Es"]))
def test_the_order_of_the_responses_never_matters(response, order, repeat):
    """Whatever order the per-language responses come in, and one of them twice, the kept
    responses (the stored payload, hence its hash) are the same."""
    objects = response["objetsTouristiques"][:20]
    parts = {s: only({"objetsTouristiques": objects}, s)["objetsTouristiques"] for s in order}
    for index in range(len(objects)):
        reference = combine([parts[s][index] for s in ("Fr", "En", "Es")])
        shuffled = combine([parts[s][index] for s in [*order, repeat]])
        assert orjson.dumps(shuffled, option=orjson.OPT_SORT_KEYS) == orjson.dumps(
            reference, option=orjson.OPT_SORT_KEYS
        )
