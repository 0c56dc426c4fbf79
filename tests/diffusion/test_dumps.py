"""Nightly dumps served by the API (scoped to the project, gzip, ETag, 304, HEAD), HEAD on the
other endpoints, and the benchmark ceiling kept out of production URLs."""

import gzip

import orjson
import pytest
from django.test import Client

from opensit.diffusion import services
from opensit.diffusion.nightly import nightly

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def dump_dir(settings, tmp_path):
    settings.OPENSIT_DUMP_DIR = tmp_path / "dumps"
    return settings.OPENSIT_DUMP_DIR


def _names(jsonl: bytes) -> set[str]:
    return {orjson.loads(line)["name"]["fr"] for line in jsonl.splitlines()}


def test_no_dump_yet_is_a_404_problem(api, dump_dir, hotel):
    response = api.get("/api/v1/dumps/jsonld", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/no-dump") and problem["parameter"] == "format"
    assert "No jsonld dump yet" in problem["detail"]
    assert api.get("/api/v1/dumps").json() == {"total": 0, "items": []}
    french = api.get("/api/v1/dumps/jsonld", headers={"Accept-Language": "fr"}).json()
    assert "Pas encore d'export jsonld" in french["detail"]


def test_unknown_format_names_the_parameter(api, dump_dir):
    response = api.get("/api/v1/dumps/xml", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "format"
    assert "jsonld" in response.json()["detail"]


def test_download_gzip_etag_304_and_head(api, dump_dir, hotel, castle):
    index = nightly(dump_dir)
    etags = {entry["format"]: entry["etag"] for entry in index["files"]}

    listing = api.get("/api/v1/dumps").json()
    assert {item["format"] for item in listing["items"]} >= {"jsonl", "jsonld", "csv", "geojson"}
    jsonl_item = next(item for item in listing["items"] if item["format"] == "jsonl")
    assert jsonl_item["url"] == "http://testserver/api/v1/dumps/jsonl"
    assert jsonl_item["objects"] == 2 and jsonl_item["etag"] == etags["jsonl"]

    response = api.get("/api/v1/dumps/jsonl", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"] == "application/jsonl"
    assert response["ETag"] == etags["jsonl"]
    assert response["Last-Modified"]
    raw = _body(response)
    assert int(response["Content-Length"]) == len(raw)
    assert _names(gzip.decompress(raw)) == {"Hôtel de l'Univers", "Château de Chenonceau"}

    not_modified = api.get("/api/v1/dumps/jsonl", headers={"If-None-Match": etags["jsonl"]})
    assert not_modified.status_code == 304 and _body(not_modified) == b""
    assert not_modified["ETag"] == etags["jsonl"]
    stale = api.get("/api/v1/dumps/jsonl", headers={"If-None-Match": '"0000"'})
    assert stale.status_code == 200

    head = api.head("/api/v1/dumps/jsonl", headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and _body(head) == b""
    assert head["ETag"] == etags["jsonl"]
    assert head["Content-Length"] == str(len(raw))


def test_without_gzip_the_dump_is_a_gzip_file(api, dump_dir, hotel):
    nightly(dump_dir, formats=["csv"])
    response = api.get("/api/v1/dumps/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in response
    assert 'filename="opensit.csv.gz"' in response["Content-Disposition"]
    assert "Hôtel de l'Univers" in gzip.decompress(_body(response)).decode()


def test_a_scoped_project_gets_its_own_dump(
    api, project, office_admin, editor, dump_dir, hotel, castle
):
    only_hotel = services.create_selection(editor, "hotel", "Hotel", object_ids=[hotel.id])
    services.set_scope(office_admin, project, [only_hotel])
    nightly(dump_dir, formats=["jsonl"])
    response = api.get("/api/v1/dumps/jsonl", headers={"Accept-Encoding": "gzip"})
    assert _names(gzip.decompress(_body(response))) == {"Hôtel de l'Univers"}
    whole = orjson.loads((dump_dir / "index.json").read_bytes())["files"][0]
    assert response["ETag"] != whole["etag"] and whole["objects"] == 2

    # Back to the whole catalog: the next night removes the project's folder.
    services.set_scope(office_admin, project, None)
    nightly(dump_dir, formats=["jsonl"])
    assert not (dump_dir / "projects" / str(project.pk)).exists()
    response = api.get("/api/v1/dumps/jsonl", headers={"Accept-Encoding": "gzip"})
    assert len(_names(gzip.decompress(_body(response)))) == 2


def test_dumps_need_an_active_project(api_key, project, network_admin, dump_dir, hotel):
    nightly(dump_dir, formats=["jsonl"])
    assert Client().get("/api/v1/dumps/jsonl").status_code == 401
    services.suspend_project(network_admin, project, "unpaid")
    response = Client(headers={"X-API-Key": api_key}).get("/api/v1/dumps/jsonl")
    assert response.status_code == 403
    assert response.json()["type"].endswith("/project-suspended")


@pytest.mark.parametrize("path", ["/api/v1/objects", "/api/v1/objects/{id}", "/api/v1/changes"])
def test_head_answers_like_get_without_a_body(api, hotel, path):
    url = path.format(id=hotel.id)
    get = api.get(url)
    head = api.head(url)
    assert get.status_code == head.status_code == 200
    assert _body(head) == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == str(len(get.content))
    assert head["Access-Control-Allow-Origin"] == "*"
    conditional = api.head(url, headers={"If-None-Match": get["ETag"]})
    assert conditional.status_code == 304


def test_head_keeps_errors(api):
    response = api.head("/api/v1/objects/nope")
    assert response.status_code == 404 and _body(response) == b""
    assert Client().head("/api/v1/objects").status_code == 401


def test_the_ceiling_is_not_routed_by_default(client):
    """The benchmark's ceiling endpoint lives in bench/ (its own URLconf), not in the project."""
    assert client.get("/bench/ceiling").status_code == 404


def test_a_key_is_looked_up_once_and_forgotten_when_revoked(api, api_key, office_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opensit.diffusion.models import ApiKey

    assert api.get("/api/v1/vocabularies/types").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/vocabularies/types").status_code == 200
    assert not [q for q in queries if "diffusion_apikey" in q["sql"]]
    services.revoke_key(office_admin, ApiKey.objects.get())
    assert api.get("/api/v1/vocabularies/types").status_code == 401


def test_a_dump_renamed_before_its_index_is_never_served_with_the_old_etag(
    api, dump_dir, hotel, castle
):
    """Between the nightly run's rename of a new file and its index rewrite, the file's bytes
    are not the entry's: the API looks again, and answers 503 rather than a wrong ETag."""
    nightly(dump_dir, formats=["jsonl"])
    entry = orjson.loads((dump_dir / "index.json").read_bytes())["files"][0]
    path = dump_dir / entry["file"]
    good = path.read_bytes()
    path.write_bytes(good + b"more bytes than the entry lists")
    response = api.get("/api/v1/dumps/jsonl", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert response.json()["type"].endswith("/dump-in-progress")
    path.write_bytes(good)
    response = api.get("/api/v1/dumps/jsonl", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response["ETag"] == entry["etag"]
    assert _body(response) == good


def test_each_dump_keeps_the_time_it_was_written(api, dump_dir, hotel):
    nightly(dump_dir, formats=["jsonl", "csv"])
    index = orjson.loads((dump_dir / "index.json").read_bytes())
    times = {e["format"]: e["generated_at"] for e in index["files"]}
    assert index["generated_at"] == max(times.values())
    listing = {item["format"]: item for item in api.get("/api/v1/dumps").json()["items"]}
    for name, stamp in times.items():
        assert listing[name]["generated_at"].removesuffix("+00:00") == stamp.removesuffix("+00:00")
