"""Edits as changes, never replacements: the paths a person changed, applied to the stored
document, so that whatever they did not touch stays exactly as it was.

A patch is a list of `Edit(path, value)`. Dicts are compared key by key, lists of parts of
equal length item by item; any other list (added or removed rows, codes) is one value. Two
edits collide when one path is a prefix of the other and they set different values: that is how
a save based on an old version is merged with what happened since, or refused.
"""

from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from opensit.catalog.projection import VOLATILE_FIELDS

Path = tuple[str | int, ...]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __deepcopy__(self, memo: dict) -> "_Missing":
        return self  # one sentinel, compared with `is`


MISSING: Any = _Missing()
"""The value of an edit that removes its path."""


@dataclass(frozen=True)
class Edit:
    path: Path
    value: Any

    @property
    def dotted(self) -> str:
        """`pricing.prices[0].label.en`: how people and docs name a path."""
        text = ""
        for step in self.path:
            text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else step
        return text


def changes(old: dict[str, Any], new: dict[str, Any], *, volatile: bool = False) -> list[Edit]:
    """The edits that turn `old` into `new` (storage fields left out unless `volatile`)."""
    out: list[Edit] = []
    skip = () if volatile else VOLATILE_FIELDS
    for key in sorted((old.keys() | new.keys()) - set(skip)):
        _diff((key,), old.get(key, MISSING), new.get(key, MISSING), out)
    return out


def _parts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _diff(path: Path, old: Any, new: Any, out: list[Edit]) -> None:
    if old is new or (old is not MISSING and new is not MISSING and old == new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            _diff((*path, key), old.get(key, MISSING), new.get(key, MISSING), out)
    elif _parts(old) and _parts(new) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            _diff((*path, index), a, b, out)
    else:
        out.append(Edit(path, deepcopy(new)))


def apply(document: dict[str, Any], edits: Iterable[Edit]) -> dict[str, Any]:
    """A copy of `document` with the edits applied. An edit under a list index that no longer
    exists, or under a value that is not a dict, replaces the nearest container it can reach."""
    doc = deepcopy(document)
    for edit in edits:
        _set(doc, edit.path, edit.value)
    return doc


def _set(doc: dict[str, Any], path: Path, value: Any) -> None:
    container: Any = doc
    for depth, step in enumerate(path[:-1]):
        following = path[depth + 1]
        if isinstance(container, dict):
            child = container.get(step)
            wanted = list if isinstance(following, int) else dict
            if not isinstance(child, wanted):
                child = [] if wanted is list else {}
                container[step] = child
            container = child
        elif isinstance(container, list) and isinstance(step, int) and step < len(container):
            container = container[step]
        else:
            return
    last = path[-1]
    if isinstance(container, dict):
        if value is MISSING:
            container.pop(last, None)
        else:
            container[last] = deepcopy(value)
    elif isinstance(container, list) and isinstance(last, int) and last < len(container):
        if value is MISSING:
            del container[last]
        else:
            container[last] = deepcopy(value)


def _overlap(a: Path, b: Path) -> bool:
    size = min(len(a), len(b))
    return a[:size] == b[:size]


def conflicts(mine: list[Edit], theirs: list[Edit]) -> list[Edit]:
    """My edits that touch a path someone else changed differently since my base version."""
    return [
        edit
        for edit in mine
        if any(_overlap(edit.path, other.path) and edit != other for other in theirs)
    ]


def rebase(
    base: dict[str, Any], edited: dict[str, Any], current: dict[str, Any]
) -> tuple[dict[str, Any], list[Edit]]:
    """`current` with the changes from `base` to `edited`, and the edits that collide with
    changes made between `base` and `current` (empty when the merge is clean)."""
    mine = changes(base, edited)
    if base == current:
        return apply(current, mine), []
    return apply(current, mine), conflicts(mine, changes(base, current))


def top_fields(edits: Iterable[Edit]) -> set[str]:
    return {str(edit.path[0]) for edit in edits}
