"""Where a webhook may be sent: not into the platform's own network.

A webhook URL is chosen by a project's administrator, and the platform POSTs to it: without a
check, `http://127.0.0.1:5432/`, `http://169.254.169.254/` (cloud metadata) or an intranet host
would be reached from inside (server-side request forgery). The host is resolved and every
address checked, at registration and again before each delivery (a name may change address);
deliveries do not follow redirects. `OPENSIT_WEBHOOKS_ALLOW_PRIVATE` lifts the rule, for tests
and closed networks.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class PrivateTarget(ValueError):
    """The URL leads to an address the platform does not send webhooks to."""


def allow_private() -> bool:
    return bool(getattr(settings, "OPENSIT_WEBHOOKS_ALLOW_PRIVATE", False))


def blocked(address: Address) -> bool:
    """Private, loopback, link-local, reserved, multicast or unspecified (IPv4 in IPv6 too)."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def addresses(host: str, port: int) -> list[Address]:
    """The addresses a host name resolves to (empty when it does not resolve)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []  # unreachable anyway; checked again before each delivery
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def check_target(url: str) -> None:
    """Raise PrivateTarget when the URL's host is, or resolves to, a blocked address."""
    if allow_private():
        return
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise PrivateTarget(_("url: “%(url)s” has no host.") % {"url": url})
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise PrivateTarget(_("url: “%(url)s” has an invalid port.") % {"url": url}) from None
    for address in addresses(host, port):
        if blocked(address):
            raise PrivateTarget(
                _(
                    "url: %(host)s is a private, loopback, link-local or reserved address "
                    "(%(address)s): webhooks are not sent there."
                )
                % {"host": host, "address": address}
            )
