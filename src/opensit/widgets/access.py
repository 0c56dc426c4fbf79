"""The gate of every widget request: the widget's public key, the page's origin, the project's
status and rate limits (`diffusion.ratelimit`), and the CORS headers of an allowed origin.

The origin of the page is the `Origin` header (fetches, beacons), else the origin of the
`Referer` (an iframe's or a link's navigation). A request with neither comes from a server (a
CMS plugin including the fragment): the key alone admits it, under the same rate limits;
browsers, which send one of the two, are held to the allowed origins. The platform's own
origin is always allowed: the back office's preview is an iframe of the platform."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.translation import gettext as _

from opensit.diffusion import ratelimit
from opensit.diffusion.models import DiffusionProject
from opensit.widgets.keys import key_matches, widget_id_of
from opensit.widgets.models import Widget
from opensit.widgets.origins import origin_of_referer

EXPOSED = "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"


class WidgetRefused(Exception):
    """A refusal the views answer as problem details; `param` names the culprit."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.param = status, code, detail, param
        self.headers = headers or {}


@dataclass
class Admission:
    widget: Widget
    key: str
    origin: str | None  # the page's origin, None for a server-side request
    headers: dict[str, str] = field(default_factory=dict)


def platform_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}".lower()


def page_origin(request: HttpRequest) -> str | None:
    """The origin of the page making the request, as the browser tells it."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return origin.strip().lower()
    referer = request.META.get("HTTP_REFERER")
    if referer:
        return origin_of_referer(referer) or referer[:200]
    return None


def origin_allowed(widget: Widget, origin: str | None, request: HttpRequest) -> bool:
    if origin is None:
        return True
    return origin in widget.allowed_origins or origin == platform_origin(request)


def cors_headers(request: HttpRequest, origin: str | None) -> dict[str, str]:
    """CORS for an allowed page that sent `Origin` (its fetch reads the answer); never `*`."""
    headers = {"Vary": "Origin"}
    if origin and request.META.get("HTTP_ORIGIN"):
        headers["Access-Control-Allow-Origin"] = request.META["HTTP_ORIGIN"]
        headers["Access-Control-Expose-Headers"] = EXPOSED
    return headers


def admit(request: HttpRequest, widget_id: int, *, count: bool = True) -> Admission:
    """The widget if this request may read it; `WidgetRefused` otherwise. `count` hits the
    project's rate limit (every request but a preflight)."""
    raw = request.GET.get("key", "") or request.META.get("HTTP_X_WIDGET_KEY", "")
    if "\x00" in raw:
        raise WidgetRefused(400, "invalid-parameter", _("Invalid widget key."), "key")
    if not raw:
        raise WidgetRefused(401, "missing-key", _("The parameter “key” is required."), "key")
    if widget_id_of(raw) != widget_id:
        raise WidgetRefused(401, "invalid-key", _("Invalid widget key."), "key")
    widget = (
        Widget.objects.select_related("project", "selection", "organisation")
        .filter(pk=widget_id)
        .first()
    )
    if widget is None or not key_matches(raw, widget.pk, widget.key_version):
        raise WidgetRefused(401, "invalid-key", _("Invalid widget key."), "key")
    if not widget.active:
        raise WidgetRefused(403, "widget-inactive", _("This widget is switched off."))
    origin = page_origin(request)
    if not origin_allowed(widget, origin, request):
        raise WidgetRefused(
            403,
            "origin-refused",
            _("The origin “%(origin)s” may not show this widget.") % {"origin": origin},
            "Origin",
            {"Vary": "Origin"},
        )
    if widget.project.status != DiffusionProject.Status.ACTIVE:
        raise WidgetRefused(
            403, "project-inactive", _("The widget's diffusion project is not active.")
        )
    headers = cors_headers(request, origin)
    if count:
        quota = ratelimit.hit(widget.project)
        if quota.exceeded:
            raise WidgetRefused(
                429,
                "rate-limited",
                _("Rate limit of %(limit)d requests exceeded; retry in %(reset)d s.")
                % {"limit": quota.limit, "reset": quota.reset},
                headers={**headers, **quota.headers(), "Retry-After": str(quota.reset)},
            )
        headers.update(quota.headers())
    return Admission(widget, raw, origin, headers)
