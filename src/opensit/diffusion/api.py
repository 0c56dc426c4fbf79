"""The public API, `/api/v1`: the NinjaAPI, its error handling as problem details, and the
reference endpoints (vocabularies, communes, organisations). Object endpoints live in
`api_objects`, dumps in `dumps`; the complete API, the partner write API included, is composed
by the project in `opensit.api` (this module imports none of them)."""

import logging
from typing import Any

import orjson
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query
from ninja.errors import AuthenticationError, HttpError, ValidationError

from opensit.catalog.models import VocabularyEntry
from opensit.diffusion.access import HeaderKey, QueryKey
from opensit.diffusion.apidocs import GuidePage, types_body
from opensit.diffusion.http import ApiProblem, problem_response
from opensit.diffusion.openapi import PublicAPI, with_request
from opensit.diffusion.output import page_link
from opensit.diffusion.respond import respond
from opensit.network.models import Commune, Organisation

logger = logging.getLogger(__name__)

api = PublicAPI(
    title="OpenSIT public API",
    version="1",
    description="",  # the guide, written for each request (`openapi.complete`)
    urls_namespace="api-v1",
    auth=[HeaderKey(), QueryKey()],
    docs=GuidePage(),
    docs_decorator=with_request,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- Errors as problem details ----------------------------------------------------------------


@api.exception_handler(ApiProblem)
def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(
        request, exc.status, exc.code, exc.detail, param=exc.param, headers=exc.headers
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        errors.append({"parameter": ".".join(loc), "message": error.get("msg", "")})
    first = errors[0] if errors else {"parameter": "", "message": ""}
    return problem_response(
        request,
        400,
        "invalid-parameter",
        _("Invalid parameter “%(name)s”: %(message)s")
        % {"name": first["parameter"], "message": first["message"]},
        param=first["parameter"] or None,
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        401,
        "invalid-key",
        _("A valid API key is required, in the X-API-Key header or the api_key parameter."),
        param="api_key",
        headers={"WWW-Authenticate": 'ApiKey header="X-API-Key"'},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(request, exc.status_code, "http-error", str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, 404, "not-found", str(exc) or _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(request, 403, "forbidden", str(exc) or _("Forbidden."))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("public API error on %s", request.path)
    return problem_response(request, 500, "server-error", _("An unexpected error occurred."))


# --- Shared helpers ---------------------------------------------------------------------------


def paginate(request: HttpRequest, rows: list[dict[str, Any]], page: int, page_size: int) -> bytes:
    start = (page - 1) * page_size
    chunk = rows[start : start + page_size]
    more = start + page_size < len(rows)
    return orjson.dumps(
        {
            "total": len(rows),
            "next": page_link(request, page=page + 1) if more else None,
            "previous": page_link(request, page=page - 1) if page > 1 else None,
            "items": chunk,
        }
    )


# --- Reference endpoints ----------------------------------------------------------------------


@api.get("/vocabularies/types", tags=["vocabularies"], summary="The type hierarchy")
def vocabulary_types(request: HttpRequest) -> HttpResponse:
    return respond(request, "vocabularies", types_body())


@api.get("/vocabularies/{scheme}", tags=["vocabularies"], summary="One thesaurus")
def vocabulary(request: HttpRequest, scheme: str) -> HttpResponse:
    if scheme not in VocabularyEntry.Scheme.values:
        raise ApiProblem(
            404,
            "unknown-scheme",
            _("Unknown vocabulary “%(scheme)s”; known: %(known)s.")
            % {"scheme": scheme, "known": ", ".join(["types", *VocabularyEntry.Scheme.values])},
            param="scheme",
        )
    items = list(
        VocabularyEntry.objects.filter(scheme=scheme)
        .order_by("code")
        .values("code", "labels", "parent", "datatourisme", "deprecated", "replaced_by")
    )
    return respond(request, "vocabularies", orjson.dumps({"total": len(items), "items": items}))


@api.get("/communes", tags=["reference"], summary="Communes (INSEE codes)")
def communes(
    request: HttpRequest,
    department: str | None = None,
    q: str | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(100, ge=1, le=1000),
) -> HttpResponse:
    rows = Commune.objects.order_by("insee")
    if department:
        rows = rows.filter(department=department)
    if q:
        rows = rows.filter(name__icontains=q)
    data = list(rows.values("insee", "name", "postal_codes", "department", "latitude", "longitude"))
    return respond(request, "communes", paginate(request, data, page, page_size))


@api.get("/organisations", tags=["reference"], summary="Organisations of the network")
def organisations(
    request: HttpRequest,
    page: int = Query(1, ge=1),
    page_size: int = Query(100, ge=1, le=1000),
) -> HttpResponse:
    data = [
        {"slug": slug, "name": name, "kind": kind, "website": website, "parent": parent}
        for slug, name, kind, website, parent in Organisation.objects.order_by("slug").values_list(
            "slug", "name", "kind", "website", "parent__slug"
        )
    ]
    return respond(request, "organisations", paginate(request, data, page, page_size))
