"""JSON-LD in the DATAtourisme vocabulary, with schema.org types.

One `{"@context": ..., "@graph": [...]}` document, streamed object by object. The shape is the
one of a DATAtourisme flux object (language maps of arrays, `isLocatedAt` > `schema:address` >
`hasAddressCity`, `takesPlaceAt` periods, `offers` > `schema:priceSpecification`, ebucore
media), so a DATAtourisme consumer or importer reads it as it reads the national flux.
Texts carry every language with its tag: `lang` does not filter them.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from typing import Any

import orjson
from dateutil.rrule import rrulestr
from django.utils import timezone

from opensit.catalog.types import TYPES, datatourisme_classes
from opensit.formats.jsonld_context import CONTEXT
from opensit.formats.public import licence_code, public_document
from opensit.formats.safety import RenderReport, each_rendered
from opensit.formats.vocabulary import Vocabulary, load_vocabulary, term

OBJECT_IRI = "urn:opensit:object:"
WRITE_CHUNK = 1 << 20
"""Bytes of rendered objects gathered before a chunk is yielded (fewer, larger writes)."""
RECURRENCE_LIMIT = 1000
"""Most periods one recurrence rule expands to (DATAtourisme has no recurrence rules)."""

SCHEMA_DAYS = {
    "mon": "schema:Monday",
    "tue": "schema:Tuesday",
    "wed": "schema:Wednesday",
    "thu": "schema:Thursday",
    "fri": "schema:Friday",
    "sat": "schema:Saturday",
    "sun": "schema:Sunday",
}
# Classes of catalog.types that the DATAtourisme core ontology (2020 flux) does not define: left
# out of the export, the type's ancestors' classes still place the object (a test keeps this
# list in step with the ontology).
NOT_IN_ONTOLOGY = frozenset({"SkiResort"})
CONTACT_PROPERTIES = {
    "phone": "schema:telephone",
    "mobile": "schema:telephone",
    "fax": "schema:faxNumber",
    "email": "schema:email",
}
MIME_INDIVIDUALS = {"image/jpeg": "kb:JPEG", "image/png": "kb:PNG", "application/pdf": "kb:PDF"}


def lang_map(text: dict[str, str] | None) -> dict[str, list[str]]:
    """`{"fr": "x"}` becomes the DATAtourisme form `{"fr": ["x"]}`."""
    return {lang: [value] for lang, value in (text or {}).items() if value}


def _time(value: str | None) -> str | None:
    if not value:
        return None
    return value if len(value) == 8 else f"{value}:00"[:8]


def _date_time(value: str) -> str:
    return f"{value}T00:00:00"


class Concepts:
    """Vocabulary codes as nodes (`{"@id": "kb:Wifi", "@type": ["Amenity"], ...}`), built once
    per code and class for a whole export."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.cache: dict[tuple[str, str], dict[str, Any]] = {}

    def __call__(self, code: str, cls: str) -> dict[str, Any]:
        node = self.cache.get((code, cls))
        if node is None:
            entry = term(self.vocabulary, code)
            node = {"@type": [cls]}
            if entry.kb:
                node["@id"] = f"kb:{entry.kb}"
            node["rdfs:label"] = lang_map(entry.labels) or {"fr": [code]}
            self.cache[(code, cls)] = node
        return node


