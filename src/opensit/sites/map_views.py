"""The maps' and itineraries' own addresses on a destination's host: a selection's points as
GeoJSON (what a map block fetches) and an itinerary's GPX download."""

import re

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from opensit.core.langtext import pick
from opensit.diffusion.models import Selection
from opensit.formats import gpx
from opensit.sites import canonical, maps
from opensit.sites.detail import FALLBACKS, load_form
from opensit.sites.trail import trail_of
from opensit.sites.views import UUID, _survivor

GPX_PATH = rf"^(?:(?P<slug>[-a-z0-9]*)-)?(?P<object_id>{UUID})/gpx$"
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


@require_safe
def selection_geojson(request: HttpRequest, slug: str) -> HttpResponse:
    """`/geojson/selection/<slug>/`: the selection's points that this site shows."""
    if not _SLUG.match(slug) or not Selection.objects.filter(slug=slug).exists():
        raise Http404("no such selection")
    lang = get_language()
    if lang not in request.destination.languages:
        raise Http404("language not served by this site")
    return maps.geojson_response(request, maps.selection_points(request.destination, slug, lang))


def gpx_path(object_id: str, name: str, lang: str) -> str:
    return canonical.object_path(object_id, name, lang) + "gpx"


@require_safe
def object_gpx(request: HttpRequest, object_id: str, slug: str | None = None) -> HttpResponse:
    """`/<slug>-<id>/gpx`: the trace of an itinerary the site shows, as a GPX file to save.
    404 for an object without a line geometry, unpublished, or outside the site's scope; an old
    slug or a merged id answers 301 as the detail page does."""
    destination = request.destination
    lang = get_language()
    if lang not in destination.languages:
        raise Http404("language not served by this site")
    found = _survivor(object_id)
    form = load_form(found[0]) if found else None
    if form is None or not canonical.shows(destination, form["id"]):
        raise Http404("no such object on this site")
    if trail_of((form.get("location") or {}).get("geometry")) is None:
        raise Http404("this object has no trace")
    name = pick(form.get("name"), lang, FALLBACKS)
    path = gpx_path(form["id"], name, lang)
    if request.path != path:
        return HttpResponsePermanentRedirect(path)
    body = b"".join(gpx.render_stream([form], lang))
    response = HttpResponse(body, content_type="application/gpx+xml")
    filename = f"{canonical.object_slug(name)}.gpx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
