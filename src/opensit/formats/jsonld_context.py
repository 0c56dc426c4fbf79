"""The JSON-LD @context of the DATAtourisme export, and the OpenSIT extension context.

Its prefixes and term definitions are those of the DATAtourisme flux context (`context.jsonld`
of a flux archive) for every ontology term OpenSIT writes, so a document reads the same under
either context (a test checks the two graphs are isomorphic). What the DATAtourisme ontology has
no term for is written with `opensit:` terms, defined in OPENSIT_CONTEXT: that context is
versioned (`/v1`) and shipped as a static file (OPENSIT_CONTEXT_PATH), so a consumer can fetch
it by a stable address; the export inlines it so that a file is self-contained.
"""

from typing import Any

CORE = "https://www.datatourisme.gouv.fr/ontology/core#"
KB = "https://www.datatourisme.gouv.fr/resource/core#"
OPENSIT = "https://opensit.org/ns/v1#"
"""Namespace of the `opensit:` terms. A new, incompatible meaning gets a new version."""
OPENSIT_CONTEXT_PATH = "formats/jsonld/opensit-context-v1.jsonld"
"""Where the context document is shipped, relative to STATIC_URL (`/static/...`)."""

LANG_MAP = {"@type": "rdf:langString", "@container": "@language"}
_STRING = {"@type": "xsd:string"}
_DATE = {"@type": "xsd:date"}
_DATE_TIME = {"@type": "xsd:dateTime"}
_TIME = {"@type": "xsd:time"}
_INTEGER = {"@type": "xsd:integer"}
_BOOLEAN = {"@type": "xsd:boolean"}


def _opensit(name: str, definition: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"@id": f"opensit:{name}", **(definition or {})}


# Terms of the OpenSIT extension: only what the DATAtourisme ontology has no term for.
OPENSIT_TERMS: dict[str, dict[str, Any]] = {
    # identity and dates
    "opensit:type": _STRING,  # the OpenSIT type code (hotel, festival...)
    "opensit:classes": _STRING,  # the source classes the document keeps, in order
    "opensit:source": {},  # where the object comes from (node)
    "opensit:system": _STRING,
    "opensit:id": _STRING,
    "opensit:url": {"@type": "xsd:anyURI"},
    "opensit:updatedAt": _DATE_TIME,  # of its node: the object in OpenSIT, or the source
    "opensit:createdAt": _DATE_TIME,
    "opensit:licence": _STRING,  # licence code of the object's data (etalab-2.0...)
    "opensit:code": _STRING,  # a vocabulary code, when it is not the kb: local name
    # texts and aspects
    "opensit:practicalInfo": LANG_MAP,
    "opensit:aspect": {},
    "opensit:aspectName": _STRING,  # winter, summer, groups, accessibility, business
    # place
    "opensit:access": LANG_MAP,
    "opensit:altitude": {"@type": "xsd:decimal"},
    "opensit:country": _STRING,
    "opensit:geometry": {"@type": "@json"},
    # opening
    "opensit:opening": {},
    "opensit:period": _INTEGER,  # the index of the opening period a specification belongs to
    "opensit:exceptional": _BOOLEAN,
    "opensit:yearly": _BOOLEAN,
    "opensit:closedHoursSpecification": {},
    "opensit:closure": {},
    "opensit:date": _DATE,
    "opensit:holiday": _STRING,
    "opensit:reason": LANG_MAP,
    "opensit:openingSummary": LANG_MAP,
    # event dates
    "opensit:fromRecurrence": _BOOLEAN,
    "opensit:singleDay": _BOOLEAN,
    "opensit:recurrence": {},
    "opensit:startDate": _DATE,
    "opensit:rrule": _STRING,
    "opensit:startTime": _TIME,
    "opensit:endTime": _TIME,
    "opensit:exceptDate": _DATE,
    # offer
    "opensit:free": _BOOLEAN,
    "opensit:implied": _BOOLEAN,
    "opensit:summary": LANG_MAP,
    "opensit:accessibility": {},
    "opensit:beds": _INTEGER,
    "opensit:units": _INTEGER,
    # contacts and booking
    "opensit:position": _INTEGER,  # the index of an agent's first contact in the list
    "opensit:kinds": {"@type": "xsd:string", "@container": "@list"},
    "opensit:role": _STRING,
    "opensit:booking": {},
    "opensit:email": _STRING,
    "opensit:phone": _STRING,
    "opensit:organisation": _STRING,
    "opensit:notes": LANG_MAP,
    # media and links
    "opensit:kind": _STRING,
    "opensit:main": _BOOLEAN,
    "opensit:mimeType": _STRING,
    "opensit:description": LANG_MAP,  # of a medium
    "opensit:rights": _STRING,  # the rights statement as the source wrote it
    "opensit:licenceOrigin": _STRING,  # source, or policy (the source's media policy)
    "opensit:width": _INTEGER,
    "opensit:height": _INTEGER,
    "opensit:link": {},
    "opensit:target": _STRING,
    "opensit:order": _INTEGER,
    "opensit:label": LANG_MAP,
}

OPENSIT_CONTEXT: dict[str, Any] = {
    "@context": {
        "opensit": OPENSIT,
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        **{
            term.removeprefix("opensit:"): _opensit(term[8:], d)
            for term, d in OPENSIT_TERMS.items()
        },
    }
}
"""The published context document (OPENSIT_CONTEXT_PATH): short names for the same IRIs."""

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
    "opensit": OPENSIT,
    "rdfs:label": LANG_MAP,
    "rdfs:comment": LANG_MAP,
    "dc:description": LANG_MAP,
    "shortDescription": LANG_MAP,
    "name": LANG_MAP,
    "additionalInformation": LANG_MAP,
    "ebucore:title": LANG_MAP,
    "dc:identifier": _STRING,
    "lastUpdate": _DATE,
    "creationDate": _DATE,
    "startDate": _DATE,
    "endDate": _DATE,
    "startTime": _TIME,
    "endTime": _TIME,
    "insee": _STRING,
    "schema:streetAddress": _STRING,
    "schema:postalCode": _STRING,
    "schema:addressLocality": _STRING,
    "schema:latitude": {"@type": "xsd:decimal"},
    "schema:longitude": {"@type": "xsd:decimal"},
    "schema:telephone": _STRING,
    "schema:faxNumber": _STRING,
    "schema:email": _STRING,
    "foaf:homepage": _STRING,
    "schema:legalName": _STRING,
    "schema:minPrice": {"@type": "xsd:decimal"},
    "schema:maxPrice": {"@type": "xsd:decimal"},
    "schema:priceCurrency": _STRING,
    "schema:validFrom": _DATE_TIME,
    "schema:validThrough": _DATE_TIME,
    "schema:opens": _TIME,
    "schema:closes": _TIME,
    "schema:value": {"@type": "xsd:decimal"},
    "petsAllowed": _BOOLEAN,
    "reducedMobilityAccess": _BOOLEAN,
    "allowedPersons": _INTEGER,
    "availableLanguage": _STRING,
    "credits": _STRING,
    "rightsEndDate": _DATE,
    "ebucore:isCoveredBy": _STRING,
    "ebucore:locator": {"@type": "xsd:anyURI"},
    **OPENSIT_TERMS,
}