@lru_cache(maxsize=4096)
def _classes(object_type: str, source_classes: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    if object_type in TYPES:
        out.extend(c for c in datatourisme_classes(object_type) if c not in NOT_IN_ONTOLOGY)
    for cls in source_classes:
        if cls not in out:
            out.append(cls)
    return tuple(out)


def classes_of(document: dict[str, Any]) -> list[str]:
    """The type's DATAtourisme classes, then the document's finer source classes."""
    return list(_classes(document.get("type", ""), tuple(document.get("classes", ()))))


def _address(location: dict[str, Any]) -> dict[str, Any] | None:
    commune = location.get("commune")
    node: dict[str, Any] = {"@type": ["schema:PostalAddress", "PostalAddress"]}
    if location.get("address_lines"):
        node["schema:streetAddress"] = list(location["address_lines"])
    if location.get("postal_code"):
        node["schema:postalCode"] = location["postal_code"]
    if commune:
        if commune.get("name"):
            node["schema:addressLocality"] = commune["name"]
        city: dict[str, Any] = {
            "@id": f"kb:{commune['insee']}",
            "@type": ["City"],
            "insee": commune["insee"],
        }
        if commune.get("name"):
            city["rdfs:label"] = {"fr": [commune["name"]]}
        node["hasAddressCity"] = [city]
    return node if len(node) > 1 else None


def _opening_hours(opening: dict[str, Any]) -> list[dict[str, Any]]:
    specs = []
    for period in opening.get("periods", []):
        if period.get("closed"):
            continue
        base: dict[str, Any] = {"@type": ["schema:OpeningHoursSpecification"]}
        if period.get("start"):
            base["schema:validFrom"] = _date_time(period["start"])
        if period.get("end"):
            base["schema:validThrough"] = _date_time(period["end"])
        if period.get("weekdays"):
            base["schema:dayOfWeek"] = [
                {"@id": SCHEMA_DAYS[day], "@type": ["schema:DayOfWeek"]}
                for day in period["weekdays"]
            ]
        for times in period.get("times") or [{}]:
            spec = dict(base)
            if times.get("opens"):
                spec["schema:opens"] = _time(times["opens"])
            if times.get("closes"):
                spec["schema:closes"] = _time(times["closes"])
            specs.append(spec)
    return specs


def _place(document: dict[str, Any]) -> dict[str, Any]:
    location = document.get("location", {})
    place: dict[str, Any] = {"@type": ["schema:Place", "Place"]}
    address = _address(location)
    if address:
        place["schema:address"] = [address]
    if location.get("latitude") is not None and location.get("longitude") is not None:
        geo: dict[str, Any] = {
            "@type": ["schema:GeoCoordinates"],
            "schema:latitude": str(location["latitude"]),
            "schema:longitude": str(location["longitude"]),
        }
        if location.get("altitude") is not None:
            geo["schema:elevation"] = str(location["altitude"])
        place["schema:geo"] = geo
    hours = _opening_hours(document.get("opening", {}))
    if hours:
        place["schema:openingHoursSpecification"] = hours
    if document.get("pets_allowed") is not None:
        place["petsAllowed"] = document["pets_allowed"]
    return place


def _period(start: str, end: str | None, opens: str | None, closes: str | None) -> dict:
    period: dict[str, Any] = {"@type": ["Period"], "startDate": start, "endDate": end or start}
    if opens:
        period["startTime"] = _time(opens)
    if closes:
        period["endTime"] = _time(closes)
    return period


def periods(event: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Occurrences as periods; recurrence rules expanded (minus their exception dates)."""
    if not event:
        return []
    out = [
        _period(o["start_date"], o.get("end_date"), o.get("start_time"), o.get("end_time"))
        for o in event.get("occurrences", [])
    ]
    for rec in event.get("recurrences", []):
        days = _recurrence_days(rec["start_date"], rec["rrule"], tuple(rec.get("exdates", ())))
        opens, closes = rec.get("start_time"), rec.get("end_time")
        out.extend(_period(day, day, opens, closes) for day in days)
    return out


@lru_cache(maxsize=4096)
def _recurrence_days(start_date: str, rule: str, exdates: tuple[str, ...]) -> tuple[str, ...]:
    """The days of a rule (at most RECURRENCE_LIMIT), minus its exception dates: rules repeat
    across a catalog (every Saturday from a date), so they are expanded once."""
    start = datetime.combine(date.fromisoformat(start_date), datetime.min.time())
    skipped = set(exdates)
    days = (
        when.date().isoformat() for when in islice(rrulestr(rule, dtstart=start), RECURRENCE_LIMIT)
    )
    return tuple(day for day in days if day not in skipped)


def _agent(contacts: list[dict[str, Any]]) -> dict[str, Any] | None:
    node: dict[str, Any] = {"@type": ["foaf:Agent", "Agent"]}
    for contact in contacts:
        key = CONTACT_PROPERTIES.get(contact["kind"], "foaf:homepage")
        node.setdefault(key, []).append(contact["value"])
    return node if len(node) > 1 else None


def _booking_agent(document: dict[str, Any]) -> dict[str, Any] | None:
    contacts = [c for c in document.get("contacts", []) if c.get("role") == "booking"]
    booking = document.get("booking", {})
    for kind, key in (("website", "url"), ("email", "email"), ("phone", "phone")):
        if booking.get(key):
            contacts.append({"kind": kind, "value": booking[key]})
    agent = _agent(contacts)
    if agent and booking.get("organisation"):
        agent["schema:legalName"] = booking["organisation"]
    return agent


def _offer(document: dict[str, Any], concept: Concepts) -> dict[str, Any] | None:
    pricing = document.get("pricing", {})
    offer: dict[str, Any] = {"@type": ["schema:Offer", "Offer"]}
    specs = []
    for price in pricing.get("prices", []):
        spec: dict[str, Any] = {
            "@type": ["schema:PriceSpecification", "PriceSpecification"],
            "schema:priceCurrency": price.get("currency", "EUR"),
        }
        if price.get("min") is not None:
            spec["schema:minPrice"] = str(price["min"])
        if price.get("max") is not None:
            spec["schema:maxPrice"] = str(price["max"])
        if price.get("label"):
            spec["rdfs:comment"] = lang_map(price["label"])
        if price.get("free"):
            spec["hasEligiblePolicy"] = {"@id": "kb:Free", "@type": ["PricingPolicy"]}
        specs.append(spec)
    if not specs and pricing.get("free"):
        specs.append(
            {
                "@type": ["schema:PriceSpecification", "PriceSpecification"],
                "schema:priceCurrency": "EUR",
                "hasEligiblePolicy": {"@id": "kb:Free", "@type": ["PricingPolicy"]},
            }
        )
    if specs:
        offer["schema:priceSpecification"] = specs
    if pricing.get("payment_methods"):
        offer["schema:acceptedPaymentMethod"] = [
            concept(code, "schema:PaymentMethod") for code in pricing["payment_methods"]
        ]
    return offer if len(offer) > 1 else None


def _representation(medium: dict[str, Any]) -> dict[str, Any]:
    annotation: dict[str, Any] = {"@type": ["ebucore:Annotation", "Annotation"]}
    if medium.get("title"):
        annotation["ebucore:title"] = lang_map(medium["title"])
    if medium.get("description"):
        annotation["ebucore:abstract"] = lang_map(medium["description"])
    if medium.get("credit"):
        annotation["credits"] = [medium["credit"]]
    code = licence_code(medium.get("licence"))
    if code:
        # The licence code (`cc-by-4.0`), as the catalog knows it: an importer gets back a
        # licence that `is_open` recognises. Its URL is in docs/formats.md.
        annotation["ebucore:isCoveredBy"] = code
    if medium.get("publication_end"):
        annotation["rightsEndDate"] = medium["publication_end"]
    resource: dict[str, Any] = {"@type": ["ebucore:Resource"], "ebucore:locator": [medium["url"]]}
    mime = MIME_INDIVIDUALS.get(medium.get("mime_type", ""))
    if mime:
        resource["ebucore:hasMimeType"] = [{"@id": mime, "@type": ["ebucore:MimeType"]}]
    for key in ("width", "height"):
        if medium.get(key):
            resource[f"ebucore:{key}"] = str(medium[key])
    return {
        "@type": ["ebucore:EditorialObject"],
        "ebucore:hasAnnotation": [annotation],
        "ebucore:hasRelatedResource": [resource],
    }


def _media(node: dict[str, Any], media: list[dict[str, Any]]) -> None:
    if not media:
        return
    main = next((m for m in media if m.get("main")), media[0])
    node["hasMainRepresentation"] = [_representation(main)]
    node["hasRepresentation"] = [_representation(m) for m in media]


def _features(document: dict[str, Any], concept: Concepts) -> list[dict[str, Any]]:
    features = [concept(c, "Amenity") for c in document.get("amenities", [])]
    features += [concept(c, "Amenity") for c in document.get("accessibility", [])]
    if not features:
        return []
    return [{"@type": ["schema:PropertyValue", "FeatureSpecification"], "features": features}]


def _reviews(document: dict[str, Any], concept: Concepts) -> list[dict[str, Any]]:
    values = [concept(c, "LabelRating") for c in document.get("labels", [])]
    values += [concept(c, "ScaleRating") for c in document.get("classifications", [])]
    return [{"@type": ["Review"], "hasReviewValue": value} for value in values]


def to_jsonld(
    document: dict[str, Any], vocabulary: Vocabulary | Concepts, today: date | None = None
) -> dict[str, Any]:
    """One object of the graph, from a stored or public document (private data dropped)."""
    concept = vocabulary if isinstance(vocabulary, Concepts) else Concepts(vocabulary)
    doc = public_document(document, today)
    source = doc.get("source") or {}
    node: dict[str, Any] = {
        "@id": f"{OBJECT_IRI}{doc.get('id', '')}",
        "@type": classes_of(doc),
        "dc:identifier": source.get("id") or doc.get("id", ""),
        "rdfs:label": lang_map(doc.get("name")),
    }
    if doc.get("short_description"):
        node["rdfs:comment"] = lang_map(doc["short_description"])
    if doc.get("short_description") or doc.get("description"):
        description: dict[str, Any] = {"@type": ["Description"]}
        if doc.get("short_description"):
            description["shortDescription"] = lang_map(doc["short_description"])
        if doc.get("description"):
            description["dc:description"] = lang_map(doc["description"])
        node["hasDescription"] = [description]
    node["isLocatedAt"] = [_place(doc)]
    event_periods = periods(doc.get("event"))
    if event_periods:
        node["takesPlaceAt"] = event_periods
    offer = _offer(doc, concept)
    if offer:
        node["offers"] = [offer]
    contact = _agent([c for c in doc.get("contacts", []) if c.get("role", "main") != "booking"])
    if contact:
        node["hasContact"] = [contact]
    booking = _booking_agent(doc)
    if booking:
        node["hasBookingContact"] = [booking]
    features = _features(doc, concept)
    if features:
        node["hasFeature"] = features
    if doc.get("themes"):
        node["hasTheme"] = [concept(c, "Theme") for c in doc["themes"]]
    reviews = _reviews(doc, concept)
    if reviews:
        node["hasReview"] = reviews
    _media(node, doc.get("media", []))
    if doc.get("languages"):
        node["availableLanguage"] = list(doc["languages"])
    persons = (doc.get("capacity") or {}).get("persons")
    if persons:
        node["allowedPersons"] = persons
    if doc.get("created_at"):
        node["creationDate"] = doc["created_at"][:10]
    if doc.get("updated_at"):
        node["lastUpdate"] = doc["updated_at"][:10]
    return node


def render_stream(
    documents: Iterable[dict[str, Any]],
    lang: str | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    today: date | None = None,
    report: RenderReport | None = None,
) -> Iterator[bytes]:
    """`{"@context": ..., "@graph": [objects]}`, one chunk per object."""
    concepts = Concepts(load_vocabulary() if vocabulary is None else vocabulary)
    today = today or timezone.localdate()
    dumps = orjson.dumps
    parts = [b'{"@context":' + dumps(CONTEXT) + b',"@graph":[']
    size = 0
    separator = b""
    chunks = each_rendered(
        documents, lambda document: dumps(to_jsonld(document, concepts, today)), "jsonld", report
    )
    for chunk in chunks:
        parts.append(separator + chunk)
        separator = b","
        size += len(chunk)
        if size >= WRITE_CHUNK:
            yield b"".join(parts)
            parts, size = [], 0
    parts.append(b"]}\n")
    yield b"".join(parts)
