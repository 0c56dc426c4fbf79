"""Field-level differences between two documents, for reviewers and history.

Paths read like `name.fr`, `pricing.prices[0].min` or `media`: language texts are compared
per language, lists of equal length item by item, other lists by what was added or removed.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.projection import VOLATILE_FIELDS

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class FieldChange:
    path: str
    kind: str
    old: Any = None
    new: Any = None

    def describe(self) -> str:
        """One readable line, e.g. `name.fr changed from “X” to “Y”`."""
        if self.kind == ADDED:
            return _("%(path)s added: %(new)s") % {"path": self.path, "new": _short(self.new)}
        if self.kind == REMOVED:
            return _("%(path)s removed: %(old)s") % {"path": self.path, "old": _short(self.old)}
        return _("%(path)s changed from %(old)s to %(new)s") % {
            "path": self.path,
            "old": _short(self.old),
            "new": _short(self.new),
        }


def _short(value: Any, limit: int = 80) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"“{value}”" if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """The changes from `old` to `new` (stored JSON documents), storage fields left out."""
    changes: list[FieldChange] = []
    keys = sorted((old.keys() | new.keys()) - set(VOLATILE_FIELDS))
    for key in keys:
        _diff(key, old.get(key), new.get(key), changes)
    return changes


def _empty(value: Any) -> bool:
    return value is None or value == {} or value == []


def _diff(path: str, old: Any, new: Any, out: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, dict | type(None)) and isinstance(new, dict | type(None)):
        old, new = old or {}, new or {}
        for key in sorted(old.keys() | new.keys()):
            _diff(f"{path}.{key}", old.get(key), new.get(key), out)
    elif _empty(old):
        items = new if isinstance(new, list) else [new]
        out.extend(FieldChange(path, ADDED, None, item) for item in items)
    elif _empty(new):
        items = old if isinstance(old, list) else [old]
        out.extend(FieldChange(path, REMOVED, item, None) for item in items)
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) == len(new):
            for index, (a, b) in enumerate(zip(old, new, strict=True)):
                _diff(f"{path}[{index}]", a, b, out)
        else:
            out.extend(FieldChange(path, REMOVED, item, None) for item in old if item not in new)
            out.extend(FieldChange(path, ADDED, None, item) for item in new if item not in old)
    else:
        out.append(FieldChange(path, CHANGED, old, new))


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    """Top-level fields whose value differs (storage fields left out)."""
    keys = (old.keys() | new.keys()) - set(VOLATILE_FIELDS)
    return {key for key in keys if old.get(key) != new.get(key)}
