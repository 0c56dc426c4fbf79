"""One DATAtourisme price specification (`schema:priceSpecification`) to price rows.

Every property may come as one node or a list of nodes (2020 flux: a dict; 2023 on: lists).
What a specification says of its row is kept on the row (policy, audiences, offer, units,
season, periods, conditions), so that a child rate and a full rate never come out identical.

Amounts: `schema:minPrice` and `schema:maxPrice` of equal length are paired by position, one
row per pair (["10", "20"] with ["15", "30"] is 10–15 and 20–30, not one 10–30 row); a lone
list gives one row per value; lists of different lengths cannot be paired and give one row from
the lowest minimum to the highest maximum, with a warning. `schema:price` stands for the
minimum when there is no `schema:minPrice`.

A specification with no amount, no policy and nothing structured, only text, is a textual price
("Visite libre pour les individuels"): its text goes to `pricing.summary`, not to a row.
"""

from typing import TYPE_CHECKING, Any

from opensit.connectors.datatourisme.values import as_list, parse_date, parse_number, text
from opensit.connectors.datatourisme.vocabulary import is_kb_ref, lang_labels, local_name

if TYPE_CHECKING:
    from opensit.connectors.datatourisme.mapping import Mapper

PRICE_KEYS = {
    "@id", "@type", "schema:minPrice", "schema:maxPrice", "schema:price", "schema:priceCurrency",
    "hasEligiblePolicy", "additionalInformation", "hasPricingMode", "name", "hasPricingSeason",
    "hasEligibleAudience", "hasAudience", "hasPricingOffer", "appliesOnPeriod",
    "schema:description", "rdfs:comment", "schema:validFrom", "schema:validThrough",
}  # fmt: skip
FREE_POLICIES = {"Free"}
# Keys of a specification that make it more than a text.
STRUCTURED = (
    "hasEligiblePolicy", "hasPricingMode", "hasPricingSeason", "hasEligibleAudience",
    "hasAudience", "hasPricingOffer", "appliesOnPeriod", "schema:validFrom",
)  # fmt: skip


def join_labels(maps: list[dict[str, str]], separator: str) -> dict[str, str]:
    """Language maps joined language by language (`Tarif enfant / Groupe`)."""
    out: dict[str, str] = {}
    for labels in maps:
        for lang, value in labels.items():
            out[lang] = f"{out[lang]}{separator}{value}" if lang in out else value
    return out


def node_labels(nodes: Any) -> dict[str, str]:
    """The labels of kb nodes, joined (a node with no label contributes nothing)."""
    return join_labels(
        [lang_labels(n.get("rdfs:label")) for n in as_list(nodes) if isinstance(n, dict)], " / "
    )


