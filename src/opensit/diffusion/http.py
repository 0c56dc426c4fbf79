"""HTTP plumbing of the public API: problem details (RFC 9457), conditional responses (ETag,
Last-Modified, 304), cache headers, CORS and gzip."""

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.http import http_date, parse_etags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.gzip import gzip_page

PROBLEM_TYPE = "https://opensit.org/problems/"
CACHE_CONTROL = "private, max-age=60, must-revalidate"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "X-API-Key, If-None-Match, If-Modified-Since, Content-Type",
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, "
        "X-RateLimit-Reset"
    ),
    "Access-Control-Max-Age": "86400",
}


class ApiProblem(Exception):
    """An error the API answers as problem details; `param` names the bad parameter."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.param = param
        self.headers = headers or {}


#: The standard reason phrases, translated like the detail they come with (RFC 9457 lets the
#: title follow the language of the response).
TITLES = {
    400: gettext_lazy("Bad Request"),
    401: gettext_lazy("Unauthorized"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not Found"),
    405: gettext_lazy("Method Not Allowed"),
    410: gettext_lazy("Gone"),
    413: gettext_lazy("Content Too Large"),
    422: gettext_lazy("Unprocessable Content"),
    429: gettext_lazy("Too Many Requests"),
    500: gettext_lazy("Internal Server Error"),
    503: gettext_lazy("Service Unavailable"),
}


def problem_response(
    request: HttpRequest | None,
    status: int,
    code: str,
    detail: str,
    *,
    param: str | None = None,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + code,
        "title": str(TITLES.get(status) or _("Error")),
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if param:
        body["parameter"] = param
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        orjson.dumps(body), status=status, content_type="application/problem+json"
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def etag_of(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    if header.strip() == "*":
        return True
    # gzip weakens ETags (W/"..."): compare weakly, as RFC 9110 asks for If-None-Match.
    wanted = {tag.removeprefix("W/").strip('"') for tag in parse_etags(header)}
    return etag in wanted


def json_response(
    request: HttpRequest,
    body: bytes,
    *,
    etag: str | None = None,
    last_modified: datetime | None = None,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json",
) -> HttpResponse:
    """A cacheable JSON response, or a 304 when the client's copy is current."""
    etag = etag or etag_of(body)
    if _matches(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = f'"{etag}"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Encoding, X-API-Key"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _without_body(response: HttpResponseBase) -> HttpResponseBase:
    """The answer to a HEAD: the GET's headers (Content-Length included), no body."""
    if response.streaming:
        response.close()  # closes a FileResponse's file
        response.streaming_content = []  # type: ignore[attr-defined]
    else:
        length = len(response.content)  # type: ignore[attr-defined]
        response.content = b""  # type: ignore[attr-defined]
        if response.status_code != 304:
            response["Content-Length"] = str(length)
    return response


def _is_problem(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").startswith("application/problem+json")


def _method_not_allowed(request: HttpRequest, response: HttpResponseBase) -> HttpResponse:
    """django-ninja answers a method a path does not have with an empty text/html 405."""
    allow = response.get("Allow", "")
    problem = problem_response(
        request,
        405,
        "method-not-allowed",
        _("%(method)s is not allowed here; allowed: %(allow)s.")
        % {"method": request.method, "allow": allow},
    )
    problem["Allow"] = allow
    return problem


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other path under /api/v1/: a problem, as every answer of the API."""
    return problem_response(request, 404, "not-found", _("No such API endpoint."))


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """Wrap an API view: gzip when the client accepts it, CORS headers, preflight answers, and
    HEAD answered as the GET without its body (django-ninja routes GET only)."""
    zipped = gzip_page(view)

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "OPTIONS":
            response: HttpResponseBase = HttpResponse(status=204)
        elif request.method == "HEAD":
            request.method = "GET"
            try:
                response = _without_body(zipped(request, *args, **kwargs))
            finally:
                request.method = "HEAD"
        else:
            response = zipped(request, *args, **kwargs)
        if response.status_code == 405 and not _is_problem(response):
            response = _method_not_allowed(request, response)
        elif response.status_code == 404 and not _is_problem(response):
            response = not_found(request)  # django-ninja's api root, for one
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    wrapper.__name__ = getattr(view, "__name__", "view")
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper
