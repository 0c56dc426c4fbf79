"""The OpenAPI document says what the API does (the quick half of test_contract.py): problem
responses as application/problem+json on every operation, the formats of object pages,
parameters as strict as their checks, and links that tell a submission from an object."""

import pytest
from django.test import Client


@pytest.fixture
def schema(db) -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_error_is_a_documented_problem(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"400", "401", "403", "404"}
        expected |= {"413", "422"} if "/write/" in path and method != "get" else set()
        expected |= {"429"} if "/write/" not in path else set()
        assert expected <= set(responses), (method, path, sorted(responses))
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], (path, status)


def test_object_pages_name_their_formats(schema):
    content = schema["paths"]["/api/v1/objects"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/ld+json", "text/calendar"} <= set(content)
    dump = schema["paths"]["/api/v1/dumps/{format}"]["get"]
    assert "application/gzip" in dump["responses"]["200"]["content"]
    (fmt,) = [p for p in dump["parameters"] if p["name"] == "format"]
    assert "csv" in fmt["schema"]["enum"]


def _parameter(schema: dict, path: str, name: str) -> dict:
    (found,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    branches = found["schema"].get("anyOf", [found["schema"]])
    return next(b for b in branches if b.get("type") != "null")


def test_parameters_are_as_strict_as_the_api(schema):
    assert "" not in _parameter(schema, "/api/v1/objects", "lang")["enum"]
    assert "all" in _parameter(schema, "/api/v1/objects/{object_id}", "lang")["enum"]
    assert _parameter(schema, "/api/v1/changes", "since")["pattern"] == "^[0-9]{1,18}$"
    seed = _parameter(schema, "/api/v1/objects", "seed")
    assert (seed["minimum"], seed["maximum"]) == (0, 2**63 - 1)
    assert _parameter(schema, "/api/v1/objects", "updated_since")["format"] == "date-time"
    assert _parameter(schema, "/api/v1/objects", "open_on")["format"] == "date"


def test_the_create_response_links_to_the_submission_and_the_object(schema):
    links = schema["paths"]["/api/v1/write/objects"]["post"]["responses"]["201"]["links"]
    assert links["SubmissionStatus"]["parameters"] == {"submission_id": "$response.body#/id"}
    assert links["ReadObject"]["parameters"] == {"object_id": "$response.body#/object"}
