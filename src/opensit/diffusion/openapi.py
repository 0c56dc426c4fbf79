"""The OpenAPI document says what the API does (checked by schemathesis with every check,
tests/diffusion/test_contract.py).

django-ninja documents what the views declare; the API answers more than that: problem details
(RFC 9457, `application/problem+json`) for every error, several output formats, redirects of
merged ids, gone objects. `PublicAPI.get_openapi_schema` completes the generated document:

- every operation lists its problem responses (400, 401, 403, 404, 429 on the public API; 400,
  401, 403, 404, 413, 422 on the write API) as `application/problem+json` with the `Problem`
  schema;
- successful answers name their media types (the `format` of object pages, the dumps' gzip);
- the create response links to the submission (`id`) and to the object (`object`), so that a
  client, or schemathesis, does not take a submission id for an object id.
"""

from copy import deepcopy
from typing import Any

from ninja import NinjaAPI

from opensit.formats.registry import RENDERERS as FORMATS

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "Problem details (RFC 9457)",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "parameter": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["type", "title", "status", "detail"],
}
PUBLIC_PROBLEMS = {
    "400": "Bad parameter (named in `parameter`)",
    "401": "No key, or an unknown or revoked key",
    "403": "Project pending or suspended, or outside the project's scope",
    "404": "Unknown object, selection, vocabulary or dump",
    "429": "Rate limit exceeded: wait `Retry-After` seconds",
}
WRITE_PROBLEMS = {
    "400": "The body is not a JSON object",
    "401": "No token, or an unknown or revoked token",
    "403": "Outside the token's rights",
    "404": "Unknown object (or one the token may not read), or another organisation's submission",
    "413": "The body is larger than OPENSIT_WRITE_MAX_BYTES",
    "422": "The document is invalid (`parameter` names the first field)",
}
JSON_OBJECT = {"schema": {"type": "object"}}
PARAMETER_FORMATS = {
    **dict.fromkeys(("open_on", "open_from", "open_to", "event_from", "event_to"), "date"),
    "updated_since": "date-time",
}
TEXT = {"schema": {"type": "string"}}


def _media_types() -> dict[str, Any]:
    """The answers of an object page: JSON, or the `format` asked for."""
    types: dict[str, Any] = {"application/json": JSON_OBJECT}
    for fmt in FORMATS.values():
        media_type = fmt.media_type.split(";")[0]
        types[media_type] = JSON_OBJECT if media_type.endswith("json") else TEXT
    return types


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _success(operation: dict[str, Any], content: dict[str, Any]) -> None:
    for status, response in operation["responses"].items():
        if status.startswith("2") and not response.get("content"):
            response["content"] = deepcopy(content)


def _formats(operation: dict[str, Any]) -> None:
    """The string formats of the date parameters (their patterns are in the views)."""
    for parameter in operation.get("parameters", []):
        fmt = PARAMETER_FORMATS.get(parameter["name"])
        for branch in parameter.get("schema", {}).get("anyOf", [parameter.get("schema", {})]):
            if fmt and branch.get("type") == "string":
                branch["format"] = fmt


def _document_operation(path: str, method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    responses = {str(status): value for status, value in responses.items()}
    operation["responses"] = responses
    write = path.startswith("/api/v1/write/") or "write" in operation.get("tags", [])
    problems = WRITE_PROBLEMS if write else PUBLIC_PROBLEMS
    if write and method == "get":  # no body is read: neither 413 nor 422
        problems = {k: v for k, v in problems.items() if k not in ("413", "422")}
        responses.pop("413", None)
        responses.pop("422", None)
    for status, description in problems.items():
        responses[status] = _problem(description)
    if write:
        return
    if path.endswith("/objects") and method == "get":
        _success(operation, _media_types())
        _formats(operation)
    elif path.endswith("/dumps/{format}"):
        _success(operation, {"application/gzip": TEXT, **_media_types()})
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "format":
                parameter["schema"]["enum"] = list(FORMATS)
    else:
        _success(operation, {"application/json": JSON_OBJECT})
    if path.endswith("/objects/{object_id}"):
        responses["301"] = {
            "description": "A merged id: the object it was merged into (`Location`)",
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
        responses["410"] = _problem("The object was deleted")


def _links(schema: dict[str, Any]) -> None:
    """The create response's `id` is a submission: link it to its status, `object` to the
    object; without links, clients infer that `id` is the object's id."""
    paths = schema["paths"]
    create = paths.get("/api/v1/write/objects", {}).get("post")
    status = paths.get("/api/v1/write/proposals/{submission_id}", {}).get("get")
    read = paths.get("/api/v1/write/objects/{object_id}", {}).get("get")
    if not (create and status and read):
        return
    for code in ("201",):
        response = create["responses"].get(code)
        if response is None:
            continue
        response["links"] = {
            "SubmissionStatus": {
                "operationId": status["operationId"],
                "parameters": {"submission_id": "$response.body#/id"},
            },
            "ReadObject": {
                "operationId": read["operationId"],
                "parameters": {"object_id": "$response.body#/object"},
            },
        }


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """Add what django-ninja cannot know to a generated document (see the module docstring)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and "responses" in operation:
                _document_operation(path, method, operation)
    _links(schema)
    return schema


class PublicAPI(NinjaAPI):
    """The NinjaAPI of /api/v1 with its OpenAPI document completed (`complete`)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return complete(super().get_openapi_schema(*args, **kwargs))
