"""Parts of a DATAtourisme JSON-LD object that the ontology describes in several nodes: opening
hours, event periods, prices and contacts. Each is written with the ontology's terms first, and
with `opensit:` terms for what the ontology cannot say (which opening period a specification
belongs to, closures, recurrence rules, the order and kind of contacts), so that the
DATAtourisme connector reads back the same document (connectors/datatourisme/extension.py).
"""

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from typing import Any

from dateutil.rrule import rrulestr

Concept = Callable[[str, str], dict[str, Any]]
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
# Contact kinds and the property that holds them; the first kind of a property is its default.
CONTACT_PROPERTIES = {
    "phone": "schema:telephone",
    "mobile": "schema:telephone",
    "fax": "schema:faxNumber",
    "email": "schema:email",
}
DEFAULT_KINDS = {
    "schema:telephone": "phone",
    "schema:faxNumber": "fax",
    "schema:email": "email",
    "foaf:homepage": "website",
}
# Contact roles and the ontology's agent properties ("other" is a main contact with a role).
ROLE_PROPERTIES = {
    "main": "hasContact",
    "booking": "hasBookingContact",
    "management": "hasManagementContact",
    "information": "hasInformativeContact",
    "other": "hasContact",
}


def lang_map(text: dict[str, str] | None) -> dict[str, list[str]]:
    """`{"fr": "x"}` becomes the DATAtourisme form `{"fr": ["x"]}`."""
    return {lang: [value] for lang, value in (text or {}).items() if value}


def time_value(value: str | None) -> str | None:
    if not value:
        return None
    return value if len(value) == 8 else f"{value}:00"[:8]


def date_time(value: str) -> str:
    return f"{value}T00:00:00"


# -- opening ---------------------------------------------------------------------------------------


def _specs(period: dict[str, Any], index: int) -> list[dict[str, Any]]:
    base: dict[str, Any] = {"@type": ["schema:OpeningHoursSpecification"], "opensit:period": index}
    if period.get("start"):
        base["schema:validFrom"] = date_time(period["start"])
    if period.get("end"):
        base["schema:validThrough"] = date_time(period["end"])
    if period.get("weekdays"):
        base["schema:dayOfWeek"] = [
            {"@id": SCHEMA_DAYS[day], "@type": ["schema:DayOfWeek"]} for day in period["weekdays"]
        ]
    if period.get("label"):
        base["additionalInformation"] = lang_map(period["label"])
    if period.get("exceptional"):
        base["opensit:exceptional"] = True
    if period.get("recurs_yearly"):
        base["opensit:yearly"] = True
    specs = []
    for times in period.get("times") or [{}]:
        spec = dict(base)
        if times.get("opens"):
            spec["schema:opens"] = time_value(times["opens"])
        if times.get("closes"):
            spec["schema:closes"] = time_value(times["closes"])
        specs.append(spec)
    return specs


def opening(node: dict[str, Any], opening: dict[str, Any]) -> None:
    """Opening periods into `node` (a Place, or an aspect's opening): open ones as
    `schema:openingHoursSpecification` (what a DATAtourisme consumer reads), closed ones,
    closures and the summary as `opensit:` terms. Each specification names its period."""
    hours: list[dict[str, Any]] = []
    closed: list[dict[str, Any]] = []
    for index, period in enumerate(opening.get("periods", [])):
        (closed if period.get("closed") else hours).extend(_specs(period, index))
    if hours:
        node["schema:openingHoursSpecification"] = hours
    if closed:
        node["opensit:closedHoursSpecification"] = closed
    closures = []
    for closure in opening.get("closures", []):
        item: dict[str, Any] = {}
        if closure.get("date"):
            item["opensit:date"] = closure["date"]
        if closure.get("holiday"):
            item["opensit:holiday"] = closure["holiday"]
        if closure.get("reason"):
            item["opensit:reason"] = lang_map(closure["reason"])
        closures.append(item)
    if closures:
        node["opensit:closure"] = closures
    if opening.get("summary"):
        node["opensit:openingSummary"] = lang_map(opening["summary"])


# -- event dates -----------------------------------------------------------------------------------


def _period(start: str, end: str | None, opens: str | None, closes: str | None) -> dict:
    period: dict[str, Any] = {"@type": ["Period"], "startDate": start, "endDate": end or start}
    if opens:
        period["startTime"] = time_value(opens)
    if closes:
        period["endTime"] = time_value(closes)
    return period


