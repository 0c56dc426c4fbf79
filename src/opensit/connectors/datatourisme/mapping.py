"""One DATAtourisme record (JSON-LD, compacted with the flux context) to a TourismDocument.

Every top-level key is either mapped to a canonical field, kept in `extra` under its own name
(deliberately, see KEPT_IN_EXTRA), or reported as unknown and kept in `extra` as well: nothing
is dropped. Vocabulary values met on the way are collected as entries to register.
"""

import re
from datetime import UTC, datetime, time
from typing import Any

from opensit.catalog.document import TourismDocument
from opensit.catalog.document.values import language_code
from opensit.catalog.types import type_for_datatourisme
from opensit.catalog.vocabularies import Entry
from opensit.connectors.base import RecordReport
from opensit.connectors.datatourisme import extension, schedule
from opensit.connectors.datatourisme.classes import CLASS_TYPES
from opensit.connectors.datatourisme.offer import map_features, map_offers, map_reviews
from opensit.connectors.datatourisme.values import (
    as_list,
    first,
    parse_date,
    parse_datetime,
    text,
)
from opensit.connectors.datatourisme.vocabulary import (
    PROPERTY_SCHEMES,
    REDUCED_MOBILITY,
    entry_for,
    is_kb_ref,
    lang_labels,
    local_name,
)
from opensit.core.licences import recognise

SYSTEM = "datatourisme"
INSEE = re.compile(r"\d[\dAB]\d{3}")
DATA_PREFIX = "https://data.datatourisme.gouv.fr/"

MAPPED = {
    "@id", "@type", "@context", "rdfs:label", "rdfs:comment", "hasDescription", "isLocatedAt",
    "hasContact", "hasBookingContact", "offers", "hasFeature", "hasReview", "availableLanguage",
    "reducedMobilityAccess", "allowedPersons", "takesPlaceAt", "schema:startDate",
    "schema:endDate", "hasMainRepresentation", "hasRepresentation", "lastUpdate",
    "lastUpdateDatatourisme", "hasBeenPublishedBy", "creationDate", "dc:identifier",
    *PROPERTY_SCHEMES,
}  # fmt: skip
# Known keys with no canonical field: kept in `extra` under their name, compacted.
KEPT_IN_EXTRA = {
    "hasBeenCreatedBy", "isOwnedBy", "COVID19InOperationConfirmed", "COVID19SpecialMeasures",
    "COVID19OpeningPeriodsConfirmed", "takeAway", "tourDistance", "highDifference",
    "hasFloorSize",
}  # fmt: skip
# Parts of a contact agent with no canonical field: kept in extra["contacts"].
CONTACT_EXTRA = ("schema:address", "foaf:title", "schema:givenName", "schema:familyName")
PLACE_KEYS = {
    "@id", "@type", "schema:address", "schema:geo", "schema:openingHoursSpecification",
    "schema:openingHours",
    "petsAllowed", "internetAccess", "altInsee",
}  # fmt: skip
# Theme-like properties that are also filters of their own: their codes stay listed in `extra`.
PROPERTIES_IN_EXTRA = {"hasAudience", "hasGeographicReach", "hasClientTarget"}

LANGUAGE_NAMES = {
    "français": "fr", "anglais": "en", "espagnol": "es", "allemand": "de", "italien": "it",
    "néerlandais": "nl", "portugais": "pt", "japonais": "ja", "russe": "ru", "chinois": "zh",
    "arabe": "ar", "polonais": "pl", "breton": "br",
}  # fmt: skip
LANGUAGE_LABELS = {
    "fr": ("Français", "French"), "en": ("Anglais", "English"), "es": ("Espagnol", "Spanish"),
    "de": ("Allemand", "German"), "it": ("Italien", "Italian"), "nl": ("Néerlandais", "Dutch"),
    "pt": ("Portugais", "Portuguese"), "ru": ("Russe", "Russian"), "ar": ("Arabe", "Arabic"),
    "pl": ("Polonais", "Polish"), "zh": ("Chinois", "Chinese"), "ja": ("Japonais", "Japanese"),
    "hu": ("Hongrois", "Hungarian"), "ro": ("Roumain", "Romanian"), "cs": ("Tchèque", "Czech"),
    "br": ("Breton", "Breton"),
}  # fmt: skip


