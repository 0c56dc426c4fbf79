"""Small helpers shared by the flat formats (GeoJSON, CSV, iCalendar, GPX)."""

from typing import Any

from django.conf import settings

from opensit.catalog.types import TYPES
from opensit.core.langtext import pick


def default_language() -> str:
    return settings.LANGUAGE_CODE.split("-")[0]


def text(value: dict[str, str] | None, lang: str) -> str:
    return pick(value, lang)


def type_label(document: dict[str, Any], lang: str) -> str:
    object_type = TYPES.get(document.get("type", ""))
    return object_type.label(lang) if object_type else document.get("type", "")


def address_text(location: dict[str, Any]) -> str:
    commune = location.get("commune") or {}
    town = " ".join(p for p in (location.get("postal_code", ""), commune.get("name", "")) if p)
    return ", ".join(p for p in [*location.get("address_lines", []), town] if p)


def event_span(document: dict[str, Any]) -> tuple[str, str] | tuple[None, None]:
    """First and last day of an event, recurrence rules expanded minus their exception dates."""
    from opensit.formats.jsonld import periods

    days = [day for p in periods(document.get("event")) for day in (p["startDate"], p["endDate"])]
    return (min(days), max(days)) if days else (None, None)
