"""The partner write API, mounted at `/api/v1/write` on the public NinjaAPI (docs/write-api.md).

A token per organisation, in `Authorization: Bearer` or `X-API-Key` (another Authorization
scheme, such as Basic, is ignored). The body is a canonical document (`TourismDocument`), read
and validated here so that errors are problem details naming the field (422); a body over
`OPENSIT_WRITE_MAX_BYTES` is a 413. The rules live in `opensit.partners.services`; what a token
reads of an object in `opensit.partners.reading`.
"""

from datetime import timedelta
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import APIKeyHeader, HttpBearer
from pydantic import ValidationError as PydanticError

from opensit.catalog.document import TourismDocument
from opensit.diffusion.http import ApiProblem, problem_response
from opensit.partners import services
from opensit.partners.models import PartnerToken
from opensit.partners.reading import may_read, readable_document
from opensit.partners.tokens import actor_of, find_token

LAST_USED_PRECISION = timedelta(hours=1)
DEFAULT_MAX_BYTES = 1_000_000


def _authenticate(raw: str | None) -> PartnerToken:
    token = find_token(raw) if raw and "\x00" not in raw else None
    if token is None:
        raise ApiProblem(
            401,
            "invalid-token",
            _(
                "A valid write-API token is required, in the Authorization header "
                "(Bearer) or the X-API-Key header."
            ),
            param="Authorization",
            headers={"WWW-Authenticate": 'Bearer realm="opensit-write"'},
        )
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


class PartnerBearer(HttpBearer):
    """`Authorization: Bearer opw_...`. Another scheme (Basic, from a proxy or a client library)
    is not ours: it is ignored and the X-API-Key header is tried, as without the header. A
    Bearer token that is not valid is a 401, even with a valid X-API-Key."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _sep, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            return None
        return _authenticate(raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return _authenticate(token)


class PartnerKey(APIKeyHeader):
    """`X-API-Key: opw_...` (the same token as the bearer)."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _authenticate(key)


router = Router(auth=[PartnerBearer(), PartnerKey()], tags=["write"])


class Submission(Schema):
    id: int
    kind: str
    object: str
    object_status: str
    status: str
    created_at: str
    review_comment: str = ""
    reviewed_at: str | None = None


class Unchanged(Schema):
    status: str
    object: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    parameter: str | None = None
    errors: list[dict[str, Any]] | None = None


PROBLEMS = {code: Problem for code in (400, 401, 403, 404, 413, 422)}
DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/TourismDocument"}}
        },
    }
}
PARTIAL_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "Top-level fields of a TourismDocument to replace.",
                }
            }
        },
    }
}


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _invalid(request: HttpRequest, exc: PydanticError) -> HttpResponse:
    errors = [{"field": _field(e["loc"]), "message": e["msg"]} for e in exc.errors()]
    first = errors[0]
    return problem_response(
        request,
        422,
        "invalid-document",
        _("Invalid field “%(name)s”: %(message)s")
        % {"name": first["field"], "message": first["message"]},
        param=first["field"] or None,
        errors=errors,
    )


