"""The sitemaps and robots.txt of a destination's host (`sites.sitemaps`), outside the
language prefixes: one address each for every language."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from opensit.sites import sitemaps

XML = "application/xml; charset=utf-8"
#: Search engines read these once in a while: a short shared cache spares the database.
CACHE_CONTROL = "public, max-age=3600"


def _language(request: HttpRequest, lang: str) -> str:
    if lang not in sitemaps.languages(request.destination):
        raise Http404("language not served by this site")
    return lang


def _default_language(request: HttpRequest) -> str:
    codes = sitemaps.languages(request.destination)
    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in codes else codes[0]


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(sitemaps.sitemap_index(request.destination), content_type=XML)
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_safe
def sitemap_pages(request: HttpRequest, lang: str) -> HttpResponse:
    entries = sitemaps.page_entries(request.destination, _language(request, lang), request)
    response = HttpResponse(
        "".join(sitemaps.urlset(entries, _default_language(request))), content_type=XML
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_safe
def sitemap_objects(request: HttpRequest, lang: str, number: int) -> StreamingHttpResponse:
    entries = sitemaps.object_entries(request.destination, _language(request, lang), number)
    if entries is None:
        raise Http404("no such sitemap")
    response = StreamingHttpResponse(
        sitemaps.urlset(entries, _default_language(request)), content_type=XML
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        sitemaps.robots_txt(request.destination), content_type="text/plain; charset=utf-8"
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response
