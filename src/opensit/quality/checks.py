"""Quality checks: warnings, never errors. Each warning is `{code, field, message}`.

Formats of phones, emails and URLs; coordinates outside France or far from the commune's
centroid; images without credit or licence; events with no future date; media whose
publication date has passed.
"""

import math
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# (south, west, north, east) of metropolitan France with Corsica, and the overseas territories.
FRANCE_BOXES = {
    "metropole": (41.3, -5.3, 51.2, 9.7),
    "guadeloupe": (15.8, -61.9, 16.6, -60.9),
    "martinique": (14.3, -61.3, 14.9, -60.8),
    "guyane": (2.1, -54.7, 5.9, -51.5),
    "reunion": (-21.5, 55.2, -20.8, 55.9),
    "mayotte": (-13.1, 44.9, -12.6, 45.4),
    "saint-pierre-et-miquelon": (46.7, -56.5, 47.2, -56.1),
    "saint-barthelemy-saint-martin": (17.8, -63.2, 18.2, -62.7),
    "polynesie": (-28.0, -155.0, -7.0, -134.0),
    "nouvelle-caledonie": (-23.0, 163.5, -19.5, 168.2),
    "wallis-et-futuna": (-14.5, -178.3, -13.1, -176.0),
}

PHONE = re.compile(r"^(\+\d{1,3}[\s.\-]?)?(\(0\)\s?)?\d([\s.\-]?\d){5,13}$")
FRENCH_PHONE = re.compile(r"^(0|\+33[\s.\-]?(\(0\))?\s?)[1-9]([\s.\-]?\d{2}){4}$")
# Simple, fast patterns: checks run on every write, imports included; a warning is a hint.
EMAIL = re.compile(r"^[^@\s<>(),;:]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
HOST = re.compile(r"^([A-Za-z0-9\u00a1-\uffff-]+\.)+[A-Za-z\u00a1-\uffff]{2,}(:\d{1,5})?$")


def warning(code: str, field: str, message: str) -> dict[str, str]:
    return {"code": code, "field": field, "message": message}


def in_france(lat: float, lon: float) -> bool:
    return any(s <= lat <= n and w <= lon <= e for s, w, n, e in FRANCE_BOXES.values())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def valid_phone(value: str) -> bool:
    value = value.strip()
    if value.startswith("0") or value.startswith("+33"):
        return bool(FRENCH_PHONE.match(value))
    return bool(PHONE.match(value))


def valid_email(value: str) -> bool:
    return bool(EMAIL.match(value.strip()))


def valid_url(value: str) -> bool:
    value = value.strip()
    if " " in value:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(HOST.match(parts.netloc.rsplit("@", 1)[-1]))


def _contact_warnings(doc: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    for index, contact in enumerate(doc.get("contacts", [])):
        kind, value = contact.get("kind"), contact.get("value", "")
        field = f"contacts[{index}]"
        if kind in ("phone", "mobile", "fax") and not valid_phone(value):
            out.append(warning("phone", field, _("Invalid phone number: %(v)s") % {"v": value}))
        elif kind == "email" and not valid_email(value):
            out.append(warning("email", field, _("Invalid email address: %(v)s") % {"v": value}))
        elif kind in ("website", "facebook", "instagram", "youtube") and not valid_url(value):
            out.append(warning("url", field, _("Invalid web address: %(v)s") % {"v": value}))
    booking = doc.get("booking") or {}
    if booking.get("url") and not valid_url(booking["url"]):
        out.append(
            warning("url", "booking.url", _("Invalid web address: %(v)s") % {"v": booking["url"]})
        )
    return out


def _location_warnings(
    doc: dict[str, Any], centroids: dict[str, tuple[float, float]]
) -> list[dict[str, str]]:
    loc = doc.get("location") or {}
    lat, lon = loc.get("latitude"), loc.get("longitude")
    if lat is None or lon is None:
        return []
    if not in_france(lat, lon):
        return [
            warning(
                "outside_france",
                "location",
                _("Coordinates %(lat)s, %(lon)s are outside France") % {"lat": lat, "lon": lon},
            )
        ]
    insee = (loc.get("commune") or {}).get("insee", "")
    centroid = centroids.get(insee)
    if centroid is None:
        return []
    km = distance_km(lat, lon, *centroid)
    limit = settings.OPENSIT_COMMUNE_DISTANCE_KM
    if km > limit:
        return [
            warning(
                "outside_commune",
                "location",
                _(
                    "Coordinates are %(km).1f km from the centre of commune %(insee)s"
                    " (limit %(limit)s km)"
                )
                % {"km": km, "insee": insee, "limit": limit},
            )
        ]
    return []


def _media_warnings(doc: dict[str, Any], today: date) -> list[dict[str, str]]:
    out = []
    for index, medium in enumerate(doc.get("media", [])):
        field = f"media[{index}]"
        if medium.get("kind") == "image" and not (medium.get("credit") and medium.get("licence")):
            out.append(warning("image_rights", field, _("Image without credit or licence")))
        end = medium.get("publication_end")
        if end and date.fromisoformat(end) < today:
            out.append(
                warning("media_expired", field, _("Publication date passed on %(d)s") % {"d": end})
            )
    return out


def _event_warnings(last_date: date | None, today: date) -> list[dict[str, str]]:
    if last_date is None or last_date < today:
        return [warning("event_past", "event", _("Event with no future date"))]
    return []


def run_checks(
    doc: dict[str, Any],
    *,
    last_date: date | None,
    centroids: dict[str, tuple[float, float]],
    is_event: bool,
    today: date,
) -> list[dict[str, str]]:
    """Every warning of one document. `centroids` maps INSEE codes to (lat, lon)."""
    out = _contact_warnings(doc) + _location_warnings(doc, centroids) + _media_warnings(doc, today)
    if is_event:
        out += _event_warnings(last_date, today)
    return out
