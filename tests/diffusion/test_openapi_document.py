"""The OpenAPI document says what the API does (the quick half of test_contract.py): problem
responses as application/problem+json on every operation, the formats of object pages,
parameters as strict as their checks, and links that tell a submission from an object."""

import orjson
import pytest
from django.test import Client, override_settings

from opensit.diffusion.keys import DEMO_API_KEY


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


def test_every_operation_and_parameter_is_described(schema):
    for path, method, operation in operations(schema):
        assert operation.get("summary") and len(operation.get("description", "")) > 40, path
        for parameter in operation.get("parameters", []):
            assert len(parameter.get("description", "")) > 10, (method, path, parameter["name"])
    for name, scheme in schema["components"]["securitySchemes"].items():
        assert scheme.get("description"), name


def test_the_document_stands_alone(schema):
    """No path of the repository: the document is read by integrators who do not have it."""
    text = orjson.dumps(schema).decode()
    assert "docs/" not in text and ".md" not in text and "tests/" not in text
    guide = schema["info"]["description"]
    for topic in ("X-API-Key", "cursor", "application/problem+json", "Retry-After",
                  "If-None-Match", "X-OpenSIT-Signature", "/changes", "format=gpx"):  # fmt: skip
        assert topic in guide, topic


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["api.example.org"])
def test_without_the_demo_the_examples_show_a_placeholder_key():
    response = Client().get("/api/v1/docs", HTTP_HOST="api.example.org")
    page = response.content.decode()
    assert "curl -H &#x27;X-API-Key: VOTRE_CLE&#x27; http://api.example.org/api/v1/" in page
    assert DEMO_API_KEY not in page
    schema = Client().get("/api/v1/openapi.json", HTTP_HOST="api.example.org").json()
    assert schema["servers"] == [{"url": "http://api.example.org"}]
    assert "VOTRE_CLE" in schema["info"]["description"]
