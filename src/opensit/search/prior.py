"""The static prior of an entry: what makes an object a likely answer before any query word is
read, from its own record (the richer and the more visited kind of object, the likelier).

    prior = 1.5  x type weight (below)
          + 0.75 x min(labels and classifications, 4) / 4
          + 0.5  x min(images, 10) / 10
          + 0.5  x min(themes and amenities, 10) / 10
          + 0.25 x described (a short or long description)
          + 0.25 x min(languages of the description, 4) / 4
          + 0.25 x min(contacts + opening periods + prices, 4) / 4
          + 1.5  x min(links and mentions by other objects, 20) / 20   (`mentions.py`) (0 to 5.5)

Type weight: the places a visitor travels to (cultural and natural sites) 1.0, leisure 0.9,
tasting 0.8, where one sleeps or eats and itineraries 0.7, activities 0.6, events 0.4 (an event
"at the château" is about the château, which comes first), packages 0.3, services and offices
0.2, anything else 0.3.

The text score is multiplied by `1 + 0.5 x prior` (1 to 3): Tantivy multiplies by
log2(2 + weight) (`weight_by_field`), so the index stores weight = 2^(1 + 0.5 x prior) - 2.
"""

from collections.abc import Mapping
from typing import Any

from opensit.catalog.types import TYPES, root_of

TYPE_WEIGHTS = {
    "cultural_site": 1.0,
    "natural_site": 1.0,
    "leisure": 0.9,
    "tasting": 0.8,
    "accommodation": 0.7,
    "food": 0.7,
    "itinerary": 0.7,
    "activity": 0.6,
    "event": 0.4,
    "package": 0.3,
    "service": 0.2,
    "structure": 0.2,
}
DEFAULT_WEIGHT = 0.3
PRIOR_SLOPE = 0.5


def _filled(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(bool(v) for v in value.values())
    return bool(value)


def _languages(doc: Mapping[str, Any]) -> int:
    languages = set()
    for key in ("short_description", "description"):
        value = doc.get(key)
        if isinstance(value, Mapping):
            languages |= {lang for lang, text in value.items() if text}
    return len(languages)


def prior(type_code: str, doc: Mapping[str, Any]) -> float:
    """The prior before mentions, 0 to 4 (see the module's docstring)."""
    root = root_of(type_code) if type_code in TYPES else ""
    weight = TYPE_WEIGHTS.get(root, DEFAULT_WEIGHT)
    labels = len(doc.get("labels") or []) + len(doc.get("classifications") or [])
    images = sum(1 for m in doc.get("media") or [] if (m or {}).get("kind", "image") == "image")
    codes = len(doc.get("themes") or []) + len(doc.get("amenities") or [])
    described = _filled(doc.get("short_description")) or _filled(doc.get("description"))
    opening = doc.get("opening") or {}
    practical = len(doc.get("contacts") or []) + len(opening.get("periods") or [])
    practical += len(doc.get("prices") or [])
    return round(
        1.5 * weight
        + 0.75 * min(labels, 4) / 4
        + 0.5 * min(images, 10) / 10
        + 0.5 * min(codes, 10) / 10
        + 0.25 * described
        + 0.25 * min(_languages(doc), 4) / 4
        + 0.25 * min(practical, 4) / 4,
        4,
    )


def index_weight(value: float) -> float:
    """The `prior` field of the text index: Tantivy's log2(2 + weight) is 1 + 0.5 x prior."""
    return 2 ** (1 + PRIOR_SLOPE * value) - 2


MENTIONS_FULL = 20  # mentions that give the whole bonus


def mention_bonus(mentions: int) -> float:
    """Up to 1.5 for an object other objects name in their texts (`mentions.py`): the
    catalog's own measure of a landmark."""
    return 1.5 * min(mentions, MENTIONS_FULL) / MENTIONS_FULL
