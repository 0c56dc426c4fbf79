"""What a write-API token may read of an object, and whether it may know the object exists.

The rules of the back-office: editors of the owner or of a co-editor (who edit the whole
document) read all of it; a provider's contributor token reads what a provider may see of its
establishment: no internal notes (`private`), no raw source data (`extra`), no contact marked
not public, no medium whose licence is closed. An object a token may not read (another
organisation's unpublished object) is "not found", never named.
"""

from typing import Any

from opensit.catalog.models import TourismObject
from opensit.core.licences import is_open
from opensit.network.permissions import Actor, can_edit, can_read

# Never shown to a contributor token: internal notes and the source's raw leftovers.
HIDDEN_FROM_CONTRIBUTORS = ("private", "extra")


def may_read(actor: Actor, object_id: str) -> bool:
    """Whether the object exists for the token (`permissions.can_read`)."""
    found = TourismObject.objects.filter(pk=object_id).first()
    return found is not None and can_read(actor, found)


def contributor_view(document: dict[str, Any]) -> dict[str, Any]:
    """The document as a provider sees it (see the module's docstring)."""
    view = {key: value for key, value in document.items() if key not in HIDDEN_FROM_CONTRIBUTORS}
    if "contacts" in document:
        view["contacts"] = [c for c in document["contacts"] if c.get("public", True)]
    if "media" in document:
        view["media"] = [m for m in document["media"] if is_open(m.get("licence"))]
    return view


def readable_document(actor: Actor, obj: TourismObject) -> dict[str, Any]:
    """The part of the document the token's role may read."""
    if can_edit(actor, obj):
        return obj.document
    return contributor_view(obj.document)