def price_rows(
    mapper: "Mapper", spec: dict[str, Any], where: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The rows of one specification, and its text when it is only a text (else {})."""
    common: dict[str, Any] = {}
    policy_nodes = as_list(spec.get("hasEligiblePolicy"))
    policies = mapper.codes(policy_nodes, "other")
    if policies:
        common["policy"] = policies[0]
        if len(policies) > 1:
            mapper.extra.setdefault("priceSpecification.furtherPolicies", []).append(policies[1:])
    label = lang_labels(spec.get("name")) or node_labels(policy_nodes)
    if label:
        common["label"] = label
    audiences = mapper.codes(
        [*as_list(spec.get("hasEligibleAudience")), *as_list(spec.get("hasAudience"))], "other"
    )
    if audiences:
        common["audiences"] = list(dict.fromkeys(audiences))
    offers = mapper.codes(spec.get("hasPricingOffer"), "amenity")
    if offers:
        common["offer"] = offers[0]
        if len(offers) > 1:
            mapper.warn(f"{where}.hasPricingOffer", f"several offers, {offers[0]!r} kept")
    units = mapper.codes(spec.get("hasPricingMode"), "other")
    if units:
        common["unit"], common["further_units"] = units[0], units[1:]
    conditions = join_labels(
        [
            lang_labels(spec.get(key))
            for key in ("additionalInformation", "schema:description", "rdfs:comment")
        ],
        "\n",
    )
    if conditions:
        common["conditions"] = conditions
    currency = text(spec.get("schema:priceCurrency"))
    if currency and currency != "EUR":
        common["currency"] = currency
    _seasons_and_periods(mapper, spec, where, common)
    if FREE_POLICIES & set(policies):
        common["free"] = True
    for key in sorted(set(spec) - PRICE_KEYS):
        mapper.report.unknown(f"schema:priceSpecification.{key}")
        mapper.extra.setdefault("schema:priceSpecification", []).append({key: spec[key]})

    ranges = _ranges(mapper, spec, where)
    structured = any(spec.get(key) for key in STRUCTURED)
    if not ranges and not structured and not lang_labels(spec.get("name")):
        return [], conditions  # a textual price, or an empty specification
    if not ranges:
        return [common], {}
    return [{**common, **bounds} for bounds in ranges], {}


def _seasons_and_periods(
    mapper: "Mapper", spec: dict[str, Any], where: str, row: dict[str, Any]
) -> None:
    """`hasPricingSeason` (a kb season, or a node with a label and dates), `appliesOnPeriod`
    Periods and schema:validFrom/validThrough: the season's label, and every date range."""
    periods: list[dict[str, Any]] = []
    seasons: list[dict[str, str]] = []
    for index, node in enumerate(as_list(spec.get("hasPricingSeason"))):
        if not isinstance(node, dict):
            continue
        labels = lang_labels(node.get("rdfs:label")) or lang_labels(node.get("name"))
        if is_kb_ref(node):
            mapper.codes(node, "other")
            labels = labels or {"fr": local_name(node["@id"])}
        if labels:
            seasons.append(labels)
        periods.extend(_dates(mapper, node, f"{where}.hasPricingSeason[{index}]"))
    for index, node in enumerate(as_list(spec.get("appliesOnPeriod"))):
        if isinstance(node, dict):
            periods.extend(_dates(mapper, node, f"{where}.appliesOnPeriod[{index}]"))
    if spec.get("schema:validFrom") or spec.get("schema:validThrough"):
        node = {
            "startDate": spec.get("schema:validFrom"),
            "endDate": spec.get("schema:validThrough"),
        }
        periods.extend(_dates(mapper, node, where))
    if seasons:
        row["season"] = join_labels(seasons, " / ")
    unique = list({(p["start"], p["end"]): p for p in periods}.values())
    unique.sort(key=lambda p: (str(p["start"]), str(p["end"])))
    if unique:
        row["period_start"], row["period_end"] = unique[0]["start"], unique[0]["end"]
        row["further_periods"] = unique[1:]


def _dates(mapper: "Mapper", node: dict[str, Any], where: str) -> list[dict[str, Any]]:
    """One date range per start date of a Period node (its start and end lists are paired)."""
    starts = as_list(node.get("startDate") or node.get("schema:startDate"))
    ends = as_list(node.get("endDate") or node.get("schema:endDate"))
    out = []
    for index in range(max(len(starts), len(ends))):
        start = mapper.safely(
            f"{where}.startDate", parse_date, starts[index] if index < len(starts) else None
        )
        end = mapper.safely(
            f"{where}.endDate", parse_date, ends[index] if index < len(ends) else None
        )
        if start and end and end < start:
            mapper.warn(where, f"period ends ({end}) before it starts ({start}); dates swapped")
            start, end = end, start
        if start or end:
            out.append({"start": start, "end": end})
    return out


def _ranges(mapper: "Mapper", spec: dict[str, Any], where: str) -> list[dict[str, float]]:
    lows = _numbers(mapper, spec.get("schema:minPrice"), f"{where}.schema:minPrice")
    highs = _numbers(mapper, spec.get("schema:maxPrice"), f"{where}.schema:maxPrice")
    if not lows:
        lows = _numbers(mapper, spec.get("schema:price"), f"{where}.schema:price")
    if len(lows) == len(highs):
        pairs = list(zip(lows, highs, strict=True))
    elif not highs:
        pairs = [(low, None) for low in lows]
    elif not lows:
        pairs = [(None, high) for high in highs]
    else:
        mapper.warn(
            where,
            f"{len(lows)} minimum and {len(highs)} maximum prices cannot be paired: "
            "one range from the lowest to the highest",
        )
        pairs = [(min(lows), max(highs))]
    out = []
    for low, high in pairs:
        if high == 0 and low:
            mapper.warn(where, f"maximum price 0 with a minimum of {low}: maximum ignored")
            high = None
        if low is not None and high is not None and high < low:
            mapper.warn(where, f"maximum price {high} is below the minimum {low}; swapped")
            low, high = high, low
        bounds: dict[str, float] = {}
        if low is not None:
            bounds["min"] = low
        if high is not None and high != low:
            bounds["max"] = high
        if bounds and bounds not in out:
            out.append(bounds)
    return out


def _numbers(mapper: "Mapper", value: Any, where: str) -> list[float]:
    numbers = []
    for item in as_list(value):
        number = mapper.safely(where, parse_number, item)
        if number is None:
            continue
        if number < 0:
            mapper.warn(where, f"negative price {number}, ignored")
            continue
        numbers.append(number)
    return numbers
