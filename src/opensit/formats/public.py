"""The public form of an object: the one definition of what the public may see.

Every output starts from it: the API's stored bodies (`diffusion.render`), its aspect views,
every export format (`formats.registry`, through `safety.each_rendered`), the nightly dumps,
and the sites and widgets to come. A field leaves the platform only if it is in this form.

What it leaves out: internal notes and provider-only data (`private`), raw source leftovers
(`extra`), storage fields (`coeditors`, `status`), contacts marked not public (and the flag
itself), media the producer restricts or whose publication has ended, in the object and in
its aspects. What it adds: the opening summary written from the periods where the source gave
none, each licence's code, name, URL and openness, the type's path from its root and the
aspects a consumer can ask for.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from opensit.catalog.types import TYPES, ancestors
from opensit.core.licences import is_restricted, licence_code, licence_info
from opensit.formats import enrich

#: Never public: internal notes, provider-only data, raw source leftovers, storage fields.
PRIVATE_KEYS = frozenset({"private", "extra", "coeditors", "status"})


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


def _public_media(media: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """The media that may be diffused, each with its licence's code, name, URL and openness,
    as a consumer needs them to credit it."""
    return [
        {**medium, "licence": licence_info(medium.get("licence"))}
        for medium in media
        if is_diffusable_medium(medium, today)
    ]


def _public_aspects(aspects: dict[str, Any], today: date) -> dict[str, Any]:
    """Aspects as diffused: their media go through the same rules as the main ones."""
    out = {}
    for code, aspect in aspects.items():
        if not aspect:
            continue
        aspect = enrich.with_opening_summary(aspect) if aspect.get("opening") else aspect
        if "media" in aspect:
            aspect = {**aspect, "media": _public_media(aspect["media"], today)}
        out[code] = aspect
    return out


def public_form(
    document: dict[str, Any], today: date | None = None, aspect: str | None = None
) -> dict[str, Any]:
    """The all-languages public form of a stored document (texts stay language maps), seen
    through `aspect` when one is asked for (`formats.enrich.apply_aspect`)."""
    today = today or timezone.localdate()
    seen = enrich.apply_aspect(document, aspect, lambda m: is_diffusable_medium(m, today))
    document = enrich.with_opening_summary(seen)
    out = {key: value for key, value in document.items() if key not in PRIVATE_KEYS}
    out["contacts"] = [
        {k: v for k, v in contact.items() if k != "public"}
        for contact in document.get("contacts", [])
        if contact.get("public", True)
    ]
    out["media"] = _public_media(document.get("media", []), today)
    out["licence"] = licence_info(document.get("licence", settings.OPENSIT_DEFAULT_LICENCE))
    if document.get("aspects"):
        out["aspects"] = _public_aspects(document["aspects"], today)
    out["available_aspects"] = enrich.aspects_of(document)
    if document.get("type") in TYPES:
        out["type_path"] = list(reversed(ancestors(document["type"])))
    return out


def is_public_form(document: dict[str, Any]) -> bool:
    """Whether `document` is already a public form (then it is rendered as it is): its licence
    is described, it lists its aspects and it holds no private key. A stored document has a
    licence code, never a description."""
    return (
        isinstance(document.get("licence"), dict)
        and "available_aspects" in document
        and PRIVATE_KEYS.isdisjoint(document)
    )


def as_public_form(document: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """`document` as the public sees it, computed once: what every renderer reads."""
    return document if is_public_form(document) else public_form(document, today)


def main_image(document: dict[str, Any]) -> dict[str, Any] | None:
    """The main image of a public form (the first image when none is flagged main)."""
    images = [m for m in document.get("media", []) if m.get("kind") == "image"]
    return next((m for m in images if m.get("main")), images[0] if images else None)


def contact_values(document: dict[str, Any], kind: str, role: str | None = None) -> list[str]:
    return [
        c["value"]
        for c in document.get("contacts", [])
        if c.get("kind") == kind and (role is None or c.get("role", "main") == role)
    ]
