"""Secrets never reach the logs: an API key sent as `api_key=` in a query string was written in
full to the access log (gunicorn's request line, Django's development server), where anyone
reading the logs could use it.

- `MaskSecrets`, a logging filter (settings.LOGGING), masks them in every record it sees;
- `AccessLogger`, gunicorn's logger class (`opensit serve`), masks them in the access log's
  request line, query string and referer, drops key and token headers, and filters its error
  log.
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