def _nul_path(value: Any, path: str = "") -> str | None:
    """Where a NUL character hides in the body (PostgreSQL cannot store it), or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return where.replace("\x00", "")
            found = _nul_path(item, where)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def max_body_bytes() -> int:
    """OPENSIT_WRITE_MAX_BYTES: above Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), raise that
    setting too, or Django refuses the body first (still a 413 here)."""
    return int(getattr(settings, "OPENSIT_WRITE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _too_large(limit: int) -> ApiProblem:
    return ApiProblem(
        413,
        "too-large",
        _("The body is larger than %(limit)d bytes.") % {"limit": limit},
    )


def _raw_body(request: HttpRequest) -> bytes:
    """The body, refused (413) above the limit before it is read when its length is declared:
    Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) raised an error answered as a 500."""
    limit = max_body_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise _too_large(limit)
    try:
        raw = request.body
    except RequestDataTooBig:
        raise _too_large(limit) from None
    if len(raw) > limit:
        raise _too_large(limit)
    return raw


def _body(request: HttpRequest) -> dict[str, Any]:
    raw = _raw_body(request)
    try:
        data = orjson.loads(raw or b"")
    except orjson.JSONDecodeError as exc:
        raise ApiProblem(
            400, "invalid-json", _("The body is not valid JSON: %(error)s") % {"error": exc}
        ) from exc
    if not isinstance(data, dict):
        raise ApiProblem(
            400, "invalid-json", _("The body must be a JSON object (a tourism document).")
        )
    where = _nul_path(data)
    if where is not None:
        raise ApiProblem(
            422,
            "invalid-document",
            _("Invalid field “%(name)s”: it contains a NUL character.") % {"name": where},
            param=where,
        )
    return data


def _answer(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
    response = HttpResponse(orjson.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    if status in (201, 202):
        response["Location"] = request.build_absolute_uri(f"/api/v1/write/proposals/{body['id']}")
    return response


def _not_found(request: HttpRequest, object_id: str) -> HttpResponse:
    return problem_response(
        request, 404, "not-found", _("No object with the id %(id)s.") % {"id": object_id}
    )


def _write(request: HttpRequest, run: Any, object_id: str | None = None) -> HttpResponse:
    """Run a write or a read; a refusal about an object the token may not read (another
    organisation's unpublished object) is the 404 of an unknown id: it names nothing."""
    try:
        return run()
    except PydanticError as exc:
        return _invalid(request, exc)
    except services.UnknownObject as exc:
        return _not_found(request, exc.args[0])
    except PermissionDenied:
        token = request.auth  # type: ignore[attr-defined]
        if object_id is not None and not may_read(actor_of(token), object_id.replace("\x00", "")):
            return _not_found(request, object_id.replace("\x00", ""))
        raise
    except (TypeError, ValueError) as exc:
        return problem_response(request, 422, "invalid-document", str(exc))


@router.post(
    "/objects",
    summary="Propose a new object",
    response={201: Submission, **PROBLEMS},
    openapi_extra=DOCUMENT_BODY,
)
def create(request: HttpRequest) -> HttpResponse:
    data = _body(request)

    def run() -> HttpResponse:
        submission = services.submit_new(request.auth, data)  # type: ignore[attr-defined]
        return _answer(request, services.status_of(submission), 201)

    return _write(request, run)


def _update(request: HttpRequest, object_id: str, partial: bool) -> HttpResponse:
    data = _body(request)

    def run() -> HttpResponse:
        token = request.auth  # type: ignore[attr-defined]
        submission = services.submit_update(token, object_id, data, partial=partial)
        if submission is None:
            return _answer(request, {"status": "unchanged", "object": object_id}, 200)
        return _answer(request, services.status_of(submission), 202)

    return _write(request, run, object_id)


@router.put(
    "/objects/{object_id}",
    summary="Propose a new version of an object",
    response={200: Unchanged, 202: Submission, **PROBLEMS},
    openapi_extra=DOCUMENT_BODY,
)
def replace(request: HttpRequest, object_id: str) -> HttpResponse:
    return _update(request, object_id, partial=False)


@router.patch(
    "/objects/{object_id}",
    summary="Propose changes to some fields of an object",
    response={200: Unchanged, 202: Submission, **PROBLEMS},
    openapi_extra=PARTIAL_BODY,
)
def patch(request: HttpRequest, object_id: str) -> HttpResponse:
    return _update(request, object_id, partial=True)


@router.get(
    "/objects/{object_id}",
    summary="The current document of an object the token may write to",
    response={200: TourismDocument, **PROBLEMS},
)
def read(request: HttpRequest, object_id: str) -> HttpResponse:
    def run() -> HttpResponse:
        token = request.auth  # type: ignore[attr-defined]
        obj = services.editable_object(token, object_id)
        document = readable_document(actor_of(token), obj)
        response = HttpResponse(orjson.dumps(document), content_type="application/json")
        response["Cache-Control"] = "no-store"
        return response

    return _write(request, run, object_id)


@router.get(
    "/proposals/{submission_id}",
    summary="The status of a submission",
    response={200: Submission, **PROBLEMS},
)
def proposal_status(request: HttpRequest, submission_id: int) -> HttpResponse:
    def run() -> HttpResponse:
        found = services.submission_for(request.auth, submission_id)  # type: ignore[attr-defined]
        return _answer(request, services.status_of(found), 200)

    return _write(request, run)
