"""Which destination a request's host names. Every request asks, so the destinations are kept
in the process (with their Wagtail site, owner and logo) and forgotten whenever a site or
destination is saved here (`sites.receivers`), or after `HOSTS_SECONDS` for a change made by
another process."""

import time

from opensit.sites.models.destination import Destination

HOSTS_SECONDS = 10.0
_hosts: dict[str, Destination] = {}
_loaded_at = 0.0


def forget() -> None:
    global _loaded_at
    _loaded_at = 0.0


def _table() -> dict[str, Destination]:
    global _hosts, _loaded_at
    now = time.monotonic()
    if now - _loaded_at > HOSTS_SECONDS:
        found = Destination.objects.select_related("site", "organisation", "logo", "project")
        _hosts = {d.site.hostname.lower(): d for d in found}
        _loaded_at = now
    return _hosts


def destination_for(host: str) -> Destination | None:
    """The destination served on `host` (a port is ignored), or None for the platform."""
    return _table().get(host.rsplit(":", 1)[0].lower().rstrip("."))


def destinations() -> list[Destination]:
    """Every destination, the highest `canonical_priority` first (then the oldest)."""
    return sorted(_table().values(), key=lambda d: (-d.canonical_priority, d.pk))
