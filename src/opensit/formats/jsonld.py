"""JSON-LD in the DATAtourisme vocabulary, with schema.org types.

One `{"@context": ..., "@graph": [...]}` document, streamed object by object. The shape is the
one of a DATAtourisme flux object (language maps of arrays, `isLocatedAt` > `schema:address` >
`hasAddressCity`, `takesPlaceAt` periods, `offers` > `schema:priceSpecification`, ebucore
media), so a DATAtourisme consumer or importer reads it as it reads the national flux. What the
ontology has no term for is written with `opensit:` terms (jsonld_context.OPENSIT_TERMS), so
that our DATAtourisme connector reads back the same document (docs/formats.md lists the rest).
Texts carry every language with its tag: `lang` does not filter them.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

import orjson
from django.utils import timezone

from opensit.catalog.types import TYPES, datatourisme_classes
from opensit.core.licences import licence_code
from opensit.formats import jsonld_parts as parts
from opensit.formats.jsonld_context import CONTEXT
from opensit.formats.jsonld_parts import RECURRENCE_LIMIT, SCHEMA_DAYS, lang_map, periods
from opensit.formats.public import as_public_form
from opensit.formats.safety import RenderReport, each_rendered
from opensit.formats.vocabulary import Vocabulary, load_vocabulary, term

__all__ = ["RECURRENCE_LIMIT", "SCHEMA_DAYS", "Concepts", "lang_map", "periods", "to_jsonld"]

OBJECT_IRI = "urn:opensit:object:"
WRITE_CHUNK = 1 << 20
"""Bytes of rendered objects gathered before a chunk is yielded (fewer, larger writes)."""
# Classes of catalog.types that the DATAtourisme core ontology (2020 flux) does not define: left
# out of the export, the type's ancestors' classes still place the object (a test keeps this
# list in step with the ontology).
NOT_IN_ONTOLOGY = frozenset({"SkiResort"})
MIME_INDIVIDUALS = {"image/jpeg": "kb:JPEG", "image/png": "kb:PNG", "application/pdf": "kb:PDF"}
# Capacities the ontology states as a quantity of a feature (`schema:value` of a
# FeatureSpecification), as the national flux does.
CAPACITY_FEATURES = {"rooms": "Bedroom", "seats": "Covers", "pitches": "Pitch"}


class Concepts:
    """Vocabulary codes as nodes (`{"@id": "kb:Wifi", "@type": ["Amenity"], ...}`), built once
    per code and class for a whole export. A code that is not the individual's local name
    (`apidae:1234`, or a catalog code mapped to another individual) says so with `opensit:code`;
    a code with no individual is a labelled node with `opensit:code` and no `@id`."""

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
            if entry.kb != code:
                node["opensit:code"] = code
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


def _place(document: dict[str, Any]) -> dict[str, Any]:
    location = document.get("location", {})
    place: dict[str, Any] = {"@type": ["schema:Place", "Place"]}
    if location.get("place_name"):
        place["rdfs:label"] = lang_map(location["place_name"])
    address = _address(location)
    if address:
        place["schema:address"] = [address]
    if location.get("latitude") is not None and location.get("longitude") is not None:
        geo: dict[str, Any] = {
            "@type": ["schema:GeoCoordinates"],
            "schema:latitude": str(location["latitude"]),
            "schema:longitude": str(location["longitude"]),
        }
        place["schema:geo"] = geo
    if location.get("altitude") is not None:
        place["opensit:altitude"] = location["altitude"]
    if location.get("access"):
        place["opensit:access"] = lang_map(location["access"])
    if location.get("country", "FR") != "FR":
        place["opensit:country"] = location["country"]
    if location.get("geometry"):
        place["opensit:geometry"] = location["geometry"]
    parts.opening(place, document.get("opening", {}))
    if document.get("pets_allowed") is not None:
        place["petsAllowed"] = document["pets_allowed"]
    return place


def _representation(medium: dict[str, Any]) -> dict[str, Any]:
    annotation: dict[str, Any] = {"@type": ["ebucore:Annotation", "Annotation"]}
    if medium.get("title"):
        annotation["ebucore:title"] = lang_map(medium["title"])
    if medium.get("description"):
        annotation["opensit:description"] = lang_map(medium["description"])
    if medium.get("credit"):
        annotation["credits"] = [medium["credit"]]
    code = licence_code(medium.get("licence"))
    if code:
        # The licence code (`cc-by-4.0`), as the catalog knows it: an importer gets back a
        # licence that `is_open` recognises. Its URL is in docs/formats.md.
        annotation["ebucore:isCoveredBy"] = code
    if medium.get("publication_end"):
        annotation["rightsEndDate"] = medium["publication_end"]
    if medium.get("rights"):
        annotation["opensit:rights"] = medium["rights"]
    if medium.get("licence_origin"):
        annotation["opensit:licenceOrigin"] = medium["licence_origin"]
    resource: dict[str, Any] = {"@type": ["ebucore:Resource"], "ebucore:locator": [medium["url"]]}
    mime = medium.get("mime_type", "")
    if mime in MIME_INDIVIDUALS:
        resource["ebucore:hasMimeType"] = [
            {"@id": MIME_INDIVIDUALS[mime], "@type": ["ebucore:MimeType"]}
        ]
    elif mime:
        resource["opensit:mimeType"] = mime
    for key in ("width", "height"):
        if medium.get(key):
            resource[f"opensit:{key}"] = medium[key]
    node: dict[str, Any] = {
        "@type": ["ebucore:EditorialObject"],
        "ebucore:hasAnnotation": [annotation],
        "ebucore:hasRelatedResource": [resource],
        "opensit:kind": medium["kind"],
    }
    if medium.get("main"):
        node["opensit:main"] = True
    return node


def _media(node: dict[str, Any], media: list[dict[str, Any]]) -> None:
    """Every medium in `hasRepresentation` (in order), the main one (else the first) also in
    `hasMainRepresentation` as DATAtourisme consumers expect."""
    if not media:
        return
    main = next((m for m in media if m.get("main")), media[0])
    node["hasMainRepresentation"] = [_representation(main)]
    node["hasRepresentation"] = [_representation(m) for m in media]


def _features(document: dict[str, Any], concept: Concepts) -> list[dict[str, Any]]:
    specs = []
    if document.get("amenities"):
        features = [concept(c, "Amenity") for c in document["amenities"]]
        specs.append(
            {"@type": ["schema:PropertyValue", "FeatureSpecification"], "features": features}
        )
    capacity = document.get("capacity") or {}
    for field, code in CAPACITY_FEATURES.items():
        if capacity.get(field) is not None:
            specs.append(
                {
                    "@type": ["schema:PropertyValue", "FeatureSpecification"],
                    "features": [{"@id": f"kb:{code}", "@type": ["Amenity"]}],
                    "schema:value": str(capacity[field]),
                }
            )
    return specs


def _reviews(document: dict[str, Any], concept: Concepts) -> list[dict[str, Any]]:
    values = [concept(c, "LabelRating") for c in document.get("labels", [])]
    values += [concept(c, "ScaleRating") for c in document.get("classifications", [])]
    return [{"@type": ["Review"], "hasReviewValue": value} for value in values]


def _texts(node: dict[str, Any], doc: dict[str, Any]) -> None:
    if doc.get("short_description") or doc.get("description"):
        description: dict[str, Any] = {"@type": ["Description"]}
        if doc.get("short_description"):
            description["shortDescription"] = lang_map(doc["short_description"])
        if doc.get("description"):
            description["dc:description"] = lang_map(doc["description"])
        node["hasDescription"] = [description]
    if doc.get("practical_info"):
        node["opensit:practicalInfo"] = lang_map(doc["practical_info"])


def _aspect(name: str, aspect: dict[str, Any], concept: Concepts, today: date) -> dict[str, Any]:
    """One aspect (winter, groups...) with the same terms as the object's own parts."""
    node: dict[str, Any] = {"opensit:aspectName": name}
    _texts(node, aspect)
    _media(node, aspect.get("media", []))  # the public form's: diffusable ones only
    node.pop("hasMainRepresentation", None)
    if aspect.get("opening") is not None:
        node["opensit:opening"] = {}
        parts.opening(node["opensit:opening"], aspect["opening"])
    if aspect.get("prices"):
        node["offers"] = [parts.offer({"prices": aspect["prices"]}, concept)]
    return node


