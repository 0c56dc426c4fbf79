"""GeoJSON (RFC 7946): one FeatureCollection, one Feature per object.

The geometry is the document's own (a trail's LineString, an area's Polygon) when it has one,
else a Point from its coordinates, else null. Properties are flat and in one language.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import orjson
from django.utils import timezone

from opensit.core.licences import licence_code, licence_info
from opensit.formats.enrich import (
    aspects_of,
    price_lines,
    price_range,
)
from opensit.formats.public import as_public_form, contact_values, main_image
from opensit.formats.safety import RenderReport, each_rendered
from opensit.formats.text import default_language, event_span, text, type_label


def geometry_of(location: dict[str, Any]) -> dict[str, Any] | None:
    if location.get("geometry"):
        return location["geometry"]
    lat, lon = location.get("latitude"), location.get("longitude")
    if lat is None or lon is None:
        return None
    coordinates = (
        [lon, lat] if location.get("altitude") is None else [lon, lat, location["altitude"]]
    )
    return {"type": "Point", "coordinates": coordinates}


def _image(image: dict[str, Any] | None, lang: str) -> dict[str, Any] | None:
    """The main image with what a map needs to show it lawfully: its credit and licence."""
    if not image:
        return None
    return {
        "url": image["url"],
        "title": text(image.get("title"), lang),
        "credit": image.get("credit", ""),
        "licence": licence_info(image.get("licence")),
    }


def feature(document: dict[str, Any], lang: str, today: date | None = None) -> dict[str, Any]:
    doc = as_public_form(document, today)
    location = doc.get("location", {})
    commune = location.get("commune") or {}
    image = main_image(doc)
    first_date, last_date = event_span(doc)
    properties = {
        "id": doc.get("id", ""),
        "type": doc.get("type", ""),
        "type_label": type_label(doc, lang),
        "name": text(doc.get("name"), lang),
        "short_description": text(doc.get("short_description"), lang),
        "commune_insee": commune.get("insee", ""),
        "commune": commune.get("name", ""),
        "postal_code": location.get("postal_code", ""),
        "address": location.get("address_lines", []),
        "phone": next(iter(contact_values(doc, "phone")), ""),
        "email": next(iter(contact_values(doc, "email")), ""),
        "website": next(iter(contact_values(doc, "website")), ""),
        "image": _image(image, lang),
        "image_credit": image.get("credit", "") if image else "",
        "first_date": first_date,
        "last_date": last_date,
        "opening": text((doc.get("opening") or {}).get("summary"), lang),
        "prices": price_lines(doc, lang),
        "price_min": price_range(doc)[0],
        "price_max": price_range(doc)[1],
        "free": (doc.get("pricing") or {}).get("free"),
        "aspects": aspects_of(doc),
        "updated_at": doc.get("updated_at"),
        "source_updated_at": (doc.get("source") or {}).get("updated_at"),
        "licence": licence_code(doc.get("licence")),
    }
    return {
        "type": "Feature",
        "id": doc.get("id", ""),
        "geometry": geometry_of(location),
        "properties": properties,
    }


def render_stream(
    documents: Iterable[dict[str, Any]],
    lang: str | None = None,
    *,
    today: date | None = None,
    report: RenderReport | None = None,
) -> Iterator[bytes]:
    lang = lang or default_language()
    today = today or timezone.localdate()
    yield b'{"type":"FeatureCollection","features":['
    first = True
    features = each_rendered(
        documents, lambda document: orjson.dumps(feature(document, lang, today)), "geojson", report
    )
    for chunk in features:
        if report is not None:
            report.wrote()
        yield chunk if first else b"," + chunk
        first = False
    yield b"]}\n"
