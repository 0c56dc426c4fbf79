"""The `opensit:` terms of an OpenSIT JSON-LD export, read back by the DATAtourisme connector.

An OpenSIT export (formats/jsonld.py) is a DATAtourisme record plus `opensit:` terms for what
the ontology cannot say. The mapping reads the record without them (so they are neither
reported as unknown nor kept in `extra`), then `Extension.apply` sets the parts those terms
make exact: type and classes, source, contacts and booking, prices, opening periods and
closures, event rules, codes that are no DATAtourisme individual, media kinds, links, aspects.
A record with no `opensit:` term is left to the mapping alone.
"""

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from opensit.catalog.document import TourismDocument
from opensit.catalog.vocabularies import Entry
from opensit.connectors.datatourisme.values import as_list, first, text
from opensit.connectors.datatourisme.vocabulary import KB, is_kb_ref, lang_labels, local_name

if TYPE_CHECKING:
    from opensit.connectors.datatourisme.mapping import Mapper

PREFIX = "opensit:"
OBJECT_IRI = "urn:opensit:object:"
DAYS = {"Monday": "mon", "Tuesday": "tue", "Wednesday": "wed", "Thursday": "thu",
        "Friday": "fri", "Saturday": "sat", "Sunday": "sun"}  # fmt: skip
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "PDF": "application/pdf"}
CONTACT_KINDS = {"schema:telephone": "phone", "schema:faxNumber": "fax", "schema:email": "email",
                 "foaf:homepage": "website"}  # fmt: skip
AGENT_ROLES = {
    "hasContact": "main",
    "hasBookingContact": "booking",
    "hasManagementContact": "management",
    "hasInformativeContact": "information",
}
READ_HERE = ("hasManagementContact", "hasInformativeContact")
CAPACITY_CODES = {"Bedroom": "rooms", "Covers": "seats", "Pitch": "pitches"}


def terms(payload: dict[str, Any]) -> "Extension | None":
    """The extension of a record that carries `opensit:` terms, else None."""
    if any(key.startswith(PREFIX) for key in payload):
        return Extension(payload)
    return None


