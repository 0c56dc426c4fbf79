"""Write a synthetic catalog as a DATAtourisme flux archive: `index.json`, `context.jsonld` and
`objects/<h>/<hh>/<producer>-<uuid>.json`, in the JSON-LD shape of the real archives (same keys,
language maps of arrays, `kb:` individuals). Streamed: one object in memory at a time, and the
index written entry by entry. Used to benchmark the DATAtourisme importer at scale."""

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from dateutil.rrule import rrulestr

from opensit.catalog.types import TYPES, ancestors, datatourisme_classes, root_of
from opensit.demo.synth.generator import SyntheticCatalog
from opensit.demo.synth.geo import DEPARTMENT_NAMES, REGION_OF, REGIONS
from opensit.demo.vocabulary import demo_entries

DATA = "https://data.datatourisme.gouv.fr"
NAMESPACE = uuid.UUID("3f0c8a52-2d7e-4c4e-9a53-5b8f7d1e6a90")
PLACE_ROOTS = {
    "accommodation",
    "food",
    "tasting",
    "cultural_site",
    "natural_site",
    "leisure",
    "service",
    "place",
    "activity",
}
DAY_NAMES = {
    "mon": ("Monday", "Lundi"),
    "tue": ("Tuesday", "Mardi"),
    "wed": ("Wednesday", "Mercredi"),
    "thu": ("Thursday", "Jeudi"),
    "fri": ("Friday", "Vendredi"),
    "sat": ("Saturday", "Samedi"),
    "sun": ("Sunday", "Dimanche"),
}
DT_MIME = {"image/jpeg": "kb:JPEG"}
CONTEXT = {
    "@context": {
        "@vocab": "https://www.datatourisme.gouv.fr/ontology/core#",
        "schema": "http://schema.org/",
        "data": "https://data.datatourisme.gouv.fr/",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "dc": "http://purl.org/dc/elements/1.1/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "ebucore": "http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#",
        "kb": "https://www.datatourisme.gouv.fr/resource/core#",
    }
}
_LABELS = {entry.code: entry.labels for entry in demo_entries()}
_KINDS = {"amenity": "CommonAmenity", "theme": "SpatialEnvironmentTheme"}


def _arrays(text: dict[str, str]) -> dict[str, list[str]]:
    return {lang: [value] for lang, value in text.items()}


def _kb(code: str, kind: str) -> dict[str, Any]:
    labels = _LABELS.get(code) or {"fr": code, "en": code}
    return {"@id": f"kb:{code}", "@type": [kind], "rdfs:label": _arrays(labels)}


class _Ids:
    """Deterministic node ids, as DATAtourisme gives every blank node a URI."""

    def __init__(self, uid: str) -> None:
        self.uid, self.count = uid, 0

    def __call__(self) -> str:
        self.count += 1
        return f"{DATA}/{uuid.uuid5(NAMESPACE, f'{self.uid}/{self.count}')}"


def classes_for(type_code: str) -> list[str]:
    """DATAtourisme classes and schema.org classes of a type, as the real `@type` lists them."""
    classes = datatourisme_classes(type_code)
    schema = [
        c
        for step in ancestors(type_code)
        for c in TYPES[step].datatourisme[:3]
        if c.startswith("schema:")
    ]
    if root_of(type_code) in PLACE_ROOTS:
        classes.append("PlaceOfInterest")
    return sorted(set(schema)) + sorted(set(classes))


def _address(doc: dict[str, Any], ids: _Ids) -> dict[str, Any]:
    loc = doc["location"]
    insee = loc["commune"]["insee"]
    dep = insee[:2]
    region = REGION_OF[dep]
    city = {
        "@id": f"kb:{insee}",
        "@type": ["City"],
        "rdfs:label": {"fr": [loc["commune"]["name"]], "en": [loc["commune"]["name"]]},
        "insee": insee,
        "isPartOfDepartment": [
            {
                "@id": f"kb:France{region}{dep}",
                "@type": ["Department"],
                "rdfs:label": {"fr": [DEPARTMENT_NAMES[dep]], "en": [DEPARTMENT_NAMES[dep]]},
                "insee": dep,
                "isPartOfRegion": [
                    {
                        "@id": f"kb:France{region}",
                        "@type": ["Region"],
                        "rdfs:label": {"fr": [REGIONS[region][0]], "en": [REGIONS[region][0]]},
                        "insee": region,
                        "isPartOfCountry": [
                            {
                                "@id": "kb:France",
                                "@type": ["schema:Country"],
                                "rdfs:label": {"fr": ["France"], "en": ["France"]},
                            }
                        ],
                    }
                ],
            }
        ],
    }
    return {
        "@id": ids(),
        "schema:addressLocality": loc["commune"]["name"],
        "schema:postalCode": loc["postal_code"],
        "schema:streetAddress": loc["address_lines"],
        "@type": ["schema:PostalAddress", "PostalAddress"],
        "hasAddressCity": [city],
    }


