"""django-leaflet's `{% leaflet_js %}`, `{% leaflet_css %}` and `{% leaflet_map %}`."""

from leaflet.templatetags.leaflet_tags import register

__all__ = ["register"]
