"""Who is calling: API key authentication, project status and rate limits, run by ninja's auth
hook before every endpoint. The result (`request.auth`) is the caller's `ApiKey`."""

import hashlib
import time
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader, APIKeyQuery

from opensit.core import sharedcache
from opensit.diffusion import ratelimit
from opensit.diffusion.http import ApiProblem
from opensit.diffusion.models import ApiKey, DiffusionProject
from opensit.diffusion.services import find_key

LAST_USED_PRECISION = timedelta(hours=1)


def reject_control_characters(request: HttpRequest, raw: str | None) -> None:
    """A NUL byte cannot reach a database text field (PostgreSQL refuses it): a 400 naming the
    parameter, before any query runs."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise ApiProblem(
                400,
                "invalid-parameter",
                _("Invalid parameter “%(name)s”: it contains a NUL character.")
                % {"name": name.replace("\x00", "")},
                param=name.replace("\x00", ""),
            )
    if raw and "\x00" in raw:
        raise ApiProblem(400, "invalid-parameter", _("Invalid API key."), param="api_key")


AUTH_CACHE_SECONDS = 30
AUTH_CACHE_SIZE = 10_000
GENERATION = "opensit:auth-generation"
_known: dict[str, tuple[float, int, ApiKey | None]] = {}


def cached_key(raw: str) -> ApiKey | None:
    """`find_key`, remembered for AUTH_CACHE_SECONDS in this process: two ORM queries per
    request were most of a small answer's time.

    Saving or deleting a key or a project bumps a generation counter in Django's cache, which
    empties the memory at once in every process sharing that cache (a shared cache, such as
    Redis, is needed for several processes anyway: see the rate limits). With Redis
    (OPENSIT_CACHE_URL) every process reads the counter at each request, so a revoked or rotated
    key is refused everywhere at once; with the per-process default, another process stops
    accepting it within AUTH_CACHE_SECONDS.
    """
    digest = hashlib.sha256(raw.encode()).hexdigest()
    generation = cache.get(GENERATION, 0)
    now = time.monotonic()
    hit = _known.get(digest)
    if hit is not None and hit[0] > now and hit[1] == generation:
        return hit[2]
    key = find_key(raw)
    if len(_known) >= AUTH_CACHE_SIZE:
        _known.clear()
    _known[digest] = (now + AUTH_CACHE_SECONDS, generation, key)
    return key


@receiver([post_save, post_delete], sender=ApiKey)
@receiver([post_save, post_delete], sender=DiffusionProject)
def _forget_keys(**kwargs: Any) -> None:
    sharedcache.incr(GENERATION)
    _known.clear()


def authenticate(request: HttpRequest, raw: str | None) -> ApiKey | None:
    reject_control_characters(request, raw)
    if not raw:
        return None
    key = cached_key(raw)
    if key is None:
        return None
    project = key.project
    if project.status != DiffusionProject.Status.ACTIVE:
        code = "project-suspended" if project.status == "suspended" else "project-pending"
        raise ApiProblem(
            403,
            code,
            _("The project “%(name)s” is %(status)s: it may not read the API.")
            % {"name": project.name, "status": project.get_status_display().lower()},
        )
    quota = ratelimit.hit(project)
    if quota.exceeded:
        raise ApiProblem(
            429,
            "rate-limited",
            _rate_message(quota),
            headers={**quota.headers(), "Retry-After": str(quota.reset)},
        )
    request.quota = quota  # type: ignore[attr-defined]
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now  # the remembered key too: one write an hour, not per request
    return key


def _rate_message(quota: ratelimit.Quota) -> str:
    window = ratelimit.window_seconds()
    values = {"limit": quota.limit, "reset": quota.reset, "window": window}
    if window == 60:
        return _("Rate limit of %(limit)d requests per minute exceeded; retry in %(reset)d s.") % (
            values
        )
    return (
        _("Rate limit of %(limit)d requests per %(window)d s exceeded; retry in %(reset)d s.")
        % values
    )


class HeaderKey(APIKeyHeader):
    param_name = "X-API-Key"

    def _get_key(self, request: HttpRequest) -> str | None:
        # From META: `request.headers` would copy every header of the request first.
        return request.META.get("HTTP_X_API_KEY")

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return authenticate(request, key)


class QueryKey(APIKeyQuery):
    param_name = "api_key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return authenticate(request, key)


def project_of(request: HttpRequest) -> DiffusionProject:
    return request.auth.project  # type: ignore[attr-defined]


def quota_headers(request: HttpRequest) -> dict[str, str]:
    quota = getattr(request, "quota", None)
    return quota.headers() if quota else {}