def _opening(doc: dict[str, Any], ids: _Ids, year: int) -> list[dict[str, Any]]:
    out = []
    for period in doc.get("opening", {}).get("periods", []):
        start = period.get("start") or f"{year}-01-01"
        end = period.get("end") or f"{year}-12-31"
        for day in period["weekdays"]:
            en, fr = DAY_NAMES[day]
            for times in period["times"]:
                out.append(
                    {
                        "@id": ids(),
                        "schema:opens": f"{times['opens']}:00",
                        "schema:closes": f"{times['closes']}:00",
                        "schema:dayOfWeek": [
                            {
                                "@id": f"schema:{en}",
                                "@type": ["schema:DayOfWeek"],
                                "rdfs:label": {"en": [en], "fr": [fr]},
                            }
                        ],
                        "schema:validFrom": f"{start}T00:00:00",
                        "schema:validThrough": f"{end}T00:00:00",
                        "@type": ["schema:OpeningHoursSpecification"],
                    }
                )
    return out


def _periods(event: dict[str, Any], ids: _Ids) -> list[dict[str, Any]]:
    """Occurrences as they are, recurrence rules expanded to one period per date."""
    out = []
    for occ in event.get("occurrences", []):
        period = {
            "@id": ids(),
            "@type": ["Period"],
            "startDate": occ["start_date"],
            "endDate": occ.get("end_date") or occ["start_date"],
        }
        if occ.get("start_time"):
            period["startTime"] = f"{occ['start_time']}:00"
        out.append(period)
    for rec in event.get("recurrences", []):
        start = datetime.combine(date.fromisoformat(rec["start_date"]), datetime.min.time())
        for when in rrulestr(rec["rrule"], dtstart=start):
            day = when.date().isoformat()
            out.append(
                {
                    "@id": ids(),
                    "@type": ["Period"],
                    "startDate": day,
                    "endDate": day,
                    "startTime": f"{rec['start_time']}:00",
                    "endTime": f"{rec['end_time']}:00",
                }
            )
    return out


def _offers(pricing: dict[str, Any], ids: _Ids) -> list[dict[str, Any]]:
    offer: dict[str, Any] = {"@id": ids(), "@type": ["schema:Offer", "Offer"]}
    if pricing.get("payment_methods"):
        offer["schema:acceptedPaymentMethod"] = [
            _kb(code, "schema:PaymentMethod") for code in pricing["payment_methods"]
        ]
    if pricing.get("free"):
        offer["schema:priceSpecification"] = [
            {
                "@id": ids(),
                "schema:priceCurrency": "EUR",
                "@type": ["schema:PriceSpecification", "PriceSpecification"],
                "hasEligiblePolicy": {
                    "@id": "kb:Free",
                    "@type": ["PricingPolicy"],
                    "rdfs:label": {"en": ["Free"], "fr": ["Gratuit"]},
                },
            }
        ]
    else:
        offer["schema:priceSpecification"] = [
            {
                "@id": ids(),
                "schema:minPrice": [str(p["min"])],
                "schema:maxPrice": [str(p["max"])],
                "schema:price": str(p["min"]),
                "schema:priceCurrency": "EUR",
                "@type": ["schema:PriceSpecification"],
            }
            for p in pricing.get("prices", [])
        ]
    return [offer]


def _representation(media: dict[str, Any], ids: _Ids) -> dict[str, Any]:
    annotation = {
        "@id": ids(),
        "@type": ["ebucore:Annotation", "Annotation"],
        "credits": [media["credit"]],
        "ebucore:isCoveredBy": media["licence"],
        "ebucore:title": {"fr": [media["url"].rsplit("/", 1)[-1]]},
    }
    resource = {
        "@id": ids(),
        "ebucore:hasMimeType": [
            {
                "@id": DT_MIME[media["mime_type"]],
                "@type": ["ebucore:MimeType"],
                "rdfs:label": [media["mime_type"]],
            }
        ],
        "ebucore:locator": [media["url"]],
        "@type": ["ebucore:Resource"],
    }
    return {
        "@id": ids(),
        "ebucore:hasAnnotation": [annotation],
        "ebucore:hasRelatedResource": [resource],
        "@type": ["ebucore:EditorialObject"],
    }


