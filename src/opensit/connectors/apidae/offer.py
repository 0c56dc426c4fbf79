"""Apidae `descriptionTarif` -> pricing, and the `capacite` of type blocks -> capacity."""

from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Capacity, Price, Pricing
from opensit.catalog.vocabularies import Scheme
from opensit.connectors.apidae.references import References, lang_text
from opensit.connectors.apidae.timing import parse_date
from opensit.connectors.base import MappingError

_PRICING_KEYS = {"gratuit", "indicationTarif", "periodes", "modesPaiement", "tarifsEnClair"}
_TARIF_KEYS = {"minimum", "maximum", "type", "precisionTarif", "devise"}

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


def _price_label(refs: References, tarif: dict[str, Any]) -> dict[str, str]:
    label = refs.labels(tarif["type"]) if isinstance(tarif.get("type"), dict) else {}
    precision = lang_text(tarif.get("precisionTarif"))
    for lang, text in precision.items():
        label[lang] = f"{label[lang]} — {text}" if label.get(lang) else text
    return label


def pricing(block: dict[str, Any], refs: References) -> tuple[Pricing, dict[str, Any]]:
    free = block.get("gratuit")
    if free is None and block.get("indicationTarif") in ("GRATUIT", "PAYANT"):
        free = block["indicationTarif"] == "GRATUIT"
    prices: list[Price] = []
    leftovers: dict[str, Any] = {}
    for p_index, period in enumerate(block.get("periodes") or []):
        field = f"descriptionTarif.periodes[{p_index}]"
        start = parse_date(period.get("dateDebut"), f"{field}.dateDebut")
        end = parse_date(period.get("dateFin"), f"{field}.dateFin")
        for t_index, tarif in enumerate(period.get("tarifs") or []):
            where = f"{field}.tarifs[{t_index}]"
            low = _amount(tarif.get("minimum"), f"{where}.minimum")
            high = _amount(tarif.get("maximum"), f"{where}.maximum")
            if low is not None and high is not None and high < low:
                raise MappingError(f"{where}.maximum", _("the maximum is below the minimum"))
            if isinstance(tarif.get("type"), dict):
                refs.code(tarif["type"], "tarifs")
            currency = tarif.get("devise") or "EUR"
            prices.append(
                Price(
                    label=_price_label(refs, tarif),
                    min=low,
                    max=high,
                    currency=str(currency).upper() if len(str(currency)) == 3 else "EUR",
                    period_start=start,
                    period_end=end,
                    free=low == 0 and (high or 0) == 0,
                )
            )
            rest = {k: v for k, v in tarif.items() if k not in _TARIF_KEYS}
            if rest:
                leftovers.setdefault("tarifs", []).append(rest)
        rest = {k: v for k, v in period.items() if k not in ("dateDebut", "dateFin", "tarifs")}
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
