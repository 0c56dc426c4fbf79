"""API keys: a high-entropy token shown once; only its SHA-256 is stored, beside a short prefix
that finds the row and names the key in lists (the prefix alone cannot authenticate)."""

import hashlib
import hmac
import secrets

KEY_PREFIX = "osk_"
PREFIX_LENGTH = 8  # random characters of the prefix, after KEY_PREFIX
#: The demo's API key, public and documented: `osk_` and eight characters (the lookup prefix), a
#: dot, the secret. The prefix holds letters a generated key never has (those are hexadecimal):
#: no clash possible. Here, not in the demo app, because the API's documentation shows it when
#: the demo is loaded (`apidocs`), and diffusion imports nothing of the demo.
DEMO_API_KEY = "osk_demodemo.opensit-demo-key-public-never-in-production"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate_key() -> tuple[str, str, str]:
    """A new key: (raw key to show once, lookup prefix, hash to store)."""
    prefix = KEY_PREFIX + secrets.token_hex(PREFIX_LENGTH // 2)
    raw = f"{prefix}.{secrets.token_urlsafe(32)}"
    return raw, prefix, hash_key(raw)


def split_prefix(raw: str) -> str | None:
    """The lookup prefix of a presented key, or None when it is not shaped like one."""
    prefix, dot, secret = raw.partition(".")
    if not dot or not secret or not prefix.startswith(KEY_PREFIX):
        return None
    if len(prefix) != len(KEY_PREFIX) + PREFIX_LENGTH:
        return None
    return prefix


def matches(raw: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(raw), stored_hash)
