"""Completeness: which required and recommended fields an object has, per type and language.

Required fields weigh 3, recommended ones 1; the score is the weighted share present (0-100).
`missing` names what to fill in, e.g. `description.en` or `media.image`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils import timezone

from opensit.catalog.types import root_of
from opensit.core.langtext import active_languages
from opensit.formats.public import is_diffusable_medium

REQUIRED_WEIGHT, RECOMMENDED_WEIGHT = 3, 1

Check = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class Rule:
    field: str
    check: Check
    required: bool


def _has(*path: str) -> Check:
    def check(doc: dict[str, Any]) -> bool:
        value: Any = doc
        for key in path:
            if not isinstance(value, dict):
                return False
            value = value.get(key)
        return bool(value)

    return check


def _coordinates(doc: dict[str, Any]) -> bool:
    loc = doc.get("location") or {}
    return loc.get("latitude") is not None and loc.get("longitude") is not None


def _contact(doc: dict[str, Any]) -> bool:
    """A way for the public to reach the object: private contacts are never diffused."""
    return any(
        c.get("kind") in ("phone", "mobile", "email", "website") and c.get("public", True)
        for c in doc.get("contacts", [])
    )


def _image(doc: dict[str, Any]) -> bool:
    """An image the public gets: one kept out (restricted by its producer, publication ended)
    does not count, else an object that shows no photo anywhere would look complete."""
    today = timezone.localdate()
    return any(
        m.get("kind") == "image" and is_diffusable_medium(m, today) for m in doc.get("media", [])
    )


def _event_dates(doc: dict[str, Any]) -> bool:
    event = doc.get("event") or {}
    return bool(event.get("occurrences") or event.get("recurrences"))


def _prices(doc: dict[str, Any]) -> bool:
    pricing = doc.get("pricing") or {}
    return bool(pricing.get("prices") or pricing.get("free") or pricing.get("summary"))


def _opening(doc: dict[str, Any]) -> bool:
    opening = doc.get("opening") or {}
    return bool(opening.get("periods") or opening.get("summary"))


def languages() -> list[str]:
    return active_languages() or ["fr"]


def rules_for(type_code: str) -> tuple[Rule, ...]:
    """The rules of a type: common ones, per-language texts, and what its root needs."""
    return _rules(type_code, tuple(languages()))


@lru_cache(maxsize=512)
def _rules(type_code: str, langs: tuple[str, ...]) -> tuple[Rule, ...]:
    first, others = langs[0], langs[1:]
    rules = [
        Rule(f"name.{first}", _has("name", first), True),
        Rule(f"short_description.{first}", _has("short_description", first), True),
        Rule("location.commune", _has("location", "commune"), True),
        Rule("location.coordinates", _coordinates, True),
        Rule("contacts", _contact, True),
        Rule("media.image", _image, True),
        Rule(f"description.{first}", _has("description", first), False),
    ]
    for lang in others:
        rules += [
            Rule(f"name.{lang}", _has("name", lang), False),
            Rule(f"short_description.{lang}", _has("short_description", lang), False),
            Rule(f"description.{lang}", _has("description", lang), False),
        ]
    root = root_of(type_code)
    if root == "event":
        rules.append(Rule("event.dates", _event_dates, True))
        rules.append(Rule("pricing", _prices, False))
    elif root == "accommodation":
        rules += [
            Rule("pricing", _prices, True),
            Rule("capacity", _has("capacity"), True),
            Rule("opening", _opening, False),
            Rule("amenities", _has("amenities"), False),
            Rule("classifications", _has("classifications"), False),
            Rule("languages", _has("languages"), False),
        ]
    elif root in ("food", "tasting", "activity", "leisure", "cultural_site", "place", "service"):
        rules += [
            Rule("opening", _opening, True),
            Rule("pricing", _prices, False),
            Rule("languages", _has("languages"), False),
        ]
    elif root == "itinerary":
        rules.append(Rule("location.geometry", _has("location", "geometry"), False))
    return tuple(rules)


def completeness(doc: dict[str, Any]) -> tuple[int, list[str]]:
    """(score 0-100, missing fields, required first)."""
    rules = rules_for(doc.get("type", ""))
    total = got = 0
    missing_required, missing_recommended = [], []
    for rule in rules:
        weight = REQUIRED_WEIGHT if rule.required else RECOMMENDED_WEIGHT
        total += weight
        if rule.check(doc):
            got += weight
        elif rule.required:
            missing_required.append(rule.field)
        else:
            missing_recommended.append(rule.field)
    score = round(100 * got / total) if total else 100
    return score, missing_required + missing_recommended
