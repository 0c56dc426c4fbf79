"""Tourinsoft `Tarifs` -> the canonical prices, and the capacity fields.

A v2 price list is `label|complement|min|max|...#...`: `Adulte plein tarif||||`,
`Tarif enfant|14/18 ans|||`, `Autre Tarif|Chambre triple|||`. Who a row is for (policy,
audiences) and what it is per (units) are read from the words of its label and complement;
a complement naming a season is the season, dates in it are the period, the rest conditions.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Price, PricePeriod
from opensit.connectors.base import RecordReport
from opensit.connectors.tourinsoft.values import items, parse_date, parse_number, parts, slug

#: Words of a price's label -> its pricing policy code (first match wins).
POLICIES: list[tuple[str, str]] = [
    (r"\bgratuit", "free"),
    (r"\bplein-tarif|\btarif-plein|\bplein\b", "full_rate"),
    (r"\breduit", "reduced_rate"),
    (r"\bforfait", "package"),
    (r"\babonnement", "season_ticket"),
]
#: Words -> audience codes (every match counts).
AUDIENCES: list[tuple[str, str]] = [
    (r"\badultes?\b", "adults"),
    (r"\benfants?\b|\bjunior", "children"),
    (r"\bgroupes?\b", "groups"),
    (r"\bseniors?\b", "seniors"),
    (r"\betudiants?\b", "students"),
    (r"\bfamilles?\b|\bfamilial", "families"),
    (r"\bhandicap", "disabled"),
    (r"\bscolaires?\b", "school_groups"),
]
#: Words -> units, in the document's words (every match counts, in this order).
UNITS: list[tuple[str, str]] = [
    (r"\bchambres?\b", "per room"),
    (r"\bpar-personne|\bpar-pers\b|-pers-?$", "per person"),
    (r"\bnuit|\bnuitee", "per night"),
    (r"\bsemaine", "per week"),
    (r"\bweek-end", "per weekend"),
    (r"\bjournee|\bpar-jour\b", "per day"),
    (r"\bemplacements?\b", "per pitch"),
    (r"\bheures?\b", "per hour"),
    (r"\bmois\b", "per month"),
]
_SEASON = re.compile(r"\bsaison\b|\bhiver\b|\bete\b|\bvacances\b")
_DATES = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
GENERIC_LABELS = {"autre-tarif", "autre", "autres-tarifs", "tarif"}
#: Capacity fields by the words of their key (`CapaciteTotale`, `NbChambres`...).
CAPACITY: list[tuple[str, str]] = [
    (r"chambre", "rooms"),
    (r"emplacement", "pitches"),
    (r"lit", "beds"),
    (r"couvert|place|siege", "seats"),
    (r"logement|gite|appartement|chalet|mobil", "units"),
    (r"personne|capacite|total", "persons"),
]


def _matches(table: list[tuple[str, str]], words: str) -> list[str]:
    out: list[str] = []
    for pattern, code in table:
        if re.search(pattern, words) and code not in out:
            out.append(code)
    return out


def _row(pieces: list[str], where: str, report: RecordReport) -> Price:
    label, complement = pieces[0], pieces[1] if len(pieces) > 1 else ""
    if slug(label) in GENERIC_LABELS and complement:
        label, complement = complement, ""
    low = parse_number(pieces[2]) if len(pieces) > 2 and pieces[2] else None
    high = parse_number(pieces[3]) if len(pieces) > 3 and pieces[3] else None
    if (low is not None and low < 0) or (high is not None and high < 0):
        report.warn(where, _("negative price ignored"))
        low = low if low is not None and low >= 0 else None
        high = high if high is not None and high >= 0 else None
    if low is not None and high is not None and high < low:
        report.warn(where, _("maximum below the minimum; swapped"))
        low, high = high, low
    words = slug(f"{label} {complement}")
    policies = _matches(POLICIES, words)
    units = _matches(UNITS, words)
    rest = [p for p in pieces[4:] if p]
    dates = [d for d in (parse_date(v) for v in _DATES.findall(" ".join([complement, *rest]))) if d]
    season, conditions = {}, [p for p in rest if not _DATES.fullmatch(p)]
    if complement and _SEASON.search(slug(complement)):
        season = {"fr": complement}
    elif complement and not _DATES.fullmatch(complement):
        conditions.insert(0, complement)
    periods = [
        PricePeriod(start=dates[i], end=dates[i + 1] if i + 1 < len(dates) else None)
        for i in range(0, len(dates), 2)
    ]
    periods = [p for p in periods if not (p.start and p.end and p.end < p.start)]
    free = "free" in policies or (low == 0 and high in (None, 0))
    return Price(
        label={"fr": label} if label else {},
        policy=policies[0] if policies else "",
        audiences=_matches(AUDIENCES, words),
        min=low,
        max=high,
        unit=units[0] if units else "",
        further_units=units[1:],
        season=season,
        period_start=periods[0].start if periods else None,
        period_end=periods[0].end if periods else None,
        further_periods=periods[1:],
        conditions={"fr": " ; ".join(conditions)} if conditions else {},
        free=free,
    )


def prices(value: Any, field_name: str, report: RecordReport) -> list[Price]:
    """The rows of a `Tarifs` string; an empty row is skipped."""
    out = []
    for index, item in enumerate(items(value)):
        pieces = parts(item)
        if not any(pieces):
            continue
        out.append(_row(pieces, f"{field_name}[{index}]", report))
    return out


def capacity_field(key: str) -> str | None:
    """The capacity field a Tourinsoft key fills, if it is a capacity (`CapaciteTotale`)."""
    words = slug(re.sub(r"(?<=[a-z])(?=[A-Z])", "-", key))
    if not re.search(r"\bcapacite|\bnb\b|\bnombre\b|\bnbre\b", words):
        return None
    found = _matches(CAPACITY, words)
    return found[0] if found else None