def periods(event: dict[str, Any] | None, marked: bool = False) -> list[dict[str, Any]]:
    """Occurrences as periods; recurrence rules expanded (minus their exception dates). Marked,
    the periods of rules say so (the rules themselves are written apart) and a single-day
    occurrence says it has no end date."""
    if not event:
        return []
    out = []
    for o in event.get("occurrences", []):
        period = _period(o["start_date"], o.get("end_date"), o.get("start_time"), o.get("end_time"))
        if marked and not o.get("end_date"):
            period["opensit:singleDay"] = True
        out.append(period)
    for rec in event.get("recurrences", []):
        days = recurrence_days(rec["start_date"], rec["rrule"], tuple(rec.get("exdates", ())))
        opens, closes = rec.get("start_time"), rec.get("end_time")
        for day in days:
            period = _period(day, day, opens, closes)
            if marked:
                period["opensit:fromRecurrence"] = True
            out.append(period)
    return out


def recurrences(event: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The recurrence rules themselves: DATAtourisme has none, its consumers read the days."""
    out = []
    for rec in (event or {}).get("recurrences", []):
        node: dict[str, Any] = {
            "opensit:startDate": rec["start_date"],
            "opensit:rrule": rec["rrule"],
        }
        if rec.get("start_time"):
            node["opensit:startTime"] = time_value(rec["start_time"])
        if rec.get("end_time"):
            node["opensit:endTime"] = time_value(rec["end_time"])
        if rec.get("exdates"):
            node["opensit:exceptDate"] = list(rec["exdates"])
        out.append(node)
    return out


@lru_cache(maxsize=4096)
def recurrence_days(start_date: str, rule: str, exdates: tuple[str, ...]) -> tuple[str, ...]:
    """The days of a rule (at most RECURRENCE_LIMIT), minus its exception dates: rules repeat
    across a catalog (every Saturday from a date), so they are expanded once."""
    start = datetime.combine(date.fromisoformat(start_date), datetime.min.time())
    skipped = set(exdates)
    days = (
        when.date().isoformat() for when in islice(rrulestr(rule, dtstart=start), RECURRENCE_LIMIT)
    )
    return tuple(day for day in days if day not in skipped)


# -- prices ----------------------------------------------------------------------------------------


def _season(start: Any, end: Any, label: dict[str, str] | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": ["PricingSeason"]}
    if start:
        node["startDate"] = start
    if end:
        node["endDate"] = end
    if label:
        node["rdfs:label"] = lang_map(label)
    return node


def price(price: dict[str, Any], concept: Concept) -> dict[str, Any]:
    """One row of a price list with the ontology's PriceSpecification terms: `name`, policy,
    audiences, offer, pricing modes (units), seasons (periods), `additionalInformation`."""
    spec: dict[str, Any] = {
        "@type": ["schema:PriceSpecification", "PriceSpecification"],
        "schema:priceCurrency": price.get("currency", "EUR"),
    }
    if price.get("min") is not None:
        spec["schema:minPrice"] = str(price["min"])
    if price.get("max") is not None:
        spec["schema:maxPrice"] = str(price["max"])
    if price.get("label"):
        spec["name"] = lang_map(price["label"])
    if price.get("policy"):
        spec["hasEligiblePolicy"] = [concept(price["policy"], "PricingPolicy")]
    elif price.get("free"):  # a DATAtourisme consumer knows free prices by this policy
        spec["hasEligiblePolicy"] = [
            {"@id": "kb:Free", "@type": ["PricingPolicy"], "opensit:code": ""}
        ]
    if price.get("free"):
        spec["opensit:free"] = True
    if price.get("audiences"):
        spec["hasEligibleAudience"] = [concept(c, "PeopleAudience") for c in price["audiences"]]
    if price.get("offer"):
        spec["hasPricingOffer"] = [concept(price["offer"], "PricingOffer")]
    units = ([price["unit"]] if price.get("unit") else []) + list(price.get("further_units", []))
    if units:
        spec["hasPricingMode"] = [concept(unit, "PricingMode") for unit in units]
        if not price.get("unit"):
            spec["hasPricingMode"].insert(0, {"@type": ["PricingMode"], "opensit:code": ""})
    further = price.get("further_periods", [])
    if price.get("season") or price.get("period_start") or price.get("period_end") or further:
        seasons = [_season(price.get("period_start"), price.get("period_end"), price.get("season"))]
        seasons += [_season(p.get("start"), p.get("end")) for p in further]
        spec["hasPricingSeason"] = seasons
    if price.get("conditions"):
        spec["additionalInformation"] = lang_map(price["conditions"])
    return spec


def offer(pricing: dict[str, Any], concept: Concept) -> dict[str, Any] | None:
    """The schema:Offer of a price list: its prices, payment methods, and (opensit:) whether
    the whole is free and its summary."""
    node: dict[str, Any] = {"@type": ["schema:Offer", "Offer"]}
    specs = [price(p, concept) for p in pricing.get("prices", [])]
    if not specs and pricing.get("free"):
        specs.append(
            {
                "@type": ["schema:PriceSpecification", "PriceSpecification"],
                "schema:priceCurrency": "EUR",
                "hasEligiblePolicy": [{"@id": "kb:Free", "@type": ["PricingPolicy"]}],
                "opensit:implied": True,  # not a row of the list: read back as none
            }
        )
    if specs:
        node["schema:priceSpecification"] = specs
    if pricing.get("payment_methods"):
        node["schema:acceptedPaymentMethod"] = [
            concept(code, "schema:PaymentMethod") for code in pricing["payment_methods"]
        ]
    if pricing.get("free") is not None:
        node["opensit:free"] = pricing["free"]
    if pricing.get("summary"):
        node["opensit:summary"] = lang_map(pricing["summary"])
    return node if len(node) > 1 else None


# -- contacts --------------------------------------------------------------------------------------


def contact_agents(contacts: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(property, Agent) pairs: one agent per run of contacts of the same role and label, in
    order, each value under its ontology property. `opensit:position` is the index of the
    agent's first contact and `opensit:kinds` the kinds when one is not its property's default
    (a mobile, a social network), so the list is read back in its order and kinds."""
    agents: list[tuple[str, dict[str, Any]]] = []
    current: dict[str, Any] | None = None
    key: tuple = ()
    kinds: list[str] = []
    last = ""
    for index, contact in enumerate(contacts):
        role, label = contact.get("role", "main"), contact.get("label", "")
        prop = CONTACT_PROPERTIES.get(contact["kind"], "foaf:homepage")
        if current is None or key != (role, label) or (prop in current and last != prop):
            if current is not None and kinds != [DEFAULT_KINDS[p] for p in _props(current)]:
                current["opensit:kinds"] = kinds
            current = {"@type": ["foaf:Agent", "Agent"], "opensit:position": index}
            if label:
                current["schema:legalName"] = label
            if role == "other":
                current["opensit:role"] = "other"
            agents.append((ROLE_PROPERTIES.get(role, "hasContact"), current))
            key, kinds = (role, label), []
        current.setdefault(prop, []).append(contact["value"])
        kinds.append(contact["kind"])
        last = prop
    if current is not None and kinds != [DEFAULT_KINDS[p] for p in _props(current)]:
        current["opensit:kinds"] = kinds
    return agents


def _props(agent: dict[str, Any]) -> list[str]:
    return [p for key, values in agent.items() if key in DEFAULT_KINDS for p in [key] * len(values)]


def booking(document: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(booking agent for DATAtourisme consumers when no booking contact says it, the booking
    block as `opensit:booking`)."""
    block = document.get("booking") or {}
    if not any(block.values()):
        return None, None
    ours: dict[str, Any] = {}
    for key in ("url", "email", "phone", "organisation"):
        term = f"opensit:{key}"
        if block.get(key):
            ours[term] = block[key]
    if block.get("notes"):
        ours["opensit:notes"] = lang_map(block["notes"])
    if any(c.get("role") == "booking" for c in document.get("contacts", [])):
        return None, ours
    agent: dict[str, Any] = {"@type": ["foaf:Agent", "Agent"]}
    for key, prop in (
        ("phone", "schema:telephone"),
        ("email", "schema:email"),
        ("url", "foaf:homepage"),
    ):
        if block.get(key):
            agent[prop] = [block[key]]
    if block.get("organisation"):
        agent["schema:legalName"] = block["organisation"]
    return (agent if len(agent) > 1 else None), ours
