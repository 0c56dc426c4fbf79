"""The 400/401/403/429 matrix: problem details (RFC 9457) that name the bad parameter."""

import orjson
import pytest
from django.test import Client

from opensit.diffusion import services


def problem(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    body = orjson.loads(response.content)
    assert body["status"] == response.status_code
    assert body["type"].startswith("https://opensit.org/problems/")
    return body


def test_missing_and_invalid_keys_are_401(hotel, api_key):
    anonymous = Client()
    body = problem(anonymous.get(f"/api/v1/objects/{hotel.id}"))
    assert body["status"] == 401 and body["parameter"] == "api_key"
    forged = api_key[:-4] + "AAAA"
    assert Client(headers={"X-API-Key": forged}).get("/api/v1/communes").status_code == 401
    assert Client(headers={"X-API-Key": "not-a-key"}).get("/api/v1/communes").status_code == 401
    assert anonymous.get(f"/api/v1/objects/{hotel.id}", {"api_key": api_key}).status_code == 200


def test_suspended_and_pending_projects_are_403(api, project, network_admin, office_admin):
    services.suspend_project(network_admin, project, "unpaid")
    body = problem(api.get("/api/v1/communes"))
    assert body["status"] == 403 and body["type"].endswith("project-suspended")
    pending = services.create_project(office_admin, "Not yet")
    _key, raw = services.create_key(office_admin, pending)
    body = problem(Client(headers={"X-API-Key": raw}).get("/api/v1/communes"))
    assert body["type"].endswith("project-pending")


def test_object_out_of_scope_is_403(hotel, castle, project, office_admin):
    selection = services.create_selection(office_admin, "hotels", "Hotels", object_ids=[hotel.id])
    services.set_scope(office_admin, project, [selection])
    _key, raw = services.create_key(office_admin, project)
    client = Client(headers={"X-API-Key": raw})
    assert client.get(f"/api/v1/objects/{hotel.id}").status_code == 200
    body = problem(client.get(f"/api/v1/objects/{castle.id}"))
    assert body["status"] == 403 and castle.id in body["detail"]


def test_rate_limit_429_with_headers(api, settings):
    settings.OPENSIT_RATE_LIMITS = {"basic": 3}
    answers = [api.get("/api/v1/vocabularies/types") for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert [r["X-RateLimit-Remaining"] for r in answers] == ["2", "1", "0"]
    assert answers[0]["X-RateLimit-Limit"] == "3"
    refused = api.get("/api/v1/vocabularies/types")
    body = problem(refused)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["X-RateLimit-Remaining"] == "0"
    assert body["detail"].startswith("Limite de 3 requêtes par minute dépassée ; réessayez dans ")


def test_the_429_says_the_window_it_counts(api, settings):
    settings.OPENSIT_RATE_LIMITS = {"basic": 1}
    settings.OPENSIT_RATE_WINDOW = 600
    assert api.get("/api/v1/vocabularies/types").status_code == 200
    refused = api.get("/api/v1/vocabularies/types")
    assert 60 < int(refused["Retry-After"]) <= 600
    assert problem(refused)["detail"].startswith("Limite de 1 requêtes par 600 s dépassée")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"near": "47.39,0.69", "radius": "-5"}, "radius"),
        ({"open_on": "2026-13-45"}, "open_on"),
        ({"event_from": "tomorrow"}, "event_from"),
        ({"type": "hotel,spaceship"}, "type"),
        ({"page_size": "500"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"near": "north"}, "near"),
        ({"near": "95,0.69"}, "near"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"lang": "xx"}, "lang"),
        ({"format": "xml"}, "format"),
        ({"sort": "price"}, "sort"),
        ({"radius": "5"}, "radius"),
        ({"themes_all": "perhaps"}, "themes_all"),
        ({"selection": "nope"}, "selection"),
    ],
)
def test_bad_search_parameters_are_400_naming_the_parameter(api, hotel, params, parameter):
    response = api.get("/api/v1/objects", params)
    body = problem(response)
    assert response.status_code in (400, 404)
    assert body["parameter"] == parameter
    assert parameter in body["detail"] or response.status_code == 404


def test_bad_cursor_and_since(api, hotel):
    body = problem(api.get("/api/v1/objects", {"cursor": "garbage"}))
    assert body["status"] == 400 and body["parameter"] == "cursor"
    body = problem(api.get("/api/v1/changes", {"since": "-3"}))
    assert body["status"] == 400 and body["parameter"] == "since"


def test_unknown_things_are_404_problems(api):
    body = problem(api.get("/api/v1/objects/does-not-exist"))
    assert body["status"] == 404
    body = problem(api.get("/api/v1/vocabularies/colours"))
    assert body["status"] == 404 and body["parameter"] == "scheme"


def test_problem_details_speak_french_and_english(api):
    french = problem(
        api.get("/api/v1/objects", {"type": "spaceship"}, headers={"Accept-Language": "fr"})
    )
    assert french["detail"] == "Paramètre « type » invalide : type « spaceship » inconnu"
    english = problem(
        api.get("/api/v1/objects", {"type": "spaceship"}, headers={"Accept-Language": "en"})
    )
    assert english["detail"] == "Invalid parameter “type”: unknown type “spaceship”"


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        ("/api/v1/communes", {"q": "Tours\x00"}, "q"),
        ("/api/v1/objects", {"q": "ch\x00teau"}, "q"),
        ("/api/v1/organisations", {"kind\x00": "x"}, "kind"),
    ],
)
def test_nul_characters_are_a_400_naming_the_parameter(api, hotel, url, params, parameter):
    # Found by schemathesis: PostgreSQL refuses NUL in text, which used to be a 500.
    body = problem(api.get(url, params))
    assert body["status"] == 400 and body["parameter"] == parameter
