"""The public API as served at /api/v1/: composed here, at the project level.

`diffusion.api` holds the NinjaAPI instance and the reference endpoints; `diffusion.api_objects`
and `diffusion.dumps` register their routes on it when imported; the partner write API is a
router of the partners app, mounted at /write. Composing them here keeps the imports one way
(partners imports diffusion, never the reverse: docs/architecture.md, "The app map"). Whatever
needs the complete API (the URLs, the OpenAPI document) takes it from this module.

Each view is wrapped for gzip and CORS; any other path under /api/v1/ is a 404 problem
(application/problem+json), never an HTML page. With read replicas configured, the GET and
HEAD requests of the public API read from a replica; the write API (/write, its reads too:
a partner reads back what it wrote) stays on the primary (`opensit.core.routers`).
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import re_path

from opensit.core.routers import replica_aliases, replica_reads
from opensit.diffusion import api_objects, dumps  # noqa: F401  (register their routes)
from opensit.diffusion.api import api
from opensit.diffusion.http import not_found, public_view
from opensit.partners.api import router as write_router

api.add_router("/write", write_router)  # the partner write API (docs/write-api.md)

WRITE_PREFIX = "write/"


def reads_on_replica(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A read-only request (GET, HEAD) of the public API reads from a replica, the same for
    every request of an API key (`core.routers.replica_for`)."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = request.META.get("HTTP_X_API_KEY") or request.GET.get("api_key")
        with replica_reads(key):
            return view(request, *args, **kwargs)

    wrapper.__name__ = getattr(view, "__name__", "view")
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


patterns, app_name, namespace = api.urls
for pattern in patterns:
    # django-ninja's root view raises an Http404 (an HTML page): the API's own 404 instead.
    view = not_found if pattern.name == "api-root" else pattern.callback
    view = public_view(view)
    if replica_aliases() and not str(pattern.pattern).startswith(WRITE_PREFIX):
        view = reads_on_replica(view)  # no replica: not even the wrapper's cost
    pattern.callback = view
patterns.append(re_path(r"^.*$", public_view(not_found), name="not-found"))

urls = (patterns, app_name, namespace)

__all__ = ["api", "urls"]
