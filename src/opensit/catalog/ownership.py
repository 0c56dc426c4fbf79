"""Field ownership of imported objects.

An import source owns the top-level document fields it sets (`TourismObject.source_fields`).
A local edit of such a field is refused, or kept as a local override (`local_fields`) that the
next import leaves alone, depending on `OPENSIT_IMPORT_FIELD_POLICY` ("refuse" | "override").
An import never erases a field it does not own.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext as _

from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject
from opensit.catalog.projection import VOLATILE_FIELDS

REFUSE, OVERRIDE = "refuse", "override"
_VOLATILE = frozenset(VOLATILE_FIELDS)


class SourceOwnedField(PermissionDenied):
    """A local edit of fields owned by the import source, refused by the network policy."""

    def __init__(self, obj: TourismObject, fields: set[str]) -> None:
        self.fields = sorted(fields)
        super().__init__(
            _("“%(name)s”: the fields %(fields)s are maintained by the source %(source)s.")
            % {"name": obj.name, "fields": ", ".join(self.fields), "source": obj.source_system}
        )


#: Functions giving the policy of the source that brings an object, or None for the
#: network's: `connectors` registers the one of its configured sources when it starts (the
#: catalog imports no app above it).
SOURCE_POLICIES: list[Callable[[TourismObject], str | None]] = []


def policy(obj: TourismObject | None = None) -> str:
    """The network's policy, or the one of the source that brings `obj` when that source
    sets its own."""
    if obj is not None and obj.source_system:
        for lookup in SOURCE_POLICIES:
            own = lookup(obj)
            if own in (REFUSE, OVERRIDE):
                return own
    value = getattr(settings, "OPENSIT_IMPORT_FIELD_POLICY", REFUSE)
    if value not in (REFUSE, OVERRIDE):
        raise ImproperlyConfigured(
            f"OPENSIT_IMPORT_FIELD_POLICY must be 'refuse' or 'override', not {value!r}"
        )
    return value


def source_owned(obj: TourismObject) -> set[str]:
    """The fields the source currently owns (overridden ones excepted)."""
    if not obj.source_system:
        return set()
    return set(obj.source_fields) - set(obj.local_fields)


def check_local_edit(obj: TourismObject, changed: set[str]) -> None:
    """Refuse the edit, or record the overrides on `obj` (not saved), per the policy."""
    conflict = changed & source_owned(obj)
    if not conflict:
        return
    if policy(obj) == REFUSE:
        raise SourceOwnedField(obj, conflict)
    obj.local_fields = sorted(set(obj.local_fields) | conflict)


def fields_of(document: dict[str, Any]) -> list[str]:
    return sorted(key for key in document if key not in _VOLATILE)


def merge_import(obj: TourismObject, doc: TourismDocument) -> TourismDocument:
    """The document to store when an import updates `obj`: the source's fields from `doc`,
    the local fields and overrides from the stored document. Sets `obj.source_fields` and
    `obj.local_fields` (not saved). No query: runs on the import hot path."""
    incoming = doc.to_json()
    current = obj.document or {}
    previous = set(obj.source_fields) if obj.source_fields else None
    if previous is None:  # imported before field ownership was recorded: the source owned all
        previous = set(fields_of(current)) if obj.source_system else set()
    local = {key for key in fields_of(current) if key not in previous}
    local |= set(obj.local_fields) & current.keys()
    obj.source_fields = fields_of(incoming)
    obj.local_fields = sorted(local & set(obj.source_fields))
    if not local:
        return doc
    merged = {**incoming, **{key: current[key] for key in local}}
    return TourismDocument.model_validate(merged)
