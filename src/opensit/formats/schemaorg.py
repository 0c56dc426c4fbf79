"""schema.org JSON-LD of one object in one language: what search engines read on a detail page.

The API's JSON-LD (`formats.jsonld`) speaks DATAtourisme, whose consumers are tourism systems;
search engines read schema.org, with the properties Google's structured data documentation
asks for (an Event: name, startDate, location; a LocalBusiness: name, address; recommended:
geo, telephone, url, image, priceRange, openingHoursSpecification...). Both start from the
public form (`formats.public`), so nothing private is ever written, and share their mappings:
opening hours, prices and event days come from `formats.jsonld_parts` (the schema.org terms of
its nodes), and the class of each type is in one table, `SCHEMA_TYPES`, where a type with no
row takes the class of its closest ancestor that has one.

Dates are ISO 8601: a day alone when no time is known, else a time with the offset of
Europe/Paris on that day. Nothing is invented: no rating (the catalog holds none), no end
time an event does not give, an event's status is "scheduled" since the catalog records no
cancellation.
"""

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.html import strip_tags

from opensit.core.langtext import pick
from opensit.formats import jsonld_parts as parts
from opensit.formats.public import as_public_form, contact_values
from opensit.formats.schemaorg_types import (
    AREA,
    BUSINESS,
    CLASS_REFINEMENTS,
    EVENT,
    FALLBACK_CLASS,
    KINDS,
    LODGING,
    ORGANISATION,
    PRODUCT,
    SCHEMA_TYPES,
    SPEAKING,
    TRIP,
    kind_of,
    schema_type,
)

__all__ = [
    "CLASS_REFINEMENTS",
    "FALLBACK_CLASS",
    "KINDS",
    "SCHEMA_TYPES",
    "meta_description",
    "schema_node",
    "schema_type",
]

SCHEMA = "https://schema.org"
TIME_ZONE = ZoneInfo("Europe/Paris")
FALLBACKS = ("fr", "en")
IMAGES = 10
"""Images written at most (the main one first)."""
SUB_EVENTS = 10
"""Upcoming dates of an event written as sub-events, after the next one."""
TRACE_POINTS = 500
"""Points of an itinerary's trace kept in its GeoShape line (evenly thinned)."""
SOCIAL = ("website", "facebook", "instagram", "twitter", "youtube", "tiktok", "linkedin",
          "tripadvisor", "social")  # fmt: skip
STARS = re.compile(r"(\d)\s*(?:etoile|étoile|star)", re.IGNORECASE)

Labels = Mapping[str, Mapping[str, str]]

# -- small values ----------------------------------------------------------------------------------


def _text(value: Mapping[str, str] | None, lang: str) -> str:
    """A plain text in `lang` (with the fallbacks), on one line."""
    return " ".join(pick(value, lang, FALLBACKS).split())


def _rich_text(value: Mapping[str, str] | None, lang: str) -> str:
    """A rich text (descriptions hold a little HTML) as plain text, on one line."""
    return " ".join(strip_tags(pick(value, lang, FALLBACKS)).split())


def _is_web(value: str) -> bool:
    return value.startswith(("https://", "http://"))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def instant(day: str, at: str | None) -> str:
    """A day alone, or its time with the offset of Europe/Paris on that day."""
    if not at:
        return day
    moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(at), TIME_ZONE)
    return moment.isoformat()


def _end(period: dict[str, Any]) -> str:
    """The end of a period: its last day, at its end time when it has one (the next day when
    the end time is not after the start time of a one-day period: a night show)."""
    start, end = period["startDate"], period.get("endDate") or period["startDate"]
    closes = period.get("endTime")
    if not closes:
        return end
    if end == start and period.get("startTime") and closes <= period["startTime"]:
        end = (date.fromisoformat(start) + timedelta(days=1)).isoformat()
    return instant(end, closes)


