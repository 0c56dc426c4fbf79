"""Which destination a request's host names. Every request asks, so the answer is kept in the
process and forgotten whenever a site or destination is saved here (`sites.receivers`), or
after `HOSTS_SECONDS` for a change made by another process."""

import time

from opensit.sites.models import Destination

HOSTS_SECONDS = 10.0
_hosts: dict[str, int] = {}
_loaded_at = 0.0


def forget() -> None:
    global _loaded_at
    _loaded_at = 0.0


def _table() -> dict[str, int]:
    global _hosts, _loaded_at
    now = time.monotonic()
    if now - _loaded_at > HOSTS_SECONDS:
        _hosts = {
            hostname.lower(): pk
            for pk, hostname in Destination.objects.values_list("pk", "site__hostname")
        }
        _loaded_at = now
    return _hosts


def destination_id_for(host: str) -> int | None:
    """The destination served on `host` (a port is ignored), or None for the platform."""
    return _table().get(host.rsplit(":", 1)[0].lower().rstrip("."))
