"""What a write-API token may read of an object, and whether it may know the object exists.

The rules of the back-office: editors of the owner or of a co-editor (who edit the whole
document) read all of it; a provider's contributor token reads what a provider may see of its
establishment: no internal notes (`private`), no raw source data (`extra`), no list of
co-editing organisations (`coeditors`, the owners' business), no contact marked not public, no
medium the producer restricts (`licences.is_restricted`: what the public never sees). An
object a token may not read (another organisation's unpublished object) is "not found",
never named.
"""

from typing import Any

from opensit.catalog.models import TourismObject
from opensit.catalog.policy import Action, allows, objects_for
from opensit.core.licences import is_restricted
from opensit.network.permissions import Actor

# Never shown to a contributor token: internal notes, the source's raw leftovers, the sharing.
# (All three are set aside by the write API's PUT and PATCH too: a contributor cannot send them.)
HIDDEN_FROM_CONTRIBUTORS = ("private", "extra", "coeditors")


def may_read(actor: Actor, object_id: str) -> bool:
    """Whether the object exists for the token (`policy.Action.READ`)."""
    return objects_for(actor, Action.READ).filter(pk=object_id).exists()


def contributor_view(document: dict[str, Any]) -> dict[str, Any]:
    """The document as a provider sees it (see the module's docstring)."""
    view = {key: value for key, value in document.items() if key not in HIDDEN_FROM_CONTRIBUTORS}
    if "contacts" in document:
        view["contacts"] = [c for c in document["contacts"] if c.get("public", True)]
    if "media" in document:
        view["media"] = [m for m in document["media"] if not is_restricted(m.get("licence"))]
    return view


def _merge_visible(
    stored: list[dict[str, Any]], visible: list[dict[str, Any]], shown: Any
) -> list[dict[str, Any]]:
    """The stored rows with the visible ones replaced in order by `visible`: hidden rows keep
    their place, rows added at the end are appended, rows removed are dropped."""
    fresh = iter(visible)
    merged = []
    for row in stored:
        if not shown(row):
            merged.append(row)
            continue
        replacement = next(fresh, None)
        if replacement is not None:
            merged.append(replacement)
    merged.extend(fresh)
    return merged


def with_hidden(document: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `contributor_view`: a changed view put back into the stored document,
    with everything the contributor could not see kept as it is."""
    merged = dict(view)
    for key in HIDDEN_FROM_CONTRIBUTORS:
        if key in document:
            merged[key] = document[key]
    for key, shown in (
        ("contacts", lambda c: c.get("public", True)),
        ("media", lambda m: not is_restricted(m.get("licence"))),
    ):
        rows = _merge_visible(document.get(key) or [], view.get(key) or [], shown)
        if rows:
            merged[key] = rows
        else:
            merged.pop(key, None)
    return merged


def readable_document(actor: Actor, obj: TourismObject) -> dict[str, Any]:
    """The part of the document the token's role may read."""
    if allows(actor, Action.EDIT, obj):
        return obj.document
    return contributor_view(obj.document)