def plain_terms(node: Any) -> Any:
    """A node of `jsonld_parts` in schema.org terms alone: its `schema:` keys and types without
    the prefix, `schema:` individuals as URLs; DATAtourisme and OpenSIT terms left out."""
    if isinstance(node, list):
        return [plain_terms(item) for item in node]
    if not isinstance(node, dict):
        return node
    if set(node) <= {"@id", "@type"} and str(node.get("@id", "")).startswith("schema:"):
        return f"{SCHEMA}/{node['@id'][7:]}"
    out: dict[str, Any] = {}
    types = [t[7:] for t in node.get("@type", []) if t.startswith("schema:")]
    if types:
        out["@type"] = types[0]
    for key, value in node.items():
        if key.startswith("schema:"):
            out[key[7:]] = plain_terms(value)
    return out


# -- places ----------------------------------------------------------------------------------------


def address(location: Mapping[str, Any]) -> dict[str, Any] | None:
    node: dict[str, Any] = {"@type": "PostalAddress"}
    if location.get("address_lines"):
        node["streetAddress"] = ", ".join(location["address_lines"])
    if location.get("postal_code"):
        node["postalCode"] = location["postal_code"]
    commune = location.get("commune") or {}
    if commune.get("name"):
        node["addressLocality"] = commune["name"]
    if len(node) == 1:
        return None
    node["addressCountry"] = location.get("country") or "FR"
    return node


def geo(location: Mapping[str, Any]) -> dict[str, Any] | None:
    if location.get("latitude") is None or location.get("longitude") is None:
        return None
    node: dict[str, Any] = {
        "@type": "GeoCoordinates",
        "latitude": location["latitude"],
        "longitude": location["longitude"],
    }
    if location.get("altitude") is not None:
        node["elevation"] = location["altitude"]
    return node


def _lines(geometry: Mapping[str, Any] | None) -> list[list[float]]:
    if not geometry:
        return []
    if geometry.get("type") == "LineString":
        return list(geometry.get("coordinates") or [])
    if geometry.get("type") == "MultiLineString":
        return [point for line in geometry.get("coordinates") or [] for point in line]
    return []


def trace_shape(geometry: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A trace as a GeoShape line ("lat lon lat lon..."), thinned to TRACE_POINTS."""
    points = [p for p in _lines(geometry) if isinstance(p, list | tuple) and len(p) >= 2]
    if len(points) < 2:
        return None
    if len(points) > TRACE_POINTS:
        step = (len(points) - 1) / (TRACE_POINTS - 1)
        points = [points[round(i * step)] for i in range(TRACE_POINTS)]
    return {"@type": "GeoShape", "line": " ".join(f"{p[1]} {p[0]}" for p in points)}


def place(doc: Mapping[str, Any], lang: str, name: str) -> dict[str, Any]:
    """Where an event takes place or a trip starts: its place name (else the commune's, else
    the object's name), address and coordinates."""
    location = doc.get("location") or {}
    venue = next(
        (pick(link.get("label"), lang, FALLBACKS) for link in doc.get("links", [])
         if link.get("kind") == "venue" and link.get("label")),
        "",
    )  # fmt: skip
    node: dict[str, Any] = {
        "@type": "Place",
        "name": _text(location.get("place_name"), lang)
        or venue
        or (location.get("commune") or {}).get("name")
        or name,
    }
    found = address(location)
    if found:
        node["address"] = found
    point = geo(location)
    if point:
        node["geo"] = point
    return node


# -- opening hours ---------------------------------------------------------------------------------


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def opening_hours(opening: Mapping[str, Any] | None, today: date) -> list[dict[str, Any]]:
    """Opening periods as OpeningHoursSpecification (`jsonld_parts.opening`'s), days as dates;
    closed periods and dated closures as the convention says (opens and closes at 00:00).
    Periods over before today are left out, unless they recur every year."""
    if not opening:
        return []
    node: dict[str, Any] = {}
    parts.opening(node, dict(opening))
    specs = []
    open_specs = node.get("schema:openingHoursSpecification", [])
    closed_specs = node.get("opensit:closedHoursSpecification", [])
    for closed, spec in [(False, s) for s in open_specs] + [(True, s) for s in closed_specs]:
        through = _day(spec.get("schema:validThrough"))
        if through and through < today.isoformat() and not spec.get("opensit:yearly"):
            continue
        out = plain_terms(spec)
        for key in ("validFrom", "validThrough"):
            if out.get(key):
                out[key] = _day(out[key])
        if closed:
            out["opens"] = out["closes"] = "00:00:00"
        elif not out.get("opens"):
            continue  # open, hours not given: nothing a search engine can read
        specs.append(out)
    for closure in opening.get("closures", []):
        day = str(closure.get("date") or "")
        if day and day >= today.isoformat():
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "opens": "00:00:00",
                    "closes": "00:00:00",
                    "validFrom": day,
                    "validThrough": day,
                }
            )
    return specs


