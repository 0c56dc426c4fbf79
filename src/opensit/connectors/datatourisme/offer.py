"""What an object offers: amenities and quantities (`hasFeature`), prices and payment methods
(`offers`), labels and classifications (`hasReview`)."""

from typing import TYPE_CHECKING, Any

from opensit.connectors.datatourisme.values import as_list, parse_date, parse_number, text
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
FEATURE_KEYS = {"@id", "@type", "features", "schema:value", "petsAllowed", "hasFloorSize"}
PRICE_KEYS = {
    "@id", "@type", "schema:minPrice", "schema:maxPrice", "schema:price", "schema:priceCurrency",
    "hasEligiblePolicy", "additionalInformation", "hasPricingMode", "name", "hasPricingSeason",
}  # fmt: skip
FREE_POLICIES = {"Free"}


def map_features(
    mapper: "Mapper", features: list[Any]
) -> tuple[list[str], dict[str, int], bool | None]:
    """Amenity codes, capacities and the pets flag from the feature specifications."""
    amenities: list[str] = []
    quantities: dict[str, Any] = {}
    capacity: dict[str, int] = {}
    pets: bool | None = None
    for index, spec in enumerate(features):
        if not isinstance(spec, dict):
            continue
        codes = mapper.codes(spec.get("features"), "amenity")
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
    return amenities, capacity, pets


def map_offers(mapper: "Mapper", offers: list[Any]) -> dict[str, Any]:
    payment: list[str] = []
    prices: list[dict[str, Any]] = []
    policies: list[str] = []
    for offer_index, offer in enumerate(offers):
        if not isinstance(offer, dict):
            continue
        for code in mapper.codes(offer.get("schema:acceptedPaymentMethod"), "payment"):
            if code not in payment:
                payment.append(code)
        for spec_index, spec in enumerate(as_list(offer.get("schema:priceSpecification"))):
            if isinstance(spec, dict):
                where = f"offers[{offer_index}].schema:priceSpecification[{spec_index}]"
                price, policy = _price(mapper, spec, where)
                if price:
                    prices.append(price)
                    policies.append(policy)
        for key in sorted(set(offer) - {"@id", "@type", "schema:acceptedPaymentMethod",
                                        "schema:priceSpecification"}):  # fmt: skip
            mapper.report.unknown(f"offers.{key}")
            mapper.extra.setdefault("offers", []).append({key: offer[key]})
    if any(policies):  # the policy of each price, in order, for an export back
        mapper.extra["schema:priceSpecification.hasEligiblePolicy"] = policies
    pricing: dict[str, Any] = {"prices": prices, "payment_methods": payment}
    if prices and all(p.get("free") for p in prices):
        pricing["free"] = True
    return pricing


def _price(mapper: "Mapper", spec: dict[str, Any], where: str) -> tuple[dict[str, Any], str]:
    """One price and the code of its eligible policy (full rate, child rate, free...)."""
    low = _bound(mapper, spec.get("schema:minPrice"), min, f"{where}.schema:minPrice")
    high = _bound(mapper, spec.get("schema:maxPrice"), max, f"{where}.schema:maxPrice")
    if low is None:
        low = _bound(mapper, spec.get("schema:price"), min, f"{where}.schema:price")
    if high == 0 and low:
        mapper.warn(where, f"maximum price 0 with a minimum of {low}: maximum ignored")
        high = None
    if low is not None and high is not None and high < low:
        mapper.warn(where, f"maximum price {high} is below the minimum {low}; swapped")
        low, high = high, low
    price: dict[str, Any] = {}
    if low is not None:
        price["min"] = low
    if high is not None and high != low:
        price["max"] = high
    policy = spec.get("hasEligiblePolicy")
    policy_codes = mapper.codes(policy, "other")
    label = lang_labels(spec.get("name")) or (
        lang_labels(policy.get("rdfs:label")) if isinstance(policy, dict) else {}
    )
    info = lang_labels(spec.get("additionalInformation"))
    for lang, value in info.items():
        label[lang] = f"{label[lang]} – {value}" if label.get(lang) else value
    if label:
        price["label"] = label
    if FREE_POLICIES & set(policy_codes):
        price["free"] = True
    modes = mapper.codes(spec.get("hasPricingMode"), "other")
    if modes:
        price["unit"] = modes[0]
    currency = text(spec.get("schema:priceCurrency"))
    if currency and currency != "EUR":
        price["currency"] = currency
    season = next((s for s in as_list(spec.get("hasPricingSeason")) if isinstance(s, dict)), None)
    if season:
        price["period_start"] = mapper.safely(
            f"{where}.hasPricingSeason.startDate", parse_date, season.get("startDate")
        )
        price["period_end"] = mapper.safely(
            f"{where}.hasPricingSeason.endDate", parse_date, season.get("endDate")
        )
    for key in sorted(set(spec) - PRICE_KEYS):
        mapper.report.unknown(f"schema:priceSpecification.{key}")
        mapper.extra.setdefault("schema:priceSpecification", []).append({key: spec[key]})
    return price, policy_codes[0] if policy_codes else ""


def _bound(mapper: "Mapper", value: Any, pick, where: str) -> float | None:
    numbers = []
    for item in as_list(value):
        number = mapper.safely(where, parse_number, item)
        if number is not None:
            if number < 0:
                mapper.warn(where, f"negative price {number}, ignored")
                continue
            numbers.append(number)
    return pick(numbers) if numbers else None


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