def to_jsonld(doc: dict[str, Any], uid: str, producer: str, year: int) -> dict[str, Any]:
    """One synthetic document in the DATAtourisme JSON-LD shape."""
    ids = _Ids(uid)
    index = int(doc["source"]["id"].rsplit("-", 1)[1])
    updated = date(year - 1, 1, 1) + timedelta(days=(index * 7919) % 365)
    loc = doc["location"]
    out: dict[str, Any] = {
        "@id": f"{DATA}/{producer}/{uid}",
        "dc:identifier": f"SYN{doc['source']['id']}",
        "@type": classes_for(doc["type"]),
        "rdfs:comment": _arrays(doc["short_description"]),
        "rdfs:label": _arrays(doc["name"]),
        "availableLanguage": sorted(doc["name"]),
        "creationDate": (updated - timedelta(days=400 + index % 900)).isoformat(),
        "hasBeenCreatedBy": {
            "@id": f"{DATA}/{uuid.uuid5(NAMESPACE, producer)}",
            "schema:legalName": f"OpenSIT synth {producer}",
            "@type": ["schema:Organization", "foaf:Agent", "Agent"],
        },
        "hasBeenPublishedBy": [
            {
                "@id": f"{DATA}/{uuid.uuid5(NAMESPACE, 'publisher')}",
                "schema:legalName": "SIT synthétique",
                "@type": ["schema:Organization", "foaf:Agent", "Agent"],
            }
        ],
        "hasDescription": [
            {
                "@id": ids(),
                "dc:description": _arrays(doc["description"]),
                "@type": ["Description"],
                "shortDescription": _arrays(doc["short_description"]),
            }
        ],
        "isLocatedAt": [
            {
                "@id": ids(),
                "schema:address": [_address(doc, ids)],
                "schema:geo": {
                    "@id": ids(),
                    "schema:latitude": str(loc["latitude"]),
                    "schema:longitude": str(loc["longitude"]),
                    "@type": ["schema:GeoCoordinates"],
                },
                "@type": ["schema:Place", "Place"],
            }
        ],
        "lastUpdate": updated.isoformat(),
        "lastUpdateDatatourisme": f"{updated.isoformat()}T04:00:00.000Z",
    }
    opening = _opening(doc, ids, year)
    if opening:
        out["isLocatedAt"][0]["schema:openingHoursSpecification"] = opening
    if doc.get("contacts"):
        contact: dict[str, Any] = {
            "@id": ids(),
            "schema:legalName": doc["name"]["fr"],
            "@type": ["schema:Organization", "foaf:Agent", "Agent"],
        }
        for item in doc["contacts"]:
            key = {"phone": "schema:telephone", "email": "schema:email"}.get(
                item["kind"], "foaf:homepage"
            )
            contact.setdefault(key, []).append(item["value"])
        out["hasContact"] = [contact]
    if doc.get("pricing"):
        out["offers"] = _offers(doc["pricing"], ids)
    if doc.get("media"):
        reps = [_representation(m, ids) for m in doc["media"]]
        out["hasMainRepresentation"] = reps[:1]
        out["hasRepresentation"] = reps
    if doc.get("amenities"):
        out["hasFeature"] = [
            {
                "@id": ids(),
                "@type": ["schema:PropertyValue", "FeatureSpecification"],
                "features": [_kb(c, "CommonAmenity") for c in doc["amenities"]],
            }
        ]
    if doc.get("themes"):
        out["hasTheme"] = [_kb(c, "SpatialEnvironmentTheme") for c in doc["themes"]]
    reviews = [("LabelRating", c) for c in doc.get("labels", [])]
    reviews += [("ScaleRating", c) for c in doc.get("classifications", [])]
    if reviews:
        out["hasReview"] = [
            {"@id": ids(), "@type": ["Review"], "hasReviewValue": _kb(c, kind)}
            for kind, c in reviews
        ]
    if doc.get("event"):
        periods = _periods(doc["event"], ids)
        out["takesPlaceAt"] = periods
        out["schema:startDate"] = [p["startDate"] for p in periods]
        out["schema:endDate"] = [p["endDate"] for p in periods]
    return out


def write_archive(
    directory: Path,
    count: int,
    seed: int,
    year: int,
    on_object: Callable[[int], None] | None = None,
) -> int:
    """Write `count` objects and their index under `directory`; returns the number written."""
    directory.mkdir(parents=True, exist_ok=True)
    objects = directory / "objects"
    (directory / "context.jsonld").write_bytes(orjson.dumps(CONTEXT, option=orjson.OPT_INDENT_2))
    made: set[str] = set()
    written = 0
    with (directory / "index.json").open("wb") as index:
        index.write(b"[\n")
        for doc in SyntheticCatalog(seed, year).documents(count):
            uid = str(uuid.uuid5(NAMESPACE, doc["source"]["id"]))
            producer = "49" if written % 16 == 5 else "15"
            folder = f"{uid[0]}/{uid[:2]}"
            if folder not in made:
                (objects / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            relative = f"{folder}/{producer}-{uid}.json"
            jsonld = to_jsonld(doc, uid, producer, year)
            (objects / relative).write_bytes(orjson.dumps(jsonld, option=orjson.OPT_INDENT_2))
            entry = {
                "label": doc["name"]["fr"],
                "lastUpdateDatatourisme": jsonld["lastUpdateDatatourisme"],
                "file": relative,
            }
            index.write((b",\n  " if written else b"  ") + orjson.dumps(entry))
            written += 1
            if on_object:
                on_object(1)
        index.write(b"\n]\n")
    return written
