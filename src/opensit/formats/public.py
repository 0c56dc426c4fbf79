"""The diffusable part of a document: what every output format starts from.

Private data (`private`, raw source leftovers, contacts marked not public) never leaves; media
the producer restricts, or whose publication has ended, are left out. Accepts stored
documents and the diffusion API's public form alike (there a media licence is a dict).
"""

from datetime import date
from typing import Any

from django.utils import timezone

from opensit.core.licences import is_restricted

# Never diffused: internal notes, provider-only data, raw source leftovers, storage fields.
PRIVATE_KEYS = frozenset({"private", "extra", "coeditors"})


def licence_code(value: Any) -> str:
    """The licence code of a medium, stored (a code) or in the API's public form (a dict)."""
    if isinstance(value, dict):
        return str(value.get("code") or "")
    return str(value or "")


def is_diffusable_medium(medium: dict[str, Any], today: date) -> bool:
    """Diffused unless the producer restricts it (all rights reserved kept by the source's
    policy, a "no rights" flag: `core.licences.is_restricted`) or its publication end has
    passed. An open licence is not required: imports give every medium its source's licence
    (`connectors.media_policy`), which outputs show with the credit, for consumers to respect
    or filter on."""
    if is_restricted(licence_code(medium.get("licence"))):
        return False
    end = medium.get("publication_end")
    if not end:
        return True
    try:
        return date.fromisoformat(str(end)[:10]) >= today
    except ValueError:
        return False  # an unreadable end date is no permission to publish


def public_document(document: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """A shallow copy of `document` with everything that must not be diffused removed."""
    today = today or timezone.localdate()
    out = {key: value for key, value in document.items() if key not in PRIVATE_KEYS}
    if "contacts" in document:
        out["contacts"] = [c for c in document["contacts"] if c.get("public", True)]
    if "media" in document:
        out["media"] = [m for m in document["media"] if is_diffusable_medium(m, today)]
    return out


def main_image(document: dict[str, Any]) -> dict[str, Any] | None:
    """The main image of a public document (the first image when none is flagged main)."""
    images = [m for m in document.get("media", []) if m.get("kind") == "image"]
    return next((m for m in images if m.get("main")), images[0] if images else None)


def contact_values(document: dict[str, Any], kind: str, role: str | None = None) -> list[str]:
    return [
        c["value"]
        for c in document.get("contacts", [])
        if c.get("kind") == kind and (role is None or c.get("role", "main") == role)
    ]
