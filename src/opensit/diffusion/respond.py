"""`respond`: how every endpoint of the public API answers a 200.

A module of its own so that the modules of endpoints (`api`, `api_objects`, `dumps`) share it
without importing one another (docs/architecture.md, "The app map").
"""

from typing import Any

from django.http import HttpRequest, HttpResponse

from opensit.core.routers import primary_reads
from opensit.diffusion.access import project_of, quota_headers
from opensit.diffusion.http import json_response
from opensit.diffusion.usage import BUFFER


def respond(
    request: HttpRequest, endpoint: str, body: bytes, *, objects: int = 0, **kwargs: Any
) -> HttpResponse:
    """Count the request (batched) and answer with cache and rate-limit headers."""
    with primary_reads():  # a flush it triggers checks the projects on the primary
        BUFFER.record(project_of(request).pk, endpoint, objects, kwargs.pop("empty_search", None))
    headers = {**quota_headers(request), **kwargs.pop("headers", {})}
    return json_response(request, body, headers=headers, **kwargs)