def _plain(value: Any) -> Any:
    """`value` without its `opensit:` terms, at every depth."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not k.startswith(PREFIX)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _time(value: Any) -> str | None:
    value = first(value)
    return str(value) if value else None


def _date(value: Any) -> str | None:
    value = first(value)
    return str(value)[:10] if value else None


class Extension:
    """The `opensit:` terms of one record and the record without them (`plain`)."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.plain = _plain(payload)
        # Ontology terms the mapping does not read, read here: not reported as unknown.
        for key in READ_HERE:
            self.plain.pop(key, None)
        for place in as_list(self.plain.get("isLocatedAt")):
            if isinstance(place, dict):
                place.pop("rdfs:label", None)  # the place name
        self.entries: list[Entry] = []

    # -- codes ---------------------------------------------------------------------------------

    def code(self, node: Any, scheme: str) -> str | None:
        if not isinstance(node, dict):
            return None
        if PREFIX + "code" in node:
            code = str(node[PREFIX + "code"])
            labels = lang_labels(node.get("rdfs:label"))
            if code and labels and labels != {"fr": code}:
                kb = KB + local_name(node["@id"]) if is_kb_ref(node) else ""
                self.entries.append(Entry(scheme, code, labels, datatourisme=kb))
            return code
        return local_name(node["@id"]) if is_kb_ref(node) else None

    def codes(self, nodes: Any, scheme: str) -> list[str]:
        out: list[str] = []
        for node in as_list(nodes):
            code = self.code(node, scheme)
            if code and code not in out:
                out.append(code)
        return out

    # -- the whole record ----------------------------------------------------------------------

    def apply(self, document: TourismDocument, mapper: "Mapper") -> TourismDocument:
        """The mapped document with the parts the `opensit:` terms state exactly. A part whose
        terms cannot be read keeps the mapping's reading, with a warning naming the term."""
        p = self.payload
        doc = document.model_dump(mode="json", exclude_defaults=True)
        place = first(p.get("isLocatedAt"))
        place = place if isinstance(place, dict) else None
        offer = first(p.get("offers"))
        steps: list[tuple[str, Any]] = [
            ("opensit:type", lambda: self.kind(doc)),
            ("opensit:source", lambda: self.identity(doc)),
            ("opensit:practicalInfo", lambda: doc.update(
                practical_info=lang_labels(p.get(PREFIX + "practicalInfo")))),
            ("isLocatedAt", lambda: place and self.place(doc, place)),
            ("schema:openingHoursSpecification", lambda: place and doc.update(
                opening=self.opening(place))),
            ("takesPlaceAt", lambda: "takesPlaceAt" in p and doc.update(event=self.event())),
            ("offers", lambda: doc.update(
                pricing=self.pricing(offer if isinstance(offer, dict) else {}))),
            ("hasContact", lambda: self.contacts(doc)),
            ("hasFeature", lambda: self.offer_codes(doc)),
            ("hasRepresentation", lambda: doc.update(media=self.media(p))),
            ("opensit:link", lambda: doc.update(links=[
                self.link(n) for n in as_list(p.get(PREFIX + "link")) if isinstance(n, dict)])),
            ("opensit:aspect", lambda: doc.update(aspects={
                str(node[PREFIX + "aspectName"]): self.aspect(node)
                for node in as_list(p.get(PREFIX + "aspect"))
                if isinstance(node, dict) and node.get(PREFIX + "aspectName")})),
        ]  # fmt: skip
        for term, step in steps:
            before = {key: doc.get(key) for key in doc}
            try:
                step()
            except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
                doc.clear()
                doc.update(before)
                mapper.warn(
                    term, f"OpenSIT terms not readable ({exc}): the DATAtourisme reading kept"
                )
        mapper.entries.extend(self.entries)
        mapped = document.model_dump(mode="json", exclude_defaults=True)
        for _ in range(len(doc)):  # a refused part takes the mapping's reading, the rest stays
            try:
                return TourismDocument.model_validate(doc)
            except ValidationError as exc:
                error = exc.errors()[0]
                where = ".".join(str(x) for x in error["loc"])
                mapper.warn(where, f"OpenSIT terms refused ({error['msg']}): mapping kept")
                key = str(error["loc"][0])
                if key in mapped:
                    doc[key] = mapped[key]
                else:
                    doc.pop(key, None)
        return document

    def kind(self, doc: dict[str, Any]) -> None:
        p = self.payload
        if p.get(PREFIX + "type"):
            doc["type"] = str(p[PREFIX + "type"])
        doc["classes"] = [str(c) for c in as_list(p.get(PREFIX + "classes"))]

    def identity(self, doc: dict[str, Any]) -> None:
        p = self.payload
        ours = first(p.get(PREFIX + "source"))
        publisher = (doc.get("source") or {}).get("publisher", "")
        if isinstance(ours, dict):
            source = {
                "system": text(ours.get(PREFIX + "system")),
                "id": text(ours.get(PREFIX + "id")),
                "url": text(ours.get(PREFIX + "url")),
                "publisher": publisher,
            }
            if ours.get(PREFIX + "updatedAt"):
                source["updated_at"] = text(ours[PREFIX + "updatedAt"])
        else:  # an object of the exporting catalog itself
            source = {"system": "opensit", "id": str(p.get("@id", "")).removeprefix(OBJECT_IRI)}
        doc["source"] = source
        for key, field in (("createdAt", "created_at"), ("updatedAt", "updated_at")):
            if p.get(PREFIX + key):
                doc[field] = text(p[PREFIX + key])
        doc["licence"] = text(p.get(PREFIX + "licence")) or "etalab-2.0"

    def place(self, doc: dict[str, Any], place: dict[str, Any]) -> None:
        location = dict(doc.get("location", {}))
        location["place_name"] = lang_labels(place.get("rdfs:label"))
        location["access"] = lang_labels(place.get(PREFIX + "access"))
        altitude = first(place.get(PREFIX + "altitude"))
        location["altitude"] = float(altitude) if altitude is not None else None
        location["country"] = text(place.get(PREFIX + "country")) or "FR"
        location["geometry"] = place.get(PREFIX + "geometry")
        doc["location"] = location

    # -- opening and event dates ----------------------------------------------------------------

    def opening(self, node: dict[str, Any]) -> dict[str, Any]:
        """Periods rebuilt from their specifications (one per time range, `opensit:period`
        says which period), closures and summary."""
        by_index: dict[int, dict[str, Any]] = {}
        for key, closed in (("schema:openingHoursSpecification", False),
                            (PREFIX + "closedHoursSpecification", True)):  # fmt: skip
            for spec in as_list(node.get(key)):
                if not isinstance(spec, dict):
                    continue
                index = int(spec.get(PREFIX + "period", len(by_index)))
                period = by_index.get(index)
                if period is None:
                    period = by_index[index] = {
                        "start": _date(spec.get("schema:validFrom")),
                        "end": _date(spec.get("schema:validThrough")),
                        "weekdays": [
                            DAYS[local_name(d["@id"] if isinstance(d, dict) else str(d))]
                            for d in as_list(spec.get("schema:dayOfWeek"))
                        ],
                        "times": [],
                        "closed": closed,
                        "exceptional": bool(spec.get(PREFIX + "exceptional")),
                        "recurs_yearly": bool(spec.get(PREFIX + "yearly")),
                        "label": lang_labels(spec.get("additionalInformation")),
                    }
                opens = _time(spec.get("schema:opens"))
                if opens:
                    period["times"].append(
                        {"opens": opens, "closes": _time(spec.get("schema:closes"))}
                    )
        closures = []
        for item in as_list(node.get(PREFIX + "closure")):
            if isinstance(item, dict):
                closures.append(
                    {
                        "date": _date(item.get(PREFIX + "date")),
                        "holiday": text(item.get(PREFIX + "holiday")),
                        "reason": lang_labels(item.get(PREFIX + "reason")),
                    }
                )
        return {
            "periods": [by_index[i] for i in sorted(by_index)],
            "closures": closures,
            "summary": lang_labels(node.get(PREFIX + "openingSummary")),
        }

    def event(self) -> dict[str, Any]:
        occurrences = []
        for period in as_list(self.payload.get("takesPlaceAt")):
            if not isinstance(period, dict) or period.get(PREFIX + "fromRecurrence"):
                continue
            occurrences.append(
                {
                    "start_date": _date(period.get("startDate")),
                    "end_date": None
                    if period.get(PREFIX + "singleDay")
                    else _date(period.get("endDate")),
                    "start_time": _time(period.get("startTime")),
                    "end_time": _time(period.get("endTime")),
                }
            )
        recurrences = []
        for rule in as_list(self.payload.get(PREFIX + "recurrence")):
            if isinstance(rule, dict):
                recurrences.append(
                    {
                        "start_date": _date(rule.get(PREFIX + "startDate")),
                        "rrule": text(rule.get(PREFIX + "rrule")),
                        "start_time": _time(rule.get(PREFIX + "startTime")),
                        "end_time": _time(rule.get(PREFIX + "endTime")),
                        "exdates": [_date(d) for d in as_list(rule.get(PREFIX + "exceptDate"))],
                    }
                )
        return {"occurrences": occurrences, "recurrences": recurrences}

    # -- prices ----------------------------------------------------------------------------------

    def price(self, spec: dict[str, Any]) -> dict[str, Any]:
        policy = self.codes(spec.get("hasEligiblePolicy"), "other")
        units = [self.code(n, "other") or "" for n in as_list(spec.get("hasPricingMode"))]
        seasons = [s for s in as_list(spec.get("hasPricingSeason")) if isinstance(s, dict)]
        season = seasons[0] if seasons else {}
        price: dict[str, Any] = {
            "label": lang_labels(spec.get("name")),
            "policy": policy[0] if policy else "",
            "audiences": self.codes(spec.get("hasEligibleAudience"), "other"),
            "offer": (self.codes(spec.get("hasPricingOffer"), "amenity") or [""])[0],
            "currency": text(spec.get("schema:priceCurrency")) or "EUR",
            "unit": units[0] if units else "",
            "further_units": units[1:],
            "season": lang_labels(season.get("rdfs:label")),
            "period_start": _date(season.get("startDate")),
            "period_end": _date(season.get("endDate")),
            "further_periods": [
                {"start": _date(s.get("startDate")), "end": _date(s.get("endDate"))}
                for s in seasons[1:]
            ],
            "conditions": lang_labels(spec.get("additionalInformation")),
            "free": bool(spec.get(PREFIX + "free")),
        }
        for key, field in (("schema:minPrice", "min"), ("schema:maxPrice", "max")):
            if spec.get(key) is not None:
                price[field] = float(first(spec[key]))
        return price

    def pricing(self, offer: dict[str, Any]) -> dict[str, Any]:
        specs = [s for s in as_list(offer.get("schema:priceSpecification")) if isinstance(s, dict)]
        return {
            "free": offer.get(PREFIX + "free"),
            "prices": [self.price(s) for s in specs if not s.get(PREFIX + "implied")],
            "payment_methods": self.codes(offer.get("schema:acceptedPaymentMethod"), "payment"),
            "summary": lang_labels(offer.get(PREFIX + "summary")),
        }

    # -- contacts, codes, media, links, aspects ------------------------------------------------

    def contacts(self, doc: dict[str, Any]) -> None:
        agents = []
        for prop, role in AGENT_ROLES.items():
            for agent in as_list(self.payload.get(prop)):
                if isinstance(agent, dict) and PREFIX + "position" in agent:
                    agents.append((int(agent[PREFIX + "position"]), role, agent))
        contacts = []
        for _, role, agent in sorted(agents, key=lambda a: a[0]):
            role = text(agent.get(PREFIX + "role")) or role
            label = text(agent.get("schema:legalName"))
            values = [
                (key, str(value)) for key in agent if key in CONTACT_KINDS
                for value in as_list(agent[key])
            ]  # fmt: skip
            kinds = [str(k) for k in as_list(agent.get(PREFIX + "kinds"))]
            for number, (key, value) in enumerate(values):
                kind = kinds[number] if number < len(kinds) else CONTACT_KINDS[key]
                contacts.append({"kind": kind, "value": value, "role": role, "label": label})
        doc["contacts"] = contacts
        block = first(self.payload.get(PREFIX + "booking"))
        block = block if isinstance(block, dict) else {}
        doc["booking"] = {
            key: text(block.get(PREFIX + key)) for key in ("url", "email", "phone", "organisation")
        }
        doc["booking"]["notes"] = lang_labels(block.get(PREFIX + "notes"))

    def offer_codes(self, doc: dict[str, Any]) -> None:
        p = self.payload
        amenities: list[str] = []
        capacity = {k: v for k, v in doc.get("capacity", {}).items() if k == "persons"}
        for spec in as_list(p.get("hasFeature")):
            if not isinstance(spec, dict):
                continue
            codes = self.codes(spec.get("features"), "amenity")
            if spec.get("schema:value") is None:
                amenities.extend(c for c in codes if c not in amenities)
            elif codes and codes[0] in CAPACITY_CODES:
                capacity[CAPACITY_CODES[codes[0]]] = int(float(first(spec["schema:value"])))
        for field in ("beds", "units"):
            if p.get(PREFIX + field) is not None:
                capacity[field] = int(first(p[PREFIX + field]))
        doc["amenities"], doc["capacity"] = amenities, capacity
        doc["accessibility"] = self.codes(p.get(PREFIX + "accessibility"), "accessibility")
        doc["themes"] = self.codes(p.get("hasTheme"), "theme")
        labels: list[str] = []
        classifications: list[str] = []
        for review in as_list(p.get("hasReview")):
            for node in as_list(review.get("hasReviewValue") if isinstance(review, dict) else None):
                scale = "ScaleRating" in [local_name(str(t)) for t in as_list(node.get("@type"))]
                code = self.code(node, "classification" if scale else "label")
                target = classifications if scale else labels
                if code and code not in target:
                    target.append(code)
        doc["labels"], doc["classifications"] = labels, classifications

    def media(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for obj in as_list(node.get("hasRepresentation")):
            if not isinstance(obj, dict):
                continue
            annotation = first(obj.get("ebucore:hasAnnotation")) or {}
            resource = first(obj.get("ebucore:hasRelatedResource")) or {}
            mime_node = first(resource.get("ebucore:hasMimeType"))
            mime = text(resource.get(PREFIX + "mimeType"))
            if isinstance(mime_node, dict):
                mime = MIME_TYPES.get(local_name(str(mime_node.get("@id", ""))), mime)
            item: dict[str, Any] = {
                "kind": text(obj.get(PREFIX + "kind")) or "link",
                "url": text(first(resource.get("ebucore:locator"))),
                "title": lang_labels(annotation.get("ebucore:title")),
                "description": lang_labels(annotation.get(PREFIX + "description")),
                "credit": text(annotation.get("credits")),
                "licence": text(annotation.get("ebucore:isCoveredBy")),
                "publication_end": _date(annotation.get("rightsEndDate")),
                "rights": text(annotation.get(PREFIX + "rights")),
                "licence_origin": text(annotation.get(PREFIX + "licenceOrigin")),
                "mime_type": mime,
                "main": bool(obj.get(PREFIX + "main")),
            }
            for key in ("width", "height"):
                if resource.get(PREFIX + key) is not None:
                    item[key] = int(first(resource[PREFIX + key]))
            out.append(item)
        return out

    def link(self, node: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": text(node.get(PREFIX + "kind")),
            "target": text(node.get(PREFIX + "target")),
            "order": node.get(PREFIX + "order"),
            "label": lang_labels(node.get(PREFIX + "label")),
        }

    def aspect(self, node: dict[str, Any]) -> dict[str, Any]:
        description = first(node.get("hasDescription")) or {}
        opening = first(node.get(PREFIX + "opening"))
        offer = first(node.get("offers"))
        return {
            "short_description": lang_labels(description.get("shortDescription")),
            "description": lang_labels(description.get("dc:description")),
            "practical_info": lang_labels(node.get(PREFIX + "practicalInfo")),
            "media": self.media(node),
            "opening": self.opening(opening) if isinstance(opening, dict) else None,
            "prices": self.pricing(offer)["prices"] if isinstance(offer, dict) else [],
        }