def _source(node: dict[str, Any], doc: dict[str, Any]) -> None:
    """`lastUpdate` is the source's own update date (a date, as in the flux); the exact time,
    and our own (`updated_at`, when OpenSIT last changed the object), are `opensit:updatedAt`
    of the source node and of the object."""
    source = doc.get("source") or {}
    if source:
        ours: dict[str, Any] = {"opensit:system": source["system"], "opensit:id": source["id"]}
        if source.get("url"):
            ours["opensit:url"] = source["url"]
        if source.get("updated_at"):
            ours["opensit:updatedAt"] = source["updated_at"]
            node["lastUpdate"] = source["updated_at"][:10]
        node["opensit:source"] = ours
        if source.get("publisher"):
            node["hasBeenPublishedBy"] = [
                {"@type": ["foaf:Agent", "Agent"], "schema:legalName": source["publisher"]}
            ]
    if doc.get("created_at"):
        node["creationDate"] = doc["created_at"][:10]
        node["opensit:createdAt"] = doc["created_at"]
    if doc.get("updated_at"):
        node["opensit:updatedAt"] = doc["updated_at"]


def _contacts(node: dict[str, Any], doc: dict[str, Any]) -> None:
    for prop, agent in parts.contact_agents(doc.get("contacts", [])):
        node.setdefault(prop, []).append(agent)
    agent, ours = parts.booking(doc)
    if agent:
        node.setdefault("hasBookingContact", []).append(agent)
    if ours:
        node["opensit:booking"] = ours


