"""Serves a destination's host with the sites' URLs (`sites.urls`): its pages, its object
pages, its sitemaps and robots.txt. Other hosts get the platform (back office, API).

A site's pages show the catalog's photos, which live wherever their producers put them (an
Apidae server, the platform's media library): its responses' CSP lets images come from any
https origin and from the platform's own address, and nothing else changes."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from opensit.sites import hosts


def image_sources() -> list[str]:
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    platform = f"{base.scheme}://{base.netloc}" if base.netloc else ""
    return ["https:", *([platform] if platform and base.scheme == "http" else [])]


class DestinationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            destination = hosts.destination_for(request.get_host())
        except DisallowedHost:
            destination = None  # CommonMiddleware answers 400
        if destination is not None:
            request.urlconf = "opensit.sites.urls"
            request.destination = destination
            # Wagtail's own per-request memo; the home page is read again by each request (the
            # site is kept by the process, its pages change when editors publish).
            destination.site._state.fields_cache.pop("root_page", None)
            request._wagtail_site = destination.site
        return self.get_response(request)


class SiteImagesMiddleware:
    """After the CSP middleware in MIDDLEWARE, so that its response phase runs first: a site's
    responses may show images from any https origin and from the platform."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "destination", None) is not None:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["img-src"] = [*update.get("img-src", []), *image_sources()]
            response._csp_update = update
        return response
