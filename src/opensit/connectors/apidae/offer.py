"""Apidae `descriptionTarif` -> pricing, and the `capacite` of type blocks -> capacity."""

from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Capacity, Price, Pricing
from opensit.catalog.vocabularies import Scheme
from opensit.connectors.apidae.references import References, lang_text
from opensit.connectors.apidae.timing import parse_date
from opensit.connectors.base import MappingError, RecordReport

_PRICING_KEYS = {"gratuit", "indicationTarif", "periodes", "modesPaiement", "tarifsEnClair"}
_TARIF_KEYS = {"minimum", "maximum", "type", "precisionTarif", "devise"}
_PERIOD_KEYS = {"dateDebut", "dateFin", "tarifs", "nom"}  # the type stays aside too

# Capacity keys of the Apidae type blocks, by canonical field (the first one present wins).
CAPACITY_KEYS: dict[str, tuple[str, ...]] = {
    "rooms": (
        "nombreChambres",
        "nombreChambresDeclareesHotelier",
        "nombreChambresClassees",
        "nombreTotalChambres",
    ),
    "pitches": ("nombreEmplacementsDeclares", "nombreEmplacementsClasses", "nombreEmplacements"),
    "persons": (
        "capaciteHebergement",
        "capaciteTotale",
        "nombreTotalPersonnes",
        "nombrePersonnes",
        "capaciteMaximumPossible",
    ),
    "units": ("nombreHebergements", "nombreLogements", "nombreMobilhomes"),
    "seats": ("nombreMaximumCouverts", "nombreCouverts", "capaciteMaximum"),
}


def _amount(value: Any, field: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        amount = float(value)
    except (TypeError, ValueError) as exc:
        raise MappingError(field, _("not a number: %(value)r") % {"value": value}) from exc
    if amount < 0:
        raise MappingError(field, _("negative price %(value)s") % {"value": amount})
    return amount


def _price_label(
    refs: References, tarif: dict[str, Any], where: str, report: RecordReport | None
) -> dict[str, str]:
    """The tariff type's labels (its own, completed from `elements_reference.json`); a type
    known by its id only gets a readable label from the id, with a warning."""
    kind = tarif.get("type")
    if not isinstance(kind, dict):
        return {}
    label = refs.labels(kind)
    if not label and kind.get("id") is not None:
        # a label of the data, in the two languages of the catalog (not of the interface)
        label = {"fr": f"Tarif {kind['id']}", "en": f"Price type {kind['id']}"}
        if report is not None:
            report.warn(
                f"{where}.type",
                _("no label for the price type %(id)s; labelled from its id") % {"id": kind["id"]},
            )
    return label


def _currency(value: Any, where: str, report: RecordReport | None) -> str:
    code = str(value or "EUR").strip().upper()
    if len(code) == 3 and code.isalpha():
        return code
    if report is not None:
        report.warn(
            f"{where}.devise", _("not a currency code: %(value)r; EUR kept") % {"value": value}
        )
    return "EUR"


def pricing(
    block: dict[str, Any],
    refs: References,
    report: RecordReport | None = None,
    field: str = "descriptionTarif",
    audiences: tuple[str, ...] = (),
) -> tuple[Pricing, dict[str, Any]]:
    """Prices with their label (the tariff type), policy (its code), conditions
    (`precisionTarif`), season (the period's type or name) and dates; what is left aside."""
    free = block.get("gratuit")
    if free is None and block.get("indicationTarif") in ("GRATUIT", "PAYANT"):
        free = block["indicationTarif"] == "GRATUIT"
    prices: list[Price] = []
    leftovers: dict[str, Any] = {}
    for p_index, period in enumerate(block.get("periodes") or []):
        where_period = f"{field}.periodes[{p_index}]"
        start = parse_date(period.get("dateDebut"), f"{where_period}.dateDebut")
        end = parse_date(period.get("dateFin"), f"{where_period}.dateFin")
        season = lang_text(period.get("nom"))
        if isinstance(period.get("type"), dict):
            refs.code(period["type"], "tarifs")
            season = season or refs.labels(period["type"])
        for t_index, tarif in enumerate(period.get("tarifs") or []):
            where = f"{where_period}.tarifs[{t_index}]"
            low = _amount(tarif.get("minimum"), f"{where}.minimum")
            high = _amount(tarif.get("maximum"), f"{where}.maximum")
            if low is not None and high is not None and high < low:
                raise MappingError(f"{where}.maximum", _("the maximum is below the minimum"))
            policy = ""
            if isinstance(tarif.get("type"), dict):
                policy = refs.code(tarif["type"], "tarifs", Scheme.OTHER) or ""
            prices.append(
                Price(
                    label=_price_label(refs, tarif, where, report),
                    policy=policy,
                    audiences=list(audiences),
                    min=low,
                    max=high,
                    currency=_currency(tarif.get("devise"), where, report),
                    season=season,
                    period_start=start,
                    period_end=end,
                    conditions=lang_text(tarif.get("precisionTarif")),
                    free=low == 0 and (high or 0) == 0,
                )
            )
            rest = {k: v for k, v in tarif.items() if k not in _TARIF_KEYS}
            if rest:
                leftovers.setdefault("tarifs", []).append(rest)
        rest = {k: v for k, v in period.items() if k not in _PERIOD_KEYS}
        if rest:
            leftovers.setdefault("periodes", []).append(rest)
    for key, value in block.items():
        if key not in _PRICING_KEYS:
            leftovers[key] = value
    summary = lang_text(block.get("tarifsEnClair"))
    result = Pricing(
        free=free,
        prices=prices,
        payment_methods=refs.codes(block.get("modesPaiement") or [], scheme=Scheme.PAYMENT),
        summary=summary,
    )
    return result, leftovers


def capacity(capacite: dict[str, Any], field: str) -> tuple[Capacity, dict[str, Any]]:
    values: dict[str, int] = {}
    used: set[str] = set()
    for target, keys in CAPACITY_KEYS.items():
        for key in keys:
            if isinstance(capacite.get(key), int | float) and not isinstance(capacite[key], bool):
                if capacite[key] < 0:
                    raise MappingError(f"{field}.{key}", _("negative capacity"))
                values[target] = int(capacite[key])
                used.add(key)
                break
    beds = [capacite.get(k) for k in ("nombreLitsDoubles", "nombreLitsSimples", "nombreLits")]
    if any(isinstance(b, int) for b in beds):
        values["beds"] = sum(b for b in beds if isinstance(b, int))
    leftovers = {k: v for k, v in capacite.items() if k not in used}
    return Capacity(**values), leftovers
