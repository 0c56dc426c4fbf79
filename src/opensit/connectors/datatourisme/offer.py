"""What an object offers: amenities and quantities (`hasFeature`), prices and payment methods
(`offers`), labels and classifications (`hasReview`)."""

import re
from typing import TYPE_CHECKING, Any

from opensit.connectors.datatourisme.prices import join_labels, price_rows
from opensit.connectors.datatourisme.values import as_list, parse_number, text
from opensit.connectors.datatourisme.vocabulary import is_kb_ref, lang_labels, local_name

if TYPE_CHECKING:
    from opensit.connectors.datatourisme.mapping import Mapper

# Feature quantities (`schema:value` of a FeatureSpecification) that are capacities.
CAPACITY_FEATURES = {
    "Bedroom": "rooms",
    "Covers": "seats",
    "Pitch": "pitches",
    "CamperPitch": "pitches",
    "YearlyPitch": "pitches",
    "MobilHomeHire": "units",
}
# Class or code names of accessibility features (the ontology's and the ones SITs use).
ACCESSIBILITY = re.compile(r"(?i)accessib|handicap|disab|impair|reducedmobility|wheelchair")
FEATURE_KEYS = {"@id", "@type", "features", "schema:value", "petsAllowed", "hasFloorSize"}
OFFER_TEXTS = ("schema:description", "rdfs:comment", "additionalInformation")
OFFER_KEYS = {"@id", "@type", "schema:acceptedPaymentMethod", "schema:priceSpecification",
              *OFFER_TEXTS}  # fmt: skip


def is_accessibility(node: Any) -> bool:
    """A feature about access for disabled people: its class or its code says so
    (`ReducedMobilityAccess`, a TourismeHandicap label, an accessibility class)."""
    if not isinstance(node, dict):
        return False
    names = [local_name(str(t)) for t in as_list(node.get("@type"))]
    names.append(local_name(str(node.get("@id", ""))))
    return any(ACCESSIBILITY.search(name) for name in names)


def map_features(
    mapper: "Mapper", features: list[Any]
) -> tuple[list[str], list[str], dict[str, int], bool | None]:
    """Amenity codes, accessibility codes, capacities and the pets flag from the feature
    specifications."""
    amenities: list[str] = []
    accessibility: list[str] = []
    quantities: dict[str, Any] = {}
    capacity: dict[str, int] = {}
    pets: bool | None = None
    for index, spec in enumerate(features):
        if not isinstance(spec, dict):
            continue
        nodes = as_list(spec.get("features"))
        access = [n for n in nodes if is_accessibility(n)]
        for code in mapper.codes(access, "accessibility"):
            if code not in accessibility:
                accessibility.append(code)
        codes = mapper.codes([n for n in nodes if not is_accessibility(n)], "amenity")
        amenities.extend(c for c in codes if c not in amenities)
        if "petsAllowed" in spec:
            pets = bool(spec["petsAllowed"])
        if "internetAccess" in spec:
            mapper.extra["hasFeature.internetAccess"] = spec["internetAccess"]
        value = spec.get("schema:value")
        if value is not None and codes:
            number = mapper.safely(f"hasFeature[{index}].schema:value", parse_number, value)
            if number is not None:
                for code in codes:
                    quantities[code] = max(number, quantities.get(code, 0))
        for size in as_list(spec.get("hasFloorSize")):
            if isinstance(size, dict) and codes:
                unit = text(size.get("schema:unitText"))
                amount = text(size.get("schema:value"))
                quantities.setdefault(f"{codes[0]}.floorSize", f"{amount} {unit}".strip())
        for key in sorted(set(spec) - FEATURE_KEYS - {"internetAccess"}):
            mapper.report.unknown(f"hasFeature.{key}")
            mapper.extra.setdefault("hasFeature", []).append({key: spec[key]})
    for code, number in quantities.items():
        field = CAPACITY_FEATURES.get(code)
        if field and isinstance(number, float) and number >= 0:
            capacity[field] = capacity.get(field, 0) + int(number)
    if quantities:
        mapper.extra["hasFeature.quantities"] = {
            k: int(v) if isinstance(v, float) and v.is_integer() else v
            for k, v in quantities.items()
        }
    return amenities, accessibility, capacity, pets


def map_offers(mapper: "Mapper", offers: list[Any]) -> dict[str, Any]:
    """Payment methods, price rows (prices.py) and the text of textual prices (`summary`)."""
    payment: list[str] = []
    prices: list[dict[str, Any]] = []
    summaries: list[dict[str, str]] = []
    for offer_index, offer in enumerate(offers):
        if not isinstance(offer, dict):
            continue
        for code in mapper.codes(offer.get("schema:acceptedPaymentMethod"), "payment"):
            if code not in payment:
                payment.append(code)
        for key in OFFER_TEXTS:
            summaries.append(lang_labels(offer.get(key)))
        for spec_index, spec in enumerate(as_list(offer.get("schema:priceSpecification"))):
            if isinstance(spec, dict):
                where = f"offers[{offer_index}].schema:priceSpecification[{spec_index}]"
                rows, summary = price_rows(mapper, spec, where)
                prices.extend(rows)
                summaries.append(summary)
        for key in sorted(set(offer) - OFFER_KEYS):
            mapper.report.unknown(f"offers.{key}")
            mapper.extra.setdefault("offers", []).append({key: offer[key]})
    pricing: dict[str, Any] = {"prices": prices, "payment_methods": payment}
    summary = join_labels([s for s in summaries if s], "\n")
    if summary:
        pricing["summary"] = summary
    if prices and all(p.get("free") for p in prices):
        pricing["free"] = True
    return pricing


def map_reviews(mapper: "Mapper", reviews: list[Any]) -> tuple[list[str], list[str]]:
    """Labels (LabelRating) and classifications (ScaleRating: stars, categories)."""
    labels: list[str] = []
    classifications: list[str] = []
    for review in reviews:
        value = review.get("hasReviewValue") if isinstance(review, dict) else None
        for node in as_list(value):
            if not is_kb_ref(node):
                continue
            types = [local_name(t) for t in as_list(node.get("@type"))]
            scheme = "classification" if "ScaleRating" in types else "label"
            (code,) = mapper.codes(node, scheme)
            target = classifications if scheme == "classification" else labels
            if code not in target:
                target.append(code)
    return labels, classifications
