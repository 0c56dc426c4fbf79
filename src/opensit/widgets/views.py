"""The public side of widgets: the one script of the web component, the data it reads, the
iframe, the HTML fragment, the stylesheet and the click beacon. Every answer comes from one
rendering (`render.render`); the gate (`access.admit`) checks key, origin and rate limits.
No answer sets a cookie: nothing here touches the session or the CSRF token."""

from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any

import orjson
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render as render_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_http_methods, require_safe

from opensit.diffusion.http import problem_response
from opensit.diffusion.output import load_bodies
from opensit.diffusion.usage import BUFFER
from opensit.sites.canonical import canonical_url
from opensit.widgets import counting
from opensit.widgets.access import Admission, WidgetRefused, admit, platform_origin
from opensit.widgets.models import Layout, Widget
from opensit.widgets.render import Rendered, render, widget_ids

STATIC = Path(__file__).resolve().parent / "static" / "widgets"
MAX_PAGE = 1000
SCRIPT_MAX_AGE = 3600


@cache
def _static_text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A `WidgetRefused` becomes problem details (a 4xx naming the culprit)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except WidgetRefused as refused:
            return problem_response(
                request,
                refused.status,
                refused.code,
                refused.detail,
                param=refused.param,
                headers=refused.headers,
            )

    return wrapper


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise WidgetRefused(
            400,
            "invalid-parameter",
            _("Invalid parameter “page”: a number from 1 to %(max)d.") % {"max": MAX_PAGE},
            "page",
        )
    return int(raw)


def _near(request: HttpRequest) -> tuple[float, float] | None:
    raw = request.GET.get("near")
    if not raw:
        return None
    try:
        lat, lon = (float(part) for part in raw.split(","))
    except ValueError:
        lat = lon = float("nan")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise WidgetRefused(
            400,
            "invalid-parameter",
            _("Invalid parameter “near”: latitude,longitude in degrees."),
            "near",
        )
    return round(lat, 3), round(lon, 3)  # about 100 m: enough to sort, no precise position


def _urls(request: HttpRequest, admission: Admission) -> dict[str, str]:
    widget = admission.widget
    origin = platform_origin(request)
    return {
        "stylesheet": origin + reverse("widget_stylesheet", args=[widget.pk]),
        "click": origin + reverse("widget_click", args=[widget.pk]) + f"?key={admission.key}",
    }


def _rendered(request: HttpRequest, admission: Admission, embed: str) -> Rendered:
    """The widget rendered for this request, counted: one view (unless the page only refines
    a view it already counted: around me with the visitor's position), and the project's
    usage, as the diffusion API counts its requests."""
    rendered = render(
        admission.widget,
        page=_page(request),
        near=_near(request),
        base=platform_origin(request),
        embed=embed,
        key=admission.key,
        urls=_urls(request, admission),
    )
    if request.GET.get("refine") != "1":
        counting.record(admission.widget.pk, views=1)
    BUFFER.record(admission.widget.project_id, f"widget_{embed}", len(rendered.items))
    return rendered


def _with_headers(response: HttpResponse, headers: dict[str, str]) -> HttpResponse:
    for name, value in headers.items():
        response[name] = value
    return response


def _preflight(request: HttpRequest, pk: int) -> HttpResponse:
    admission = admit(request, pk, count=False)
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "X-Widget-Key"
    response["Access-Control-Max-Age"] = "86400"
    return _with_headers(response, admission.headers)


