"""The API seen through an aspect (`aspect=winter`, Apidae's HIVER...), media kept to the
licences a consumer asks for (`media_licence`), the aspects an object has, and the opening
summary written from the periods where the source gave none."""

import csv
import io

import orjson
import pytest

from tests.diffusion.conftest import CASTLE

WINTER_IMAGE = "https://img.exemple.fr/chenonceau/neige.jpg"
SKI = {
    **CASTLE,
    "name": {"fr": "Domaine skiable du Lioran", "en": "Le Lioran ski area"},
    "opening": {
        "periods": [
            {"start": "2026-04-01", "end": "2026-09-30", "recurs_yearly": True,
             "times": [{"opens": "10:00:00", "closes": "18:00:00"}]},
        ]
    },
    "aspects": {
        **CASTLE["aspects"],
        "winter": {
            "description": {"fr": "Pistes damées tous les jours.", "en": "Groomed slopes daily."},
            "media": [
                {"kind": "image", "url": WINTER_IMAGE, "licence": "cc-by-sa-4.0",
                 "credit": "Station du Lioran"},
                {"kind": "image", "url": "https://img.exemple.fr/closed.jpg",
                 "licence": "all-rights-reserved"},
            ],
            "opening": {"periods": [
                {"start": "2026-12-19", "end": "2027-03-28", "weekdays": [],
                 "times": [{"opens": "09:00:00", "closes": "16:45:00"}]},
            ]},
            "prices": [{"label": {"fr": "Forfait journée", "en": "Day pass"}, "min": 38.5,
                        "audiences": ["adults"], "unit": "per day"}],
        },
    },
}  # fmt: skip


def get(api, path: str, **params):
    response = api.get(path, params)
    assert response.status_code == 200, response.content
    return orjson.loads(response.content)


@pytest.fixture
def ski(publish):
    return publish(SKI)


@pytest.mark.django_db
def test_an_aspect_replaces_what_it_has_and_keeps_the_rest(api, ski, hotel):
    main = get(api, f"/api/v1/objects/{ski.id}", lang="en")
    assert main["available_aspects"] == ["winter", "groups", "accessibility"]
    assert main["description"].startswith("Château de Chenonceau welcomes visitors")
    assert main["opening"]["summary"] == "Every day from 10am to 6pm from 1 April to 30 September"
    for asked in ("winter", "HIVER", "Hiver"):
        winter = get(api, f"/api/v1/objects/{ski.id}", lang="en", aspect=asked)
        assert winter["aspect"] == "winter"
        assert winter["description"] == "Groomed slopes daily."
        assert winter["short_description"] == main["short_description"]  # not in the aspect
        assert [m["url"] for m in winter["media"]] == [WINTER_IMAGE]  # the closed one is out
        assert winter["media"][0]["licence"]["code"] == "cc-by-sa-4.0"
        assert winter["opening"]["summary"] == (
            "Every day from 9am to 4:45pm from 19 December 2026 to 28 March 2027"
        )
        assert [p["label"] for p in winter["pricing"]["prices"]] == ["Day pass"]
    groups = get(api, f"/api/v1/objects/{ski.id}", lang="fr", aspect="GROUPES")
    assert groups["description"] == "Jusqu'à 50 personnes, visite guidée comprise."
    assert len(groups["media"]) == len(main["media"])  # the aspect has no media: the main ones
    listing = get(api, "/api/v1/objects", lang="en", aspect="winter")
    by_id = {item["id"]: item for item in listing["items"]}
    assert by_id[ski.id]["description"] == "Groomed slopes daily."
    assert "aspect" not in by_id[hotel.id]  # no winter aspect: the main form
    assert by_id[hotel.id]["short_description"] == "Opposite the station"


@pytest.mark.django_db
def test_an_aspect_in_the_flat_formats(api, ski):
    response = api.get("/api/v1/objects", {"format": "csv", "lang": "fr", "aspect": "winter"})
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode(), newline=""))
    assert row["description"] == "Pistes damées tous les jours."
    assert row["image_url"] == WINTER_IMAGE and row["image_licence"] == "cc-by-sa-4.0"
    assert row["prices"] == "Forfait journée [adults]: 38.50 EUR per day"
    assert row["opening"].startswith("Tous les jours de 9h à 16h45 du 19 décembre 2026")


@pytest.mark.django_db
def test_unknown_aspect_or_licence_is_a_400_naming_the_parameter(api, ski):
    for params, name in (
        ({"aspect": "spring"}, "aspect"),
        ({"media_licence": "cc-by-4.0,mine"}, "media_licence"),
        ({"media_licence": ","}, "media_licence"),
    ):
        for path in ("/api/v1/objects", f"/api/v1/objects/{ski.id}"):
            response = api.get(path, params)
            assert response.status_code == 400, (path, params)
            assert response["Content-Type"] == "application/problem+json"
            assert orjson.loads(response.content)["parameter"] == name


@pytest.mark.django_db
def test_media_licence_keeps_only_those_media(api, ski, hotel):
    every = get(api, f"/api/v1/objects/{ski.id}")
    assert {m["licence"]["code"] for m in every["media"]} == {
        "cc-by-4.0",
        "etalab-2.0",
        "cc-by-sa-4.0",
    }
    only = get(api, f"/api/v1/objects/{ski.id}", media_licence="cc-by-4.0,etalab-2.0")
    assert {m["licence"]["code"] for m in only["media"]} == {"cc-by-4.0", "etalab-2.0"}
    assert only["aspects"]["winter"]["media"] == []  # the aspect's media too
    listing = get(api, "/api/v1/objects", media_licence="cc0")
    assert listing["total"] == 2  # objects are kept, their media filtered
    assert all(item["media"] == [] for item in listing["items"])
    opened = get(api, f"/api/v1/objects/{hotel.id}", media_licence="open")
    assert [m["credit"] for m in opened["media"]] == ["OT Tours"]
    geo = get(api, "/api/v1/objects", format="geojson", media_licence="etalab-2.0")
    assert {f["properties"]["image"] for f in geo["features"]} == {None}  # no such image


@pytest.mark.django_db
def test_french_problem_and_documented_parameters(api, ski):
    response = api.get(
        "/api/v1/objects", {"aspect": "printemps"}, headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 400
    assert "aspect « printemps » inconnu" in orjson.loads(response.content)["detail"]
    schema = orjson.loads(api.get("/api/v1/openapi.json").content)
    for path in ("/api/v1/objects", "/api/v1/objects/{object_id}"):
        names = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert "HIVER" in names["aspect"]["description"]
        assert "open" in names["media_licence"]["description"]


@pytest.mark.django_db
def test_jsonl_carries_the_written_opening(api, ski):
    response = api.get("/api/v1/objects", {"format": "jsonl"})
    (line,) = response.content.decode().splitlines()
    assert orjson.loads(line)["opening"]["summary"]["fr"] == (
        "Tous les jours de 10h à 18h du 1er avril au 30 septembre"
    )


@pytest.mark.django_db
def test_an_aspect_whose_media_are_all_withheld_keeps_the_main_ones(api, publish, hotel):
    withheld = [{"kind": "image", "url": "https://img.exemple.fr/neige-privee.jpg",
                 "licence": "all-rights-reserved"}]  # fmt: skip
    obj = publish({**SKI, "aspects": {"winter": {**SKI["aspects"]["winter"], "media": withheld}}})
    main = get(api, f"/api/v1/objects/{obj.id}")
    winter = get(api, f"/api/v1/objects/{obj.id}", aspect="winter")
    assert winter["description"] == "Pistes damées tous les jours."
    assert winter["media"] == main["media"] and main["media"]
    response = api.get("/api/v1/objects", {"format": "csv", "aspect": "winter", "lang": "fr"})
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows[obj.id]["image_url"] == main["media"][0]["url"]
