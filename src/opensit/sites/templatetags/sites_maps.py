"""Tags of the sites' maps: the tiles a destination shows, the default view of an empty map."""

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from opensit.sites import maps

register = template.Library()


@register.simple_tag(takes_context=True)
def map_tiles(context: dict[str, Any]) -> maps.Tiles:
    """The page's destination's tiles (its own, else the platform's)."""
    return maps.tiles(getattr(context["request"], "destination", None))


@register.simple_tag
def map_center() -> tuple[float, float, int]:
    """(lat, lon, zoom) of a map with no point: the platform's default view."""
    config = getattr(settings, "LEAFLET_CONFIG", {})
    lat, lon = config.get("DEFAULT_CENTER", (46.6, 2.4))
    return lat, lon, config.get("DEFAULT_ZOOM", 6)


@register.simple_tag(takes_context=True)
def block_map(context: dict[str, Any], value: Any) -> dict[str, Any]:
    """A map block's points address (`/geojson/selection/<slug>/`, in the page's language)
    and its first points as links, for visitors without JavaScript."""
    slug = value.get("selection") or ""
    if not slug:
        return {"geojson_url": "", "links": []}
    destination = getattr(context["request"], "destination", None)
    if destination is None:  # an admin preview: the site's scope is not known here
        return {"geojson_url": "", "links": []}
    return {
        "geojson_url": reverse("selection_geojson", kwargs={"slug": slug}),
        "links": maps.fallback_links(destination, slug, get_language()),
    }
