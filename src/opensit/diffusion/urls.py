"""The public API's URLs, each view wrapped for gzip and CORS (mounted at /api/v1/)."""

from opensit.diffusion.api import api
from opensit.diffusion.http import public_view

patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback = public_view(pattern.callback)

urls = (patterns, app_name, namespace)
