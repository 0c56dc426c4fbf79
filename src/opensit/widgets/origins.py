"""The allowed origins of a widget and its theme colours: parsed strictly, so that what the
server compares with the browser's `Origin` header is one canonical string."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_ORIGINS = 50


def parse_origin(value: str) -> str:
    """The canonical `scheme://host[:port]` of `value`, or ValidationError naming it.

    Lower case, no default port, no path, query, fragment, user or trailing slash: exactly what
    a browser sends in `Origin`. IPv4 addresses are host names here; IPv6 is refused (rare on
    partner sites, and brackets make the comparison error-prone)."""
    text = (value or "").strip()
    if not text or any(ch.isspace() for ch in text) or not text.isascii():
        raise ValidationError(_("“%(value)s” is not an origin.") % {"value": value})
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValidationError(_("“%(value)s” is not an origin.") % {"value": value}) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS:
        raise ValidationError(
            _("“%(value)s”: an origin starts with http:// or https://.") % {"value": value}
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationError(_("“%(value)s”: an origin has no user name.") % {"value": value})
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.endswith("#"):
        raise ValidationError(
            _("“%(value)s”: an origin has no path, query or fragment.") % {"value": value}
        )
    if not HOST.match(host):
        raise ValidationError(_("“%(value)s”: invalid host name.") % {"value": value})
    if port is not None and port == 0:
        raise ValidationError(_("“%(value)s”: invalid port.") % {"value": value})
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def parse_origins(values: list[str] | str) -> list[str]:
    """Canonical origins, one per line or list item, duplicates dropped, order kept."""
    if isinstance(values, str):
        values = values.splitlines()
    found: list[str] = []
    for value in values:
        if not value.strip():
            continue
        origin = parse_origin(value)
        if origin not in found:
            found.append(origin)
    if len(found) > MAX_ORIGINS:
        raise ValidationError(_("At most %(count)d origins.") % {"count": MAX_ORIGINS})
    return found


def check_colour(value: str) -> None:
    if not isinstance(value, str) or not COLOUR.match(value):
        raise ValidationError(_("A colour is written #rrggbb."))


def origin_of_referer(referer: str) -> str | None:
    """The origin of a `Referer` URL (iframes and fragments fetched by a page), or None."""
    try:
        parts = urlsplit(referer)
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"