@require_safe
@gzip_page
def script(request: HttpRequest) -> HttpResponse:
    """The web component: one script, served by the platform, no third-party code."""
    response = HttpResponse(_static_text("widget.js"), content_type="text/javascript")
    response["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"  # the same script for every partner
    return response


@require_safe
def stylesheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The widgets' styles and this widget's colours (custom properties of its root class)."""
    widget = Widget.objects.filter(pk=pk).first()
    if widget is None:
        raise Http404
    colours = (
        f".osw-w{widget.pk}{{--osw-primary:{widget.primary_colour};"
        f"--osw-background:{widget.background_colour};--osw-text:{widget.text_colour}}}\n"
    )
    response = HttpResponse(_static_text("widget.css") + colours, content_type="text/css")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "OPTIONS"])
@refusals
@gzip_page
def data(request: HttpRequest, pk: int) -> HttpResponse:
    """The web component's data: the items (the same dicts the fragment shows) and their HTML."""
    if request.method == "OPTIONS":
        return _preflight(request, pk)
    admission = admit(request, pk)
    widget = admission.widget
    rendered = _rendered(request, admission, "component")
    body = {
        "id": widget.pk,
        "title": widget.title,
        "layout": widget.layout,
        "language": widget.language,
        "ask_position": widget.layout == Layout.AROUND_ME,
        "near": list(rendered.near) if rendered.near else None,
        "total": rendered.total,
        "page": rendered.page,
        "pages": rendered.pages,
        "items": rendered.items,
        "html": rendered.html,
        **_urls(request, admission),
    }
    response = HttpResponse(orjson.dumps(body), content_type="application/json")
    response["Cache-Control"] = "no-store"
    return _with_headers(response, admission.headers)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "OPTIONS"])
@refusals
def fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """Plain HTML for CMS plugins and pages without JavaScript: no script, no inline style."""
    if request.method == "OPTIONS":
        return _preflight(request, pk)
    admission = admit(request, pk)
    rendered = _rendered(request, admission, "fragment")
    response = HttpResponse(rendered.html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = admission.widget.language
    return _with_headers(response, admission.headers)


@xframe_options_exempt
@require_safe
@refusals
def frame(request: HttpRequest, pk: int) -> HttpResponse:
    """The iframe: framed by the allowed origins only (CSP frame-ancestors, per widget)."""
    admission = admit(request, pk)
    widget = admission.widget
    rendered = _rendered(request, admission, "frame")
    response = render_template(
        request,
        "widgets/frame.html",
        {"widget": widget, "html": rendered.html, "ask_position": _asks_position(request, widget)},
    )
    response["Cache-Control"] = "no-store"
    ancestors = ["'self'", *widget.allowed_origins]
    response._csp_replace = {"frame-ancestors": ancestors}  # type: ignore[attr-defined]
    response._csp_update = {"img-src": ["https:"]}  # type: ignore[attr-defined]
    return _with_headers(response, {"Vary": "Origin"})


def _asks_position(request: HttpRequest, widget: Widget) -> bool:
    return widget.layout == Layout.AROUND_ME and "near" not in request.GET


@csrf_exempt
@require_http_methods(["GET", "POST", "OPTIONS"])
@refusals
def click(request: HttpRequest, pk: int) -> HttpResponse:
    """A click on an item: a beacon (POST, answered 204) or a link through the platform (GET,
    a redirect to the object's canonical page, found from the id: never an open redirect)."""
    if request.method == "OPTIONS":
        return _preflight(request, pk)
    admission = admit(request, pk)
    object_id = request.GET.get("object", "")
    if object_id not in widget_ids(admission.widget):
        raise WidgetRefused(
            400,
            "invalid-parameter",
            _("Invalid parameter “object”: not an object of this widget."),
            "object",
        )
    counting.record(admission.widget.pk, clicks=1)
    if request.method == "POST":
        return _with_headers(HttpResponse(status=204), admission.headers)
    url = _canonical(object_id, admission.widget.language)
    if url is None:
        raise Http404
    return _with_headers(HttpResponseRedirect(url), admission.headers)


def _canonical(object_id: str, lang: str) -> str | None:
    bodies, _last = load_bodies([object_id], lang)
    if object_id not in bodies:
        return None
    body = orjson.loads(bodies[object_id])
    return canonical_url(object_id, body.get("name") or "", body.get("owner", ""), lang)
