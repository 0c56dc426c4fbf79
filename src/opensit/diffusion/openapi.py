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
  client, or schemathesis, does not take a submission id for an object id;
- every operation and parameter has a description (`OPERATION_HELP`, `PARAMETER_HELP`, in the
  request's language), every problem an example, the list answers their envelope, and
  `info.description` is the guide (`apidocs`), with examples against the server that serves it.

The document and the docs page are built per request (`with_request`): their examples name the
request's host and, on a demo install, the demo key.
"""

from collections.abc import Callable
from contextvars import ContextVar
from copy import deepcopy
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI

from opensit.diffusion import apidocs
from opensit.diffusion.http import TITLES
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
    "400": gettext_lazy("Bad parameter (named in `parameter`)"),
    "401": gettext_lazy("No key, or an unknown or revoked key"),
    "403": gettext_lazy("Project pending or suspended, or outside the project's scope"),
    "404": gettext_lazy("Unknown object, selection, vocabulary or dump"),
    "429": gettext_lazy("Rate limit exceeded: wait `Retry-After` seconds"),
}
WRITE_PROBLEMS = {
    "400": gettext_lazy("The body is not a JSON object"),
    "401": gettext_lazy("No token, or an unknown or revoked token"),
    "403": gettext_lazy("Outside the token's rights"),
    "404": gettext_lazy(
        "Unknown object (or one the token may not read), or another organisation's submission"
    ),
    "413": gettext_lazy("The body is larger than the platform's limit"),
    "422": gettext_lazy("The document is invalid (`parameter` names the first field)"),
}
JSON_OBJECT = {"schema": {"type": "object"}}
PARAMETER_FORMATS = {
    **dict.fromkeys(("open_on", "open_from", "open_to", "event_from", "event_to"), "date"),
    "updated_since": "date-time",
}
TEXT = {"schema": {"type": "string"}}
NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}
LIST_SCHEMA: dict[str, Any] = {
    "title": "List",
    "description": "A whole list: how many, and the items",
    "type": "object",
    "properties": {"total": {"type": "integer"}, "items": {"type": "array"}},
    "required": ["total", "items"],
}
PAGE_SCHEMA: dict[str, Any] = {
    "title": "Page",
    "description": "One page of a list: follow `next` until it is null",
    "type": "object",
    "properties": {
        "total": {"type": "integer"},
        "next": NULLABLE_STRING,
        "previous": NULLABLE_STRING,
        "cursor": {"type": "string"},
        "facets": {"type": "object"},
        "did_you_mean": {"type": "string"},
        "items": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["total", "next", "previous", "items"],
}
CHANGES_SCHEMA: dict[str, Any] = {
    "title": "Changes",
    "description": "A page of the change feed: call again with `cursor`",
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "seq": {"type": "integer"},
                    "id": {"type": "string"},
                    "action": {
                        "type": "string",
                        "enum": ["created", "updated", "deleted", "unpublished", "removed"],
                    },
                    "updated_at": {"type": "string", "format": "date-time"},
                },
            },
        },
        "cursor": {"type": "string"},
        "more": {"type": "boolean"},
        "next": {"type": "string"},
    },
    "required": ["items", "cursor", "more", "next"],
}
PAGED = ("/objects", "/selections/{slug}/objects", "/communes", "/organisations")


# --- Texts of the reference: every operation and parameter says what it does -----------------

LANG = gettext_lazy(
    "Language of the texts: one of the platform's languages (fr, en…), or `all` for objects of "
    "languages; by default the project's first language"
)
FIELDS = gettext_lazy(
    "Comma list of top-level fields to keep (`id` always comes), e.g. `id,name,type`"
)
PAGE = gettext_lazy("Page number, from 1")
FORMAT = gettext_lazy(
    "Output format: json (default), jsonld (DATAtourisme), geojson, csv, ical (events only), gpx "
    "(itineraries only), jsonl; without it the `Accept` header chooses"
)
LIST_OF = gettext_lazy(
    "Comma list of %(what)s codes: objects having any of them (all of them with `%(all)s=true`)"
)
ALL_OF = gettext_lazy("With true, objects must have all the `%(what)s` given, not just one")

PARAMETER_HELP: dict[str, Any] = {
    "q": gettext_lazy(
        "Full-text search in names, descriptions and places (any case, accents optional)"
    ),
    "lang": LANG,
    "type": gettext_lazy(
        "Comma list of type codes (`GET /vocabularies/types`); a type includes its descendants"
    ),
    "themes": LIST_OF,
    "themes_all": ALL_OF,
    "amenities": LIST_OF,
    "amenities_all": ALL_OF,
    "labels": LIST_OF,
    "labels_all": ALL_OF,
    "commune": gettext_lazy("Comma list of INSEE commune codes (`GET /communes`)"),
    "department": gettext_lazy("Comma list of department codes (37, 41…)"),
    "territory": gettext_lazy(
        "An organisation's slug (`GET /organisations`): the communes it covers"
    ),
    "owner": gettext_lazy("Comma list of organisation slugs: the objects they manage"),
    "near": gettext_lazy(
        "A point, `latitude,longitude` (WGS 84): adds `distance_km` to each object"
    ),
    "radius": gettext_lazy("Kilometres around `near` (more than 0, at most 1000); needs `near`"),
    "bbox": gettext_lazy("A box, `min_lon,min_lat,max_lon,max_lat` (WGS 84)"),
    "open_on": gettext_lazy("Open on that day (ISO date, YYYY-MM-DD)"),
    "open_from": gettext_lazy("Open at some time from that day (ISO date), with `open_to`"),
    "open_to": gettext_lazy("Open at some time until that day (ISO date), with `open_from`"),
    "event_from": gettext_lazy("Events taking place from that day (ISO date)"),
    "event_to": gettext_lazy("Events taking place until that day (ISO date)"),
    "updated_since": gettext_lazy(
        "Changed since that moment: an ISO 8601 date and time such as 2026-05-01T08:00:00Z "
        "(without an offset: the platform's time zone)"
    ),
    "selection": gettext_lazy("A selection's id (`GET /selections`): only its objects"),
    "fields": FIELDS,
    "sort": gettext_lazy(
        "Order: relevance (default with `q`), name, distance (with `near`), updated (latest "
        "first), start_date (events), random (stable with `seed`)"
    ),
    "seed": gettext_lazy("Seed of `sort=random`: the same seed gives the same order"),
    "page_size": gettext_lazy("Items per page"),
    "page": PAGE,
    "cursor": gettext_lazy(
        "Keyset paging: empty on the first request, then the `cursor` of the previous page "
        "(opaque; valid with the same `sort` and `seed`)"
    ),
    "facets": gettext_lazy(
        "With true, the page carries the number of matches per type, root type, theme and "
        "commune, the most frequent first (`facet_size` values per facet; every type)"
    ),
    "facet_size": gettext_lazy(
        "Values per facet with `facets=true`: the most frequent ones (1 to 50000, default 100); "
        "`types` always has every type, so that its counts add up to `total`"
    ),
    "format": FORMAT,
    "aspect": gettext_lazy(
        "An aspect: winter, summer, groups, accessibility, business (or Apidae's HIVER, ETE, "
        "GROUPES, HANDICAP, TOURISME_AFFAIRES; any case): its texts, media, opening and prices "
        "replace the main ones where the object has it"
    ),
    "media_licence": gettext_lazy(
        "Comma list of licence codes (cc-by-4.0, etalab-2.0…) or `open` (every open licence): "
        "only media under those licences are kept; objects are not filtered"
    ),
    "types": gettext_lazy("Comma list of type codes; a type includes its descendants"),
    "limit": gettext_lazy("Most items to answer"),
    "object_id": gettext_lazy("The object's id (the `id` of its document)"),
    "scheme": gettext_lazy(
        "The thesaurus: types, amenity, theme, label, classification, accessibility, payment, "
        "language, other"
    ),
    "slug": gettext_lazy("The selection's id (`GET /selections`)"),
    "since": gettext_lazy("Cursor: 0 for the beginning, then the `cursor` of the previous page"),
    "submission_id": gettext_lazy("The submission's id, as the write answered it (`id`)"),
}
#: Where a name means something else on one path.
PATH_PARAMETER_HELP: dict[tuple[str, str], Any] = {
    ("/api/v1/communes", "department"): gettext_lazy("A department code (37, 41…)"),
    ("/api/v1/communes", "q"): gettext_lazy("Part of the commune's name"),
    ("/api/v1/suggest", "q"): gettext_lazy(
        "What the visitor has typed so far: the last word is a prefix (cham → Chambord)"
    ),
    ("/api/v1/dumps/{format}", "format"): gettext_lazy("The dump's format: %(formats)s"),
    ("/api/v1/changes", "limit"): gettext_lazy("Most changes to answer (1 to 1000)"),
    ("/api/v1/suggest", "limit"): gettext_lazy("Most suggestions to answer (1 to 20)"),
}
PARAMETER_WORDS = {"themes": "theme", "amenities": "amenity", "labels": "label"}

OPERATION_HELP: dict[tuple[str, str], Any] = {
    ("get", "/api/v1/vocabularies/types"): gettext_lazy(
        "The hierarchy of object types: each type's code, parent, root, children and labels in "
        "French and English. `type` filters take these codes."
    ),
    ("get", "/api/v1/vocabularies/{scheme}"): gettext_lazy(
        "The entries of one thesaurus (themes, amenities, labels…): code, labels by language, "
        "parent, DATAtourisme equivalent, and whether it is deprecated (and by what it is "
        "replaced). The search filters take these codes."
    ),
    ("get", "/api/v1/communes"): gettext_lazy(
        "The communes known to the platform: INSEE code, name, postal codes, department and "
        "centre. Paged (`page`, `page_size` up to 1000)."
    ),
    ("get", "/api/v1/organisations"): gettext_lazy(
        "The organisations of the network (tourism boards, offices, providers): slug, name, "
        "kind, website and parent organisation. `territory` and `owner` filters take the slugs."
    ),
    ("get", "/api/v1/objects"): gettext_lazy(
        "Search the published objects the project may read. Filters combine; a comma list "
        "inside one is a choice. Answers a page (`total`, `next`, `previous`, `items`, and "
        "`cursor`, `facets`, `did_you_mean` when they apply) in JSON, or in another format "
        "with `format` or `Accept`."
    ),
    ("get", "/api/v1/suggest"): gettext_lazy(
        "Names of the best matches of a partial query (the last word is a prefix), with their "
        "type and commune, ranked as the search ranks them: for a search box."
    ),
    ("get", "/api/v1/objects/{object_id}"): gettext_lazy(
        "One published object, public data only. A merged id answers 301 to the object it was "
        "merged into; a deleted object 410."
    ),
    ("get", "/api/v1/selections"): gettext_lazy(
        "The selections the project may read (all of them for a project reading the whole "
        "catalog): id, name, description, kind (query or list), organisation, last change."
    ),
    ("get", "/api/v1/selections/{slug}/objects"): gettext_lazy(
        "The objects of a selection, evaluated now, as a page of `GET /objects` (same formats)."
    ),
    ("get", "/api/v1/changes"): gettext_lazy(
        "The change feed: each object once, at its latest change after `since`, in `seq` order, "
        "with its `action` (created, updated, deleted, unpublished, removed). Keep the answer's "
        "`cursor` and call again with it; `more` says whether to call at once."
    ),
    ("get", "/api/v1/dumps"): gettext_lazy(
        "The nightly dumps this project may download: format, address, media type, size, "
        "number of objects, date and ETag. Empty before the first night."
    ),
    ("post", "/api/v1/write/objects"): gettext_lazy(
        "Propose a new object (a canonical document). Answers 201 with the submission: follow "
        "it at `GET /write/proposals/{id}`; `object` is the object's id once accepted."
    ),
    ("put", "/api/v1/write/objects/{object_id}"): gettext_lazy(
        "Propose a new version of an object the token may edit (a whole canonical document). "
        "202 with the submission, or 200 `unchanged` when it changes nothing."
    ),
    ("patch", "/api/v1/write/objects/{object_id}"): gettext_lazy(
        "Propose changes to some top-level fields of an object the token may edit. 202 with the "
        "submission, or 200 `unchanged`."
    ),
    ("get", "/api/v1/write/objects/{object_id}"): gettext_lazy(
        "The current canonical document of an object the token may edit, to base a change on."
    ),
    ("get", "/api/v1/write/proposals/{submission_id}"): gettext_lazy(
        "The status of a submission: pending, accepted (with the object's id) or rejected "
        "(with the reason)."
    ),
}

PROBLEM_EXAMPLES = {
    "400": ("invalid-parameter", "Invalid parameter “radius”: Input should be greater than 0"),
    "401": (
        "invalid-key",
        "A valid API key is required, in the X-API-Key header or the api_key parameter.",
    ),
    "403": ("out-of-scope", "The object … is outside the project's scope."),
    "404": ("not-found", "No published object …."),
    "410": ("deleted", "The object … was deleted."),
    "413": ("too-large", "The body is larger than the limit."),
    "422": ("invalid-document", "Invalid field “name”: Field required"),
    "429": ("rate-limited", "Rate limit of 120 requests per minute exceeded; retry in 17 s."),
}


def _media_types() -> dict[str, Any]:
    """The answers of an object page: JSON, or the `format` asked for."""
    types: dict[str, Any] = {"application/json": JSON_OBJECT}
    for fmt in FORMATS.values():
        media_type = fmt.media_type.split(";")[0]
        types[media_type] = JSON_OBJECT if media_type.endswith("json") else TEXT
    return types


def _problem(description: Any, status: str = "", write: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": str(description),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status in PROBLEM_EXAMPLES:
        code, detail = PROBLEM_EXAMPLES[status]
        if write and status == "401":
            code, detail = "invalid-token", "A valid write-API token is required."
        example = apidocs.problem_sample(int(status), code, TITLES[int(status)], detail)
        response["content"][PROBLEM_MEDIA_TYPE]["example"] = example
    if status == "429":
        response["headers"] = {
            "Retry-After": {
                "description": str(gettext_lazy("Seconds to wait")),
                "schema": {"type": "integer"},
            }
        }
    return response


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
        responses[status] = _problem(description, status, write)
    if write:
        return
    short = path.removeprefix("/api/v1")
    envelope = {"schema": {"$ref": "#/components/schemas/" + _envelope(short)}}
    if path.endswith("/objects") and method == "get":
        _success(operation, {**_media_types(), "application/json": envelope})
        _formats(operation)
    elif path.endswith("/dumps/{format}"):
        _success(operation, {"application/gzip": TEXT, **_media_types()})
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "format":
                parameter["schema"]["enum"] = list(FORMATS)
    elif path.endswith("/objects/{object_id}"):
        _success(operation, {"application/json": JSON_OBJECT})
    else:
        _success(operation, {"application/json": envelope})
    if path.endswith("/objects/{object_id}"):
        responses["301"] = {
            "description": str(
                gettext_lazy("A merged id: the object it was merged into (`Location`)")
            ),
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
        responses["410"] = _problem(gettext_lazy("The object was deleted"), "410")


def _envelope(path: str) -> str:
    if path == "/changes":
        return "Changes"
    return "Page" if path in PAGED else "List"


def _parameter_help(path: str, name: str) -> str | None:
    text = PATH_PARAMETER_HELP.get((path, name)) or PARAMETER_HELP.get(name)
    if text is None:
        return None
    if name in PARAMETER_WORDS or name.removesuffix("_all") in PARAMETER_WORDS:
        base = name.removesuffix("_all")
        return str(text) % {"what": PARAMETER_WORDS[base], "all": f"{base}_all"}
    if "%(formats)s" in str(text):
        return str(text) % {"formats": ", ".join(FORMATS)}
    return str(text)


def _describe(path: str, method: str, operation: dict[str, Any], ctx: apidocs.Context) -> None:
    """The operation's description (with an example that works on this server) and every
    parameter's."""
    text = OPERATION_HELP.get((method, path))
    parts = [str(text)] if text else []
    if operation.get("description") and not text:
        parts.append(operation["description"])
    example = apidocs.operation_example(path, method, ctx)
    if example is not None:
        parts.append(f"```sh\n{example.text(ctx)}\n```")
    if parts:
        operation["description"] = "\n\n".join(parts)
    for parameter in operation.get("parameters", []):
        described = _parameter_help(path, parameter["name"])
        if described:
            parameter["description"] = described


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


SECURITY_HELP = {
    "HeaderKey": gettext_lazy("The project's API key in the X-API-Key header (preferred)"),
    "QueryKey": gettext_lazy("The project's API key in the api_key query parameter"),
    "PartnerBearer": gettext_lazy(
        "Write API: the organisation's write token, `Authorization: Bearer`"
    ),
    "PartnerKey": gettext_lazy("Write API: the organisation's write token in the X-API-Key header"),
}


def complete(schema: dict[str, Any], request: HttpRequest | None = None) -> dict[str, Any]:
    """Add what django-ninja cannot know to a generated document (see the module docstring)."""
    ctx = apidocs.context_of(request)
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.update(Problem=PROBLEM_SCHEMA, List=LIST_SCHEMA, Page=PAGE_SCHEMA,
                   Changes=CHANGES_SCHEMA)  # fmt: skip
    for name, scheme in components.get("securitySchemes", {}).items():
        if name in SECURITY_HELP:
            scheme["description"] = str(SECURITY_HELP[name])
    schema["info"]["description"] = apidocs.guide_markdown(ctx)
    schema["servers"] = [{"url": ctx.base.removesuffix("/api/v1") or "/"}]
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and "responses" in operation:
                _document_operation(path, method, operation)
                _describe(path, method, operation, ctx)
    _links(schema)
    return schema


CURRENT_REQUEST: ContextVar[HttpRequest | None] = ContextVar("openapi_request", default=None)


def with_request(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The `docs_decorator` of the API: the document and the docs page see the request (ninja
    does not pass it to `get_openapi_schema`)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = CURRENT_REQUEST.set(request)
        try:
            return view(request, *args, **kwargs)
        finally:
            CURRENT_REQUEST.reset(token)

    return wrapper


class PublicAPI(NinjaAPI):
    """The NinjaAPI of /api/v1 with its OpenAPI document completed (`complete`) for the request
    being answered."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return complete(super().get_openapi_schema(*args, **kwargs), CURRENT_REQUEST.get())
