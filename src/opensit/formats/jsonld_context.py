"""The JSON-LD @context of the DATAtourisme export.

Its prefixes and term definitions are those of the DATAtourisme flux context (`context.jsonld`
of a flux archive) for every term OpenSIT writes, so a document reads the same under either
context (a test checks the two graphs are isomorphic).
"""

from typing import Any

CORE = "https://www.datatourisme.gouv.fr/ontology/core#"
KB = "https://www.datatourisme.gouv.fr/resource/core#"

LANG_MAP = {"@type": "rdf:langString", "@container": "@language"}

CONTEXT: dict[str, Any] = {
    "@vocab": CORE,
    "schema": "http://schema.org/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dct": "http://purl.org/dc/terms/",
    "kb": KB,
    "ebucore": "http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs:label": LANG_MAP,
    "rdfs:comment": LANG_MAP,
    "dc:description": LANG_MAP,
    "shortDescription": LANG_MAP,
    "ebucore:title": LANG_MAP,
    "ebucore:abstract": LANG_MAP,
    "dc:identifier": {"@type": "xsd:string"},
    "lastUpdate": {"@type": "xsd:date"},
    "creationDate": {"@type": "xsd:date"},
    "startDate": {"@type": "xsd:date"},
    "endDate": {"@type": "xsd:date"},
    "startTime": {"@type": "xsd:time"},
    "endTime": {"@type": "xsd:time"},
    "insee": {"@type": "xsd:string"},
    "schema:streetAddress": {"@type": "xsd:string"},
    "schema:postalCode": {"@type": "xsd:string"},
    "schema:addressLocality": {"@type": "xsd:string"},
    "schema:latitude": {"@type": "xsd:decimal"},
    "schema:longitude": {"@type": "xsd:decimal"},
    "schema:elevation": {"@type": "xsd:decimal"},
    "schema:telephone": {"@type": "xsd:string"},
    "schema:faxNumber": {"@type": "xsd:string"},
    "schema:email": {"@type": "xsd:string"},
    "foaf:homepage": {"@type": "xsd:string"},
    "schema:legalName": {"@type": "xsd:string"},
    "schema:minPrice": {"@type": "xsd:decimal"},
    "schema:maxPrice": {"@type": "xsd:decimal"},
    "schema:priceCurrency": {"@type": "xsd:string"},
    "schema:validFrom": {"@type": "xsd:dateTime"},
    "schema:validThrough": {"@type": "xsd:dateTime"},
    "schema:opens": {"@type": "xsd:time"},
    "schema:closes": {"@type": "xsd:time"},
    "petsAllowed": {"@type": "xsd:boolean"},
    "allowedPersons": {"@type": "xsd:integer"},
    "availableLanguage": {"@type": "xsd:string"},
    "credits": {"@type": "xsd:string"},
    "rightsEndDate": {"@type": "xsd:date"},
    "ebucore:isCoveredBy": {"@type": "xsd:string"},
    "ebucore:locator": {"@type": "xsd:anyURI"},
    "ebucore:width": {"@type": "xsd:decimal"},
    "ebucore:height": {"@type": "xsd:decimal"},
}
