"""Small helpers that keep the hand-written demo content short and readable."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from opensit.core.identifiers import source_object_id
from opensit.demo.photos import HEIGHT, WIDTH, photo_url
from opensit.demo.territory import COMMUNES_BY_INSEE, OFFICE

DEMO_SYSTEM = "opensit-demo"


@dataclass
class Spec:
    """One demo object: its document, the organisation that owns it and whether it is published."""

    key: str
    document: dict[str, Any]
    owner: str = OFFICE
    published: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def t(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


def demo_id(key: str) -> str:
    """Stable ids: the demo objects keep the same public id on every instance."""
    return source_object_id(DEMO_SYSTEM, key)


def located(insee: str, lat: float, lon: float, street: str = "") -> dict[str, Any]:
    commune = COMMUNES_BY_INSEE[insee]
    return {
        "address_lines": [street] if street else [],
        "postal_code": commune.postal_code,
        "commune": {"insee": insee, "name": commune.name},
        "latitude": lat,
        "longitude": lon,
    }


def contacts(phone: str = "", email: str = "", website: str = "") -> list[dict[str, str]]:
    out = []
    if phone:
        out.append({"kind": "phone", "value": phone})
    if email:
        out.append({"kind": "email", "value": email})
    if website:
        out.append({"kind": "website", "value": website})
    return out


def photo(key: str, title: dict[str, str], credit: str, licence: str = "cc-by-4.0") -> dict:
    return {
        "kind": "image",
        "url": photo_url(key),
        "title": title,
        "credit": credit,
        "licence": licence,
        "mime_type": "image/jpeg",
        "main": True,
        "width": WIDTH,
        "height": HEIGHT,
    }


def hours(opens: str, closes: str) -> dict[str, str]:
    return {"opens": opens, "closes": closes}


def period(
    start: date | None,
    end: date | None,
    weekdays: list[str] | None = None,
    *times: dict[str, str],
    yearly: bool = False,
    label: dict[str, str] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"start": start, "end": end, "weekdays": weekdays or []}
    out["times"] = list(times)
    out["recurs_yearly"] = yearly
    if label:
        out["label"] = label
    return out


def price(label: dict[str, str], low: float, high: float | None = None, unit: str = "") -> dict:
    out: dict[str, Any] = {"label": label, "min": low, "unit": unit}
    if high is not None:
        out["max"] = high
    return out


def document(
    key: str,
    type_code: str,
    name: dict[str, str],
    location: dict[str, Any],
    short: dict[str, str],
    description: dict[str, str],
    **fields: Any,
) -> dict[str, Any]:
    """A document with the demo's stable id and its source kept as a private note."""
    doc = {
        "id": demo_id(key),
        "type": type_code,
        "name": name,
        "location": location,
        "short_description": short,
        "description": description,
        "licence": "etalab-2.0",
    }
    doc.update(fields)
    return doc
