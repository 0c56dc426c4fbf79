"""The views the sites' URLs serve beside Wagtail's pages: object detail pages (from the
catalog, never pages of their own) and each site's stylesheet of colours."""

import re

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseGone,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from opensit.catalog.models import TourismObject
from opensit.core.langtext import pick
from opensit.sites import canonical, maps, seo
from opensit.sites.cache import cached_detail
from opensit.sites.detail import FALLBACKS, detail, load_form
from opensit.sites.trail import trail_of

#: Merged into a merged object: followed this many times at most.
MERGE_HOPS = 5
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
OBJECT_PATH = rf"^(?:(?P<slug>[-a-z0-9]*)-)?(?P<object_id>{UUID})/$"
_ID = re.compile(UUID)


def _survivor(object_id: str) -> tuple[str, str] | None:
    """(id, status) of the object `object_id` names now, following merges."""
    for _ in range(MERGE_HOPS):
        row = TourismObject.objects.filter(pk=object_id).values_list("status", "merged_into")
        found = row.first()
        if found is None:
            return None
        status, merged_into = found
        if not merged_into:
            return object_id, status
        object_id = merged_into
    return None


def _redirect(request: HttpRequest, path: str) -> HttpResponsePermanentRedirect:
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))


@cached_detail
@require_safe
def object_detail(request: HttpRequest, object_id: str, slug: str | None = None) -> HttpResponse:
    """`/<slug>-<id>/`: an old slug or a merged id answers 301 to the current address; a
    deleted object 410; an object the site does not show 404."""
    destination = request.destination
    lang = get_language()
    if lang not in destination.languages:
        raise Http404("language not served by this site")
    found = _survivor(object_id)
    if found is None:
        raise Http404("no such object")
    current_id, status = found
    form = load_form(current_id)
    if form is None:
        if status == TourismObject.Status.DELETED:
            return HttpResponseGone()
        raise Http404("not published")
    if not canonical.shows(destination, current_id):
        raise Http404("not shown by this site")
    path = canonical.object_path(current_id, pick(form.get("name"), lang, FALLBACKS), lang)
    if request.path != path:
        return _redirect(request, path)
    page = detail(destination, form, lang)
    url = canonical.canonical_url(current_id, page.name, form.get("owner", ""), lang)
    url = url or canonical.root_url(destination) + path
    trail = trail_of(page.geometry)
    context = {
        "detail": page,
        "destination": destination,
        "canonical_url": url,
        "seo": seo.object_seo(page, form, url),
        "trail": trail,
        "gpx_url": page.paths[lang] + "gpx" if trail else "",
        "has_map": page.has_map or trail is not None,
        "map_tiles": maps.tiles(destination),
    }
    response = render(request, "sites/object_detail.html", context)
    return maps.allow_tiles(response, destination)


@require_safe
def site_css(request: HttpRequest) -> HttpResponse:
    """The site's colours as CSS variables: the CSP allows no inline style."""
    destination = request.destination
    css = f":root{{--primary:{destination.primary_colour};--accent:{destination.accent_colour};}}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