# -- prices ----------------------------------------------------------------------------------------


def _no_concept(code: str, cls: str) -> dict[str, Any]:
    return {"@type": [cls]}  # vocabulary nodes: not schema.org terms, dropped by plain_terms


def offers(
    doc: Mapping[str, Any], lang: str, url: str, available: bool | None
) -> list[dict[str, Any]]:
    """One Offer per priced row (free rows at 0): its label, lowest amount, currency and range
    (`jsonld_parts.price`'s PriceSpecification), validity and the booking address (else the
    page). `available`: InStock (dates to come); None writes no availability."""
    pricing = doc.get("pricing") or {}
    booking = (doc.get("booking") or {}).get("url") or ""
    out = []
    rows = pricing.get("prices", [])
    if not rows and pricing.get("free"):
        rows = [{"free": True}]
    for row in rows:
        amount = row.get("min") if row.get("min") is not None else row.get("max")
        if amount is None and not row.get("free"):
            continue
        offer: dict[str, Any] = {
            "@type": "Offer",
            "price": _number(amount if amount is not None else 0),
            "priceCurrency": row.get("currency", "EUR"),
        }
        label = _text(row.get("label"), lang)
        if label:
            offer["name"] = label
        if row.get("max") is not None and row.get("min") is not None and row["max"] > row["min"]:
            offer["priceSpecification"] = plain_terms(parts.price(row, _no_concept))
        if row.get("period_start"):
            offer["validFrom"] = str(row["period_start"])
        if row.get("period_end"):
            offer["validThrough"] = str(row["period_end"])
        if booking or url:
            offer["url"] = booking or url
        if available:
            offer["availability"] = f"{SCHEMA}/InStock"
        out.append(offer)
    return out


def price_range(doc: Mapping[str, Any]) -> str:
    """ "8–18 EUR": the amounts of the price list in its main currency."""
    rows = [r for r in (doc.get("pricing") or {}).get("prices", []) if not r.get("free")]
    currencies = [r.get("currency", "EUR") for r in rows]
    if not currencies:
        return ""
    currency = max(set(currencies), key=currencies.count)
    amounts = [
        r[key]
        for r in rows
        if r.get("currency", "EUR") == currency
        for key in ("min", "max")
        if r.get(key) is not None
    ]
    if not amounts:
        return ""
    low, high = _number(min(amounts)), _number(max(amounts))
    return f"{low}–{high} {currency}" if high != low else f"{low} {currency}"


# -- media and contacts ----------------------------------------------------------------------------