def _codes(node: dict[str, Any], doc: dict[str, Any], concept: Concepts) -> None:
    features = _features(doc, concept)
    if features:
        node["hasFeature"] = features
    accessibility = doc.get("accessibility", [])
    if "ReducedMobilityAccess" in accessibility:
        node["reducedMobilityAccess"] = True
    if accessibility:
        node["opensit:accessibility"] = [concept(c, "Amenity") for c in accessibility]
    if doc.get("themes"):
        node["hasTheme"] = [concept(c, "Theme") for c in doc["themes"]]
    reviews = _reviews(doc, concept)
    if reviews:
        node["hasReview"] = reviews


def to_jsonld(
    document: dict[str, Any], vocabulary: Vocabulary | Concepts, today: date | None = None
) -> dict[str, Any]:
    """One object of the graph, from a stored or public document (private data dropped)."""
    concept = vocabulary if isinstance(vocabulary, Concepts) else Concepts(vocabulary)
    today = today or timezone.localdate()
    doc = as_public_form(document, today)
    source = doc.get("source") or {}
    node: dict[str, Any] = {
        "@id": f"{OBJECT_IRI}{doc.get('id', '')}",
        "@type": classes_of(doc),
        "dc:identifier": source.get("id") or doc.get("id", ""),
        "rdfs:label": lang_map(doc.get("name")),
        "opensit:type": doc.get("type", ""),
    }
    if doc.get("classes"):
        node["opensit:classes"] = list(doc["classes"])
    if doc.get("licence"):
        node["opensit:licence"] = licence_code(doc["licence"])
    if doc.get("short_description"):
        node["rdfs:comment"] = lang_map(doc["short_description"])
    _texts(node, doc)
    node["isLocatedAt"] = [_place(doc)]
    if doc.get("event") is not None:
        node["takesPlaceAt"] = periods(doc["event"], marked=True)
        rules = parts.recurrences(doc["event"])
        if rules:
            node["opensit:recurrence"] = rules
    offer = parts.offer(doc.get("pricing", {}), concept)
    if offer:
        node["offers"] = [offer]
    _contacts(node, doc)
    _codes(node, doc, concept)
    _media(node, doc.get("media", []))
    if doc.get("languages"):
        node["availableLanguage"] = list(doc["languages"])
    capacity = doc.get("capacity") or {}
    if capacity.get("persons") is not None:
        node["allowedPersons"] = capacity["persons"]
    for field in ("beds", "units"):
        if capacity.get(field) is not None:
            node[f"opensit:{field}"] = capacity[field]
    if doc.get("links"):
        node["opensit:link"] = [_link(link) for link in doc["links"]]
    if doc.get("aspects"):
        node["opensit:aspect"] = [
            _aspect(name, aspect, concept, today) for name, aspect in doc["aspects"].items()
        ]
    _source(node, doc)
    return node


def _link(link: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"opensit:kind": link["kind"], "opensit:target": link["target"]}
    if link.get("order") is not None:
        node["opensit:order"] = link["order"]
    if link.get("label"):
        node["opensit:label"] = lang_map(link["label"])
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
        if report is not None:
            report.wrote()
        parts.append(separator + chunk)
        separator = b","
        size += len(chunk)
        if size >= WRITE_CHUNK:
            yield b"".join(parts)
            parts, size = [], 0
    parts.append(b"]}\n")
    yield b"".join(parts)
