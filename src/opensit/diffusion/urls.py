"""The public API's URLs, each view wrapped for gzip and CORS (mounted at /api/v1/); any other
path under /api/v1/ is a 404 problem (application/problem+json), never an HTML page."""

from django.urls import re_path

from opensit.diffusion.api import api
from opensit.diffusion.http import not_found, public_view

patterns, app_name, namespace = api.urls
for pattern in patterns:
    # django-ninja's root view raises an Http404 (an HTML page): the API's own 404 instead.
    view = not_found if pattern.name == "api-root" else pattern.callback
    pattern.callback = public_view(view)
patterns.append(re_path(r"^.*$", public_view(not_found), name="not-found"))

urls = (patterns, app_name, namespace)
