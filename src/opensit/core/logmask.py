"""Secrets never reach the logs: an API key sent as `api_key=` in a query string was written in
full to the access log (gunicorn's request line, Django's development server), where anyone
reading the logs could use it.

- `MaskSecrets`, a logging filter (settings.LOGGING), masks them in every record it sees;
- `AccessLogger`, gunicorn's logger class (`opensit serve`), masks them in the access log's
  request line, query string and referer, drops key and token headers, and filters its error
  log;
- `mask_data` masks the data of an audit entry (`opensit.core.audit.log_action`): the values
  of secret keys (`secret`, `token`, `password`, `api_key`...) and the credentials in URLs.
"""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger as GunicornLogger

MASK = "[masked]"
# `api_key=` (also percent-encoded, any case) in a URL or query string, up to the next separator.
_API_KEY = re.compile(r"((?:^|[?&;\s])api(?:_|%5f)key=)[^&;\s\"']*", re.IGNORECASE)
# Headers holding a credential, as gunicorn names them in its atoms.
SECRET_HEADERS = ("{x-api-key}i", "{authorization}i", "{cookie}i")


def mask(text: str) -> str:
    """The text with the value of every `api_key=` parameter replaced by [masked]."""
    if "key" not in text.lower():  # the cheap test first: most lines have no key
        return text
    return _API_KEY.sub(r"\1" + MASK, text)


def _masked(value: Any) -> Any:
    return mask(value) if isinstance(value, str) else value


class MaskSecrets(logging.Filter):
    """Masks API keys in a record's message and arguments (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        return True


class AccessLogger(GunicornLogger):
    """Gunicorn's logger with the API key masked in every atom of the access log, and in its
    error log (a refused request line is logged there)."""

    def __init__(self, cfg: Any) -> None:
        super().__init__(cfg)
        self.error_log.addFilter(MaskSecrets())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ("r", "q", "f", "U"):
            if isinstance(atoms.get(name), str):
                atoms[name] = mask(atoms[name])
        for name in SECRET_HEADERS:
            if name in atoms:
                atoms[name] = MASK
        return atoms


# --- audit data -------------------------------------------------------------------------------

# Data keys whose value is a secret, and keys ending with one of these after "_" or "-".
SECRET_KEYS = frozenset(
    {"secret", "token", "password", "passwd", "api_key", "apikey", "key", "authorization"}
)
# A secret parameter of a URL (`token=`, `apiKey=`, `secret=`...), and a URL's password.
_SECRET_PARAM = re.compile(
    r"((?:^|[?&;\s])(?:api(?:_|%5f)?key|key|token|access(?:_|%5f)token|secret|password|"
    r"signature|sig)=)[^&;#\s\"']*",
    re.IGNORECASE,
)
_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/:@\s]*:)[^/@\s]+@", re.IGNORECASE)
_SECRET_HINTS = ("key", "token", "secret", "password", "sig", "://")


def is_secret_key(name: str) -> bool:
    """Whether a data key names a secret: `token`, `webhook_secret`, `raw-key`, not `prefix`."""
    name = name.lower()
    return name in SECRET_KEYS or name.replace("-", "_").rsplit("_", 1)[-1] in SECRET_KEYS


def mask_secret(value: Any) -> Any:
    """What an audit entry keeps of a secret: its last four characters when it is long enough
    for them to give nothing away (`…d4e5`), `***` otherwise; empty values stay empty."""
    if value is None or value == "":
        return value
    if isinstance(value, str) and len(value) >= 16:
        return "…" + value[-4:]
    return "***"


def mask_text(text: str) -> str:
    """The text with the secret parameters of URLs (`api_key=`, `token=`...) and the passwords
    of URLs (`https://user:password@host`) replaced by [masked]."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _SECRET_HINTS):  # most values hold no secret
        return text
    text = mask(text)
    text = _SECRET_PARAM.sub(r"\1" + MASK, text)
    return _URL_PASSWORD.sub(r"\1" + MASK + "@", text)


def mask_data(data: Any) -> Any:
    """A copy of audit data with every secret masked, at any depth (dicts and lists)."""
    if isinstance(data, dict):
        return {
            key: mask_secret(value)
            if isinstance(key, str) and is_secret_key(key)
            else mask_data(value)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [mask_data(value) for value in data]
    if isinstance(data, str):
        return mask_text(data)
    return data