def compact(value: Any, entries: list[Entry] | None = None) -> Any:
    """Source data made small for `extra`: kb values to their code (registering the entry),
    language maps to LangText, DATAtourisme node ids dropped."""
    if isinstance(value, list):
        items = [compact(v, entries) for v in value]
        return items[0] if len(items) == 1 else items
    if not isinstance(value, dict):
        return value
    if is_kb_ref(value):
        if entries is not None and value.get("rdfs:label"):
            entries.append(entry_for(value, "other"))
        return local_name(value["@id"])
    if (
        value
        and all(isinstance(v, list) and len(k) <= 5 for k, v in value.items())
        and all(k[:2].isalpha() and k[:2].islower() for k in value)
    ):
        return lang_labels(value)
    # Node ids of DATAtourisme blank-like nodes mean nothing outside it, unless they are all
    # the node holds (a reference).
    reference_only = set(value) <= {"@id", "@type"}
    return {
        k: compact(v, entries)
        for k, v in value.items()
        if (reference_only and k == "@id")
        or (not (k == "@id" and str(v).startswith(DATA_PREFIX)) and k != "@type")
    }


class Mapper:
    """Maps one record; holds the record's report and the entries it met."""

    def __init__(self, payload: dict[str, Any], report: RecordReport) -> None:
        self.payload = payload
        self.report = report
        self.entries: list[Entry] = []
        self.extra: dict[str, Any] = {}

    def warn(self, field: str, message: str) -> None:
        self.report.warn(field, message)

    def codes(self, nodes: Any, scheme: str) -> list[str]:
        out = []
        for node in as_list(nodes):
            if is_kb_ref(node):
                entry = entry_for(node, scheme)
                self.entries.append(entry)
                out.append(entry.code)
        return out

    def safely(self, field: str, parse, value: Any) -> Any:
        """A parsed value, or None with a warning naming the field (the record goes on)."""
        try:
            return parse(value)
        except (TypeError, ValueError) as exc:
            self.warn(field, f"invalid value {value!r}: {exc}")
            return None

    # -- the whole record -----------------------------------------------------------------------

    def document(self) -> TourismDocument:
        p = self.payload
        classes = [str(c) for c in as_list(p.get("@type"))]
        doc: dict[str, Any] = {
            "type": type_for_datatourisme(classes, CLASS_TYPES),
            "classes": [c for c in classes if not c.startswith(("schema:", "olo:"))],
            "source": self.source(),
            "name": lang_labels(p.get("rdfs:label")),
            # explicit empty parts: cheaper than Pydantic deep-copying the model defaults
            "location": {},
            "opening": {},
            "booking": {},
            "private": {},
        }
        created = self.safely("creationDate", parse_date, p.get("creationDate"))
        if created:
            doc["created_at"] = datetime.combine(created, time(), tzinfo=UTC)
        self.texts(doc)
        self.location(doc)
        self.contacts(doc)
        event = schedule.event_dates(self, p)
        if event is not None:
            doc["event"] = event
        self.opening_summary(doc)
        doc["pricing"] = map_offers(self, as_list(p.get("offers")))
        self.offer(doc)
        doc["media"] = self.media()
        self.links(doc)
        self.leftovers()
        doc["extra"] = self.extra
        return TourismDocument.model_validate(doc)  # the engine validates leniently

    def source(self) -> dict[str, Any]:
        """Provenance: `lastUpdate` is the source's own update date (its SIT's); the date
        DATAtourisme stored it (`lastUpdateDatatourisme`) stays in `extra`."""
        p = self.payload
        publishers = [n for n in as_list(p.get("hasBeenPublishedBy")) if isinstance(n, dict)]
        # a publisher without a name is named by its address (some SITs send only an email)
        names = [
            agent_name(n) or text(n.get("schema:email")) or text(n.get("foaf:homepage"))
            for n in publishers
        ]
        source: dict[str, Any] = {
            "system": SYSTEM,
            "id": p["@id"],
            "url": p["@id"] if str(p["@id"]).startswith("http") else "",
            "publisher": next((n for n in names if n), ""),
        }
        updated = first(p.get("lastUpdate")) or first(p.get("lastUpdateDatatourisme"))
        if updated:
            key = "lastUpdate" if p.get("lastUpdate") else "lastUpdateDatatourisme"
            source["updated_at"] = self.safely(key, parse_datetime, updated)
        for key in ("dc:identifier", "lastUpdateDatatourisme"):
            if p.get(key):
                self.extra[key] = p[key]
        if len(publishers) > 1 or any(
            set(n) - {"@id", "@type", "schema:legalName", "rdfs:label", "foaf:name"}
            for n in publishers
        ):
            self.extra["hasBeenPublishedBy"] = compact(publishers, self.entries)
        return source

    def texts(self, doc: dict[str, Any]) -> None:
        p = self.payload
        comment = lang_labels(p.get("rdfs:comment"))
        descriptions = [d for d in as_list(p.get("hasDescription")) if isinstance(d, dict)]
        main = next((d for d in descriptions if not d.get("isDedicatedTo")), None)
        main = main or (descriptions[0] if descriptions else None)
        short = lang_labels(main.get("shortDescription")) if main else {}
        doc["short_description"] = short or comment
        if main:
            doc["description"] = lang_labels(main.get("dc:description"))
        if comment and short and comment != short:
            self.extra["rdfs:comment"] = comment
        others = [d for d in descriptions if d is not main]
        if main and main.get("isDedicatedTo"):
            self.extra["hasDescription.isDedicatedTo"] = self.codes(main["isDedicatedTo"], "other")
        if others:
            self.extra["hasDescription"] = compact(others, self.entries)

    def location(self, doc: dict[str, Any]) -> None:
        places = [pl for pl in as_list(self.payload.get("isLocatedAt")) if isinstance(pl, dict)]
        if not places:
            return
        place = places[0]
        loc: dict[str, Any] = {}
        address = first(place.get("schema:address")) or {}
        loc["address_lines"] = [str(s) for s in as_list(address.get("schema:streetAddress"))]
        loc["postal_code"] = text(address.get("schema:postalCode"))
        city = first(address.get("hasAddressCity")) or {}
        insee = text(city.get("insee"))
        city_name = lang_labels(city.get("rdfs:label")).get("fr", "")
        if INSEE.fullmatch(insee):
            loc["commune"] = {"insee": insee, "name": city_name}
        elif insee:
            self.warn("hasAddressCity.insee", f"invalid INSEE code {insee!r}, kept in extra")
            self.extra["hasAddressCity.insee"] = insee
        locality = text(address.get("schema:addressLocality"))
        if locality and locality != city_name:
            self.extra["schema:addressLocality"] = locality
        if len(as_list(address.get("hasAddressCity"))) > 1:
            self.extra["hasAddressCity"] = compact(address["hasAddressCity"][1:])
        geo = place.get("schema:geo") or {}
        lat = self.safely("schema:geo.schema:latitude", float, geo.get("schema:latitude"))
        lon = self.safely("schema:geo.schema:longitude", float, geo.get("schema:longitude"))
        if lat is not None and lon is not None:
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                loc["latitude"], loc["longitude"] = lat, lon
            else:
                self.warn("schema:geo", f"coordinates out of range: {lat}, {lon}")
        doc["location"] = loc
        doc["opening"] = schedule.opening(
            self, as_list(place.get("schema:openingHoursSpecification"))
        )
        if "petsAllowed" in place:
            doc["pets_allowed"] = bool(place["petsAllowed"])
        for key in ("internetAccess", "altInsee"):
            if key in place:
                self.extra[f"isLocatedAt.{key}"] = place[key]
        known = PLACE_KEYS
        for key in sorted(set(place) - known):
            self.report.unknown(f"isLocatedAt.{key}")
            self.extra[f"isLocatedAt.{key}"] = compact(place[key], self.entries)
        if len(places) > 1:
            self.extra["isLocatedAt"] = compact(places[1:], self.entries)

    def opening_summary(self, doc: dict[str, Any]) -> None:
        """Free texts about opening: the place's `schema:openingHours`, the `openingDetails`
        of the event's Periods, beside those of the text specifications (schedule.opening)."""
        texts = [doc["opening"].get("summary") or {}]
        for place in as_list(self.payload.get("isLocatedAt"))[:1]:
            if isinstance(place, dict):
                hours = place.get("schema:openingHours")
                texts.append(lang_labels(hours) if isinstance(hours, dict) else {})
                if isinstance(hours, str | list) and text(hours):
                    texts.append({"fr": text(hours)})
        for period in as_list(self.payload.get("takesPlaceAt")):
            if isinstance(period, dict):
                texts.append(schedule.opening_texts(period))
        summary = schedule.join_texts([t for t in texts if t])
        if summary:
            doc["opening"] = {**doc["opening"], "summary": summary}

    def contacts(self, doc: dict[str, Any]) -> None:
        """`hasContact` (role main) and `hasBookingContact` (role booking, and `booking`).
        In the flux the booking agent is most often one of the contacts, repeated: a value
        already listed is not listed again (its first role stays)."""
        contacts: list[dict[str, Any]] = []
        listed: set[tuple[str, str]] = set()
        addresses = []
        booking: dict[str, Any] = {}
        for key, role in (("hasContact", "main"), ("hasBookingContact", "booking")):
            for agent in as_list(self.payload.get(key)):
                if not isinstance(agent, dict):
                    continue
                label = agent_name(agent)
                for prop, kind in (
                    ("schema:telephone", "phone"),
                    ("schema:email", "email"),
                    ("foaf:homepage", "website"),
                    ("schema:faxNumber", "fax"),
                ):
                    for value in as_list(agent.get(prop)):
                        value = str(value).strip()
                        if value and (kind, value) not in listed:
                            listed.add((kind, value))
                            contacts.append(
                                {"kind": kind, "value": value, "role": role, "label": label}
                            )
                if role == "booking" and not booking:
                    booking = {
                        "url": text(first(agent.get("foaf:homepage"))),
                        "email": text(first(agent.get("schema:email"))),
                        "phone": text(first(agent.get("schema:telephone"))),
                        "organisation": label,
                    }
                rest = {k: v for k, v in agent.items() if k in CONTACT_EXTRA}
                if rest:
                    addresses.append({"role": role, "label": label, **compact(rest, self.entries)})
        doc["contacts"] = contacts
        if booking:
            doc["booking"] = booking
        if addresses:
            self.extra["contacts"] = addresses

    def offer(self, doc: dict[str, Any]) -> None:
        p = self.payload
        amenities, features_access, capacity, pets = map_features(
            self, as_list(p.get("hasFeature"))
        )
        doc["amenities"] = amenities
        if pets is not None and "pets_allowed" not in doc:
            doc["pets_allowed"] = pets
        persons = p.get("allowedPersons")
        if persons is not None:
            value = self.safely("allowedPersons", lambda v: int(float(first(v))), persons)
            if value is not None and value >= 0:
                capacity["persons"] = value
            elif value is not None:
                self.warn("allowedPersons", f"negative capacity {value}, ignored")
        doc["capacity"] = capacity
        labels, classifications = map_reviews(self, as_list(p.get("hasReview")))
        doc["labels"], doc["classifications"] = labels, classifications
        accessibility = [c for c in labels if c.startswith("LabelRating_TourismeHandicap")]
        accessibility += [c for c in features_access if c not in accessibility]
        if p.get("reducedMobilityAccess") is True and REDUCED_MOBILITY.code not in accessibility:
            accessibility.insert(0, REDUCED_MOBILITY.code)
            self.entries.append(REDUCED_MOBILITY)
        elif "reducedMobilityAccess" in p:
            self.extra["reducedMobilityAccess"] = p["reducedMobilityAccess"]
        doc["accessibility"] = accessibility
        themes: list[str] = []
        for prop, scheme in PROPERTY_SCHEMES.items():
            if prop not in p:
                continue
            codes = self.codes(p[prop], scheme)
            if prop in PROPERTIES_IN_EXTRA:
                self.extra[prop] = codes
            else:
                themes.extend(c for c in codes if c not in themes)
        doc["themes"] = themes
        doc["languages"] = self.languages(as_list(p.get("availableLanguage")))

    def languages(self, values: list[Any]) -> list[str]:
        """BCP 47 tags (`en`, `en-GB`, `zh-Hant`), or French names (`Anglais`); an unknown
        value gives a warning and stays in `extra`."""
        out, unknown = [], []
        for value in values:
            raw = str(value).strip()
            code = language_code(LANGUAGE_NAMES.get(raw.lower(), raw))
            if code is None:
                unknown.append(raw)
            elif code not in out:
                out.append(code)
                fr, en = LANGUAGE_LABELS.get(code.split("-")[0], (code, code))
                if "-" in code and code.split("-")[0] in LANGUAGE_LABELS:
                    fr, en = f"{fr} ({code})", f"{en} ({code})"
                self.entries.append(Entry("language", code, {"fr": fr, "en": en}))
        if unknown:
            self.extra["availableLanguage"] = unknown
            self.warn("availableLanguage", f"unknown language {unknown[0]!r}, kept in extra")
        return out

    def media(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: dict[str, dict[str, Any]] = {}
        rights_start: dict[str, str] = {}
        for key, main in (("hasMainRepresentation", True), ("hasRepresentation", False)):
            for obj in as_list(self.payload.get(key)):
                if not isinstance(obj, dict):
                    continue
                for resource in as_list(obj.get("ebucore:hasRelatedResource")):
                    url = text(first(resource.get("ebucore:locator")))
                    if not url:
                        self.warn(key, "a representation has no ebucore:locator, skipped")
                        continue
                    if url in seen:
                        continue
                    item = self.medium(obj, resource, url, main, rights_start)
                    seen[url] = item
                    out.append(item)
        if rights_start:
            self.extra["media.rightsStartDate"] = rights_start
        return out

    def medium(
        self, obj: dict, resource: dict, url: str, main: bool, rights_start: dict[str, str]
    ) -> dict[str, Any]:
        mime_node = first(resource.get("ebucore:hasMimeType")) or {}
        mime = text(first(mime_node.get("rdfs:label"))) if isinstance(mime_node, dict) else ""
        item: dict[str, Any] = {"kind": media_kind(mime, url), "url": url, "main": main}
        if mime:
            item["mime_type"] = mime
        annotation = first(obj.get("ebucore:hasAnnotation")) or {}
        item["title"] = lang_labels(annotation.get("ebucore:title"))
        item["description"] = lang_labels(annotation.get("ebucore:description"))
        item["credit"] = text(annotation.get("credits"))
        item["licence"] = media_licence(annotation.get("ebucore:isCoveredBy"))
        end = self.safely("rightsEndDate", parse_date, annotation.get("rightsEndDate"))
        if end:
            item["publication_end"] = end
        if annotation.get("rightsStartDate"):
            rights_start[url] = text(annotation["rightsStartDate"])
        return item

    def links(self, doc: dict[str, Any]) -> None:
        """Values of unmapped keys that are other points of interest become links."""
        links = []
        for key, value in self.payload.items():
            if key in MAPPED or key in KEPT_IN_EXTRA:
                continue
            for node in as_list(value):
                types = as_list(node.get("@type")) if isinstance(node, dict) else []
                if "PointOfInterest" in types and str(node.get("@id", "")).startswith("http"):
                    links.append({"kind": key, "target": f"{SYSTEM}:{node['@id']}"})
        doc["links"] = links

    def leftovers(self) -> None:
        for key, value in self.payload.items():
            if key in MAPPED:
                continue
            if key not in KEPT_IN_EXTRA:
                self.report.unknown(key)
            self.extra[key] = compact(value, self.entries)


def agent_name(agent: dict[str, Any]) -> str:
    """The name of a contact or publisher: its legal name, else its label or foaf:name, else
    a person's title and names."""
    for key in ("schema:legalName", "rdfs:label", "foaf:name", "schema:name"):
        name = text(agent.get(key))
        if name:
            return name
    parts = [text(agent.get(k)) for k in ("foaf:title", "schema:givenName", "schema:familyName")]
    return " ".join(p for p in parts if p)


def media_kind(mime: str, url: str) -> str:
    lowered = (mime or url).lower()
    if lowered.startswith("image/") or lowered.endswith((".jpg", ".jpeg", ".png", ".gif")):
        return "image"
    if "gpx" in lowered or "kml" in lowered:
        return "trace"
    if lowered.startswith("video/"):
        return "video"
    if lowered.startswith("audio/"):
        return "audio"
    if "pdf" in lowered or lowered.startswith(("text/", "application/")):
        return "document"
    return "link"


def map_record(
    payload: dict[str, Any], report: RecordReport
) -> tuple[TourismDocument, list[Entry]]:
    ours = extension.terms(payload)  # an OpenSIT export: its opensit: terms read apart
    mapper = Mapper(ours.plain if ours else payload, report)
    document = mapper.document()
    return (ours.apply(document, mapper) if ours else document), mapper.entries


def media_licence(covered_by: object) -> str:
    """`ebucore:isCoveredBy` as the producer wrote it: a rights flag in the SIT exports ("oui":
    it holds the diffusion rights, `source-rights`; "non": `no-diffusion-rights`) or a licence
    ("CC BY 2.5", "By-NC-ND 4.0", a licence URL), read by `core.licences.recognise`. What it
    does not recognise is kept as written: the document keeps it as the medium's rights
    statement, and the import applies the source's media policy (`connectors.media_policy`)."""
    value = text(covered_by).strip()
    return recognise(value) or value
