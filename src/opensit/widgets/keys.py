"""The public key of a widget: derived, never stored.

The key sits in the partner's page, so it is public by nature; what it must not be is forged
or replayed for another widget. It is an HMAC of the widget's id and key version with the
platform's SECRET_KEY: the server recomputes and compares it (constant time) and nothing is
kept at rest, so the database holds no key to leak (the rule "API keys are hashed at rest" is
met by storing none), while the configurator can show the key again at any time. Raising the
widget's `key_version` replaces it; so does rotating SECRET_KEY (the keys of
SECRET_KEY_FALLBACKS are still accepted meanwhile)."""

import hashlib
import hmac

from django.conf import settings

KEY_PREFIX = "osw_"
SALT = b"opensit.widgets.key"


def _digest(widget_id: int, version: int, secret: str) -> str:
    key = hashlib.sha256(SALT + secret.encode()).digest()
    message = f"{widget_id}:{version}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def widget_key(widget_id: int, version: int) -> str:
    """`osw_<id>.<hmac>`: the id finds the widget, the HMAC proves the key was given out."""
    return f"{KEY_PREFIX}{widget_id}.{_digest(widget_id, version, settings.SECRET_KEY)}"


def widget_id_of(raw: str) -> int | None:
    """The widget id a presented key names, or None when it is not shaped like one."""
    head, dot, tail = (raw or "").partition(".")
    number = head.removeprefix(KEY_PREFIX)
    if not dot or not head.startswith(KEY_PREFIX) or not number.isdigit() or len(tail) != 32:
        return None
    return int(number)


def key_matches(raw: str, widget_id: int, version: int) -> bool:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    _head, _dot, tail = raw.partition(".")
    return any(hmac.compare_digest(tail, _digest(widget_id, version, secret)) for secret in secrets)
