"""Identifiers: stable object ids and human slugs."""

import uuid

from django.utils.text import slugify

# Objects imported from a source get a deterministic id, so that re-importing the same record on
# another instance (or after a wipe) gives the same public id.
OPENSIT_NAMESPACE = uuid.UUID("6f1d3c1e-4b1a-4e0b-9c7e-0f5e2a9d7c31")


def new_object_id() -> str:
    return str(uuid.uuid4())


def source_object_id(system: str, source_id: str) -> str:
    return str(uuid.uuid5(OPENSIT_NAMESPACE, f"{system}:{source_id}"))


def make_slug(name: str, object_id: str, max_length: int = 80) -> str:
    """A readable slug, made unique by a short suffix of the id."""
    base = slugify(name or "")[: max_length - 13].strip("-") or "objet"
    return f"{base}-{object_id.replace('-', '')[:12]}"
