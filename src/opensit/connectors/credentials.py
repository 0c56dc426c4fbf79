"""Credentials the platform must send to a source (an Apidae API key): encrypted at rest with
Fernet, keyed from SECRET_KEY, since a hash could not be sent. Rotating SECRET_KEY makes them
unreadable: the sources' screens then ask for the key again (`decrypt` raises `SecretLost`)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

_CONTEXT = b"opensit.connectors.credentials/v1:"


class SecretLost(Exception):
    """The stored credential cannot be decrypted (SECRET_KEY changed since it was saved)."""


def _fernet() -> Fernet:
    digest = hashlib.sha256(_CONTEXT + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise SecretLost from exc