def images(doc: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """The public images (main first) with their size, caption, credit and licence."""
    found = [m for m in doc.get("media", []) if m.get("kind") == "image" and m.get("url")]
    found.sort(key=lambda m: not m.get("main"))
    out = []
    for medium in found[:IMAGES]:
        node: dict[str, Any] = {
            "@type": "ImageObject",
            "url": medium["url"],
            "contentUrl": medium["url"],
        }
        if medium.get("width") and medium.get("height"):
            node["width"] = medium["width"]
            node["height"] = medium["height"]
        caption = _text(medium.get("title"), lang)
        if caption:
            node["caption"] = caption
        if medium.get("credit"):
            node["creditText"] = medium["credit"]
            node["copyrightNotice"] = medium["credit"]
        licence = medium.get("licence") or {}
        if isinstance(licence, dict) and licence.get("url"):
            node["license"] = licence["url"]
        out.append(node)
    return out


def _contacts(node: dict[str, Any], doc: Mapping[str, Any], kind: str) -> None:
    phones = contact_values(doc, "phone", "main") or contact_values(doc, "phone")
    phones = phones or contact_values(doc, "mobile")
    if phones:
        node["telephone"] = phones[0]
    if kind in (BUSINESS, LODGING, ORGANISATION):
        emails = contact_values(doc, "email", "main") or contact_values(doc, "email")
        if emails:
            node["email"] = emails[0]
    same = [v for k in SOCIAL for v in contact_values(doc, k) if _is_web(v)]
    if same:
        node["sameAs"] = list(dict.fromkeys(same))


# -- the node --------------------------------------------------------------------------------------


def _labels_of(doc: Mapping[str, Any], labels: Labels | None) -> Labels:
    if labels is not None:
        return labels
    codes = {
        *doc.get("amenities", []),
        *doc.get("accessibility", []),
        *(doc.get("pricing") or {}).get("payment_methods", []),
    }
    if not codes:
        return {}
    from opensit.catalog.vocabularies import labels_for  # a query: only when codes are there

    return labels_for(codes)


def _features(node: dict[str, Any], doc: Mapping[str, Any], lang: str, labels: Labels) -> None:
    codes = [*doc.get("amenities", []), *doc.get("accessibility", [])]
    names = [pick(labels.get(code), lang, FALLBACKS) or code for code in codes]
    if names:
        node["amenityFeature"] = [
            {"@type": "LocationFeatureSpecification", "name": name, "value": True}
            for name in dict.fromkeys(names)
        ]


def _place_parts(
    node: dict[str, Any], doc: Mapping[str, Any], lang: str, kind: str, today: date, labels: Labels
) -> None:
    location = doc.get("location") or {}
    found = address(location)
    if found:
        node["address"] = found
    point = geo(location)
    if point:
        node["geo"] = point
    _contacts(node, doc, kind)
    hours = opening_hours(doc.get("opening"), today)
    if hours:
        node["openingHoursSpecification"] = hours
    _features(node, doc, lang, labels)
    if (doc.get("pricing") or {}).get("free"):
        node["isAccessibleForFree"] = True
    capacity = doc.get("capacity") or {}
    if kind in (BUSINESS, LODGING):
        found_range = price_range(doc)
        if found_range:
            node["priceRange"] = found_range
        payments = (doc.get("pricing") or {}).get("payment_methods", [])
        if payments:
            node["paymentAccepted"] = ", ".join(
                pick(labels.get(code), lang, FALLBACKS) or code for code in payments
            )
    if kind == LODGING:
        if doc.get("pets_allowed") is not None:
            node["petsAllowed"] = doc["pets_allowed"]
        if capacity.get("rooms") is not None:
            node["numberOfRooms"] = capacity["rooms"]
        stars = next(
            (m.group(1) for c in doc.get("classifications", []) if (m := STARS.search(c))), None
        )
        if stars:
            node["starRating"] = {"@type": "Rating", "ratingValue": stars}
    elif capacity.get("persons") is not None and kind != AREA:
        node["maximumAttendeeCapacity"] = capacity["persons"]


def _event_parts(
    node: dict[str, Any], doc: Mapping[str, Any], lang: str, url: str, today: date
) -> None:
    """The next date (or the last one, all being past) as the event's start and end, the
    following ones as sub-events; the place; the offers; the organiser when a link names it."""
    days = sorted(
        parts.periods(doc.get("event")), key=lambda p: (p["startDate"], p.get("startTime", ""))
    )
    coming = [p for p in days if (p.get("endDate") or p["startDate"]) >= today.isoformat()]
    where = place(doc, lang, node["name"])
    node["eventStatus"] = f"{SCHEMA}/EventScheduled"
    node["eventAttendanceMode"] = f"{SCHEMA}/OfflineEventAttendanceMode"
    main = coming[0] if coming else (days[-1] if days else None)
    if main is not None:
        node["startDate"] = instant(main["startDate"], main.get("startTime"))
        node["endDate"] = _end(main)
    node["location"] = where
    found = offers(doc, lang, url, True if coming else None)
    if found:
        node["offers"] = found
    organisers = [
        {"@type": "Organization", "name": pick(link["label"], lang, FALLBACKS)}
        for link in doc.get("links", [])
        if link.get("kind") == "organiser" and link.get("label")
    ]
    if organisers:
        node["organizer"] = organisers[0] if len(organisers) == 1 else organisers
    if (doc.get("pricing") or {}).get("free"):
        node["isAccessibleForFree"] = True
    capacity = (doc.get("capacity") or {}).get("persons")
    if capacity is not None:
        node["maximumAttendeeCapacity"] = capacity
    node["subEvent"] = [
        {
            "@type": node["@type"],
            "name": node["name"],
            "startDate": instant(p["startDate"], p.get("startTime")),
            "endDate": _end(p),
            "eventStatus": node["eventStatus"],
            "eventAttendanceMode": node["eventAttendanceMode"],
            "location": where,
        }
        for p in coming[1 : SUB_EVENTS + 1]
    ]
    if not node["subEvent"]:
        del node["subEvent"]


def _trip_parts(node: dict[str, Any], doc: Mapping[str, Any], lang: str, url: str) -> None:
    """A trip's itinerary: its start place, with the trace as a GeoShape when it has one."""
    where = place(doc, lang, node["name"])
    shape = trace_shape((doc.get("location") or {}).get("geometry"))
    if shape:
        where["geo"] = shape
    node["itinerary"] = where
    found = offers(doc, lang, url, None)
    if found:
        node["offers"] = found
    if doc.get("languages"):
        node["availableLanguage"] = list(doc["languages"])


def schema_node(
    document: Mapping[str, Any],
    lang: str,
    url: str = "",
    *,
    labels: Labels | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The schema.org node of an object in `lang` (texts fall back to French, then English),
    from its public form (a stored document is made public first). `url`: the canonical page;
    `labels`: vocabulary labels of its codes (looked up when not given)."""
    today = today or timezone.localdate()
    doc = as_public_form(dict(document), today)
    schema_class = schema_type(doc.get("type", ""), tuple(doc.get("classes", ())))
    kind = kind_of(schema_class)
    name = _text(doc.get("name"), lang) or str(doc.get("id") or "") or schema_class
    node: dict[str, Any] = {"@context": SCHEMA, "@type": schema_class}
    if url:
        node["@id"] = f"{url}#object"
        node["url"] = url
    node["name"] = name
    description = _rich_text(doc.get("description"), lang) or _text(
        doc.get("short_description"), lang
    )
    if description:
        node["description"] = description
    if doc.get("id"):
        node["identifier"] = str(doc["id"])
    found = images(doc, lang)
    if found:
        node["image"] = found
    labels = _labels_of(doc, labels)
    if kind == EVENT:
        _event_parts(node, doc, lang, url, today)
    elif kind == TRIP:
        _trip_parts(node, doc, lang, url)
    elif kind == PRODUCT:
        _product_parts(node, doc, lang, url)
    else:
        _place_parts(node, doc, lang, kind, today, labels)
        if schema_class in SPEAKING and doc.get("languages"):
            node["availableLanguage"] = list(doc["languages"])
    return node


def _product_parts(node: dict[str, Any], doc: Mapping[str, Any], lang: str, url: str) -> None:
    found = offers(doc, lang, url, None)
    if found:
        node["offers"] = found


def meta_description(document: Mapping[str, Any], lang: str, limit: int = 160) -> str:
    """The short description, else the description's text, cut at a word within `limit`."""
    text = _text(document.get("short_description"), lang) or _rich_text(
        document.get("description"), lang
    )
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"
