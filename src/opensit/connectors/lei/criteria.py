"""LEI criteria (`CRITERES/Crit`): each names a criterion and a modality by key, with an
optional value. The file's nomenclature names them; the criterion's name then says where the
value goes (declarative table below). What no row claims is kept, with its names, in
`extra["lei"]["criteres"]`; a criterion the nomenclature does not name is reported by path.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Contact, Media, Price
from opensit.catalog.document.values import language_code
from opensit.catalog.vocabularies import Entry, Scheme
from opensit.connectors.base import RecordReport
from opensit.connectors.lei.reader import Nomenclature
from opensit.connectors.xmlread import (
    CAPACITY_KEYWORDS,
    Element,
    add_unique,
    audiences,
    children,
    first_match,
    folded,
    integer,
    is_absolute_url,
    number,
    plain,
    season,
    source_code,
    text,
)

#: Criterion names (folded keywords) -> what the criterion holds. First match wins.
CRITERIA: list[tuple[tuple[str, ...], str]] = [
    (("photo", "image", "visuel"), "photo"),
    (("video",), "video"),
    (("document", "brochure", "plaquette"), "document"),
    (("tarif", "prix"), "price"),
    (("reseaux sociaux", "reseau social"), "social"),
    (("dates et heures en texte", "horaires en texte", "ouverture en clair", "periode en clair"),
     "opening_summary"),
    (("tarifs en clair", "tarif en clair"), "pricing_summary"),
    (("langue",), "language"),
    (("classement", "etoile", "epis", "cles vacances"), "classification"),
    (("label", "marque", "distinction"), "label"),
    (("paiement",), "payment"),
    (("handicap", "accessib"), "accessibility"),
    (("capacite", "nombre de"), "capacity"),
    (("equipement", "service", "confort", "wifi", "activite", "prestation", "animaux"),
     "amenity"),
    (("theme", "thematique", "ambiance", "specificite"), "theme"),
]  # fmt: skip

SCHEMES = {
    "classification": ("classifications", Scheme.CLASSIFICATION),
    "label": ("labels", Scheme.LABEL),
    "payment": ("payment_methods", Scheme.PAYMENT),
    "accessibility": ("accessibility", Scheme.ACCESSIBILITY),
    "amenity": ("amenities", Scheme.AMENITY),
    "theme": ("themes", Scheme.THEME),
}

#: Social network modality labels -> contact kinds.
SOCIAL = [
    (("facebook",), "facebook"),
    (("twitter",), "twitter"),
    (("instagram",), "instagram"),
    (("youtube",), "youtube"),
    (("tiktok",), "tiktok"),
    (("linkedin",), "linkedin"),
    (("tripadvisor",), "tripadvisor"),
]
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


@dataclass
class Criteria:
    """What the criteria of one record gave, per target."""

    media: list[Media] = field(default_factory=list)
    prices: list[Price] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    codes: dict[str, list[str]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    capacity: dict[str, int] = field(default_factory=dict)
    opening_summary: list[str] = field(default_factory=list)
    pricing_summary: list[str] = field(default_factory=list)
    kept: list[dict[str, Any]] = field(default_factory=list)


def read_criteria(
    block: Element | None, names: Nomenclature, report: RecordReport, lang: str
) -> Criteria:
    out = Criteria()
    if block is None:
        return out
    for number_, crit in enumerate(children(block, "Crit"), start=1):
        _one(crit, number_, names, report, lang, out)
    return out


def _report_once(report: RecordReport, key: str) -> None:
    if key not in report.unknown_keys:
        report.unknown(key)


def _one(
    crit: Element, index: int, names: Nomenclature, report: RecordReport, lang: str, out: Criteria
) -> None:
    key, moda, value = crit.get("CLEF_CRITERE", ""), crit.get("CLEF_MODA", ""), text(crit)
    criterion = names.get(key)
    modality = criterion.modalities.get(moda, "") if criterion else ""
    name = criterion.name if criterion else ""
    target = first_match(name, CRITERIA) if name else None
    where = f"CRITERES/Crit[{index}]"
    if target is None and not criterion:
        _report_once(report, f"CRITERES/Crit[@CLEF_CRITERE={key}]")
        if value.lower().endswith(_IMAGE_SUFFIXES):
            target = "photo"  # an image URL needs no name to be a photo
    handled = target is not None and _apply(target, value, key, moda, name, modality, lang, out)
    if target in {"photo", "video", "document"} and value and not is_absolute_url(value):
        message = _("%(value)r is not an absolute http(s) URL; kept in extra")
        report.warn(where, message % {"value": value[:80]})
    if not handled:
        kept = {"critere": key, "modalite": moda}
        if name:
            kept["nom"] = name
        if modality:
            kept["libelle"] = modality
        if value:
            kept["valeur"] = value
        out.kept.append(kept)


def _apply(
    target: str, value: str, key: str, moda: str, name: str, modality: str, lang: str, out: Criteria
) -> bool:
    """Put one criterion where its target says; False when it holds nothing usable there."""
    if target in {"photo", "video", "document"}:
        if not is_absolute_url(value):
            return False
        kind = {"photo": "image", "video": "video", "document": "document"}[target]
        title = {lang: modality} if modality and kind != "image" else {}
        out.media.append(Media(kind=kind, url=value, title=title))
        return True
    if target == "price":
        label = modality or name
        amount = number(value)
        price = Price(
            label={lang: label} if label else {},
            audiences=audiences(label),
            season=season(label),
            min=amount if amount is not None and amount >= 0 else None,
            conditions={lang: value} if value and amount is None else {},
        )
        out.prices.append(price)
        return True
    if target == "social":
        kind = first_match(modality, SOCIAL) or "social"
        if not value:
            return False
        out.contacts.append(Contact(kind=kind, value=value, label=modality))
        return True
    if target in {"opening_summary", "pricing_summary"}:
        if not value:
            return False
        getattr(out, target).append(plain(value))
        return True
    if target == "language":
        code = language_code(modality) if modality else None
        if code is None:
            return False
        add_unique(out.languages, code)
        return True
    if target == "capacity":
        count = integer(value)
        field_name = first_match(f"{modality} {name}", CAPACITY_KEYWORDS)
        if count is None or field_name is None:
            return False
        out.capacity[field_name] = max(count, out.capacity.get(field_name, 0))
        return True
    if target in SCHEMES:
        if not moda or moda == "0" or not modality:
            return False
        if folded(modality) in {"non", "no", "nein"}:
            return False
        field_name, scheme = SCHEMES[target]
        code = source_code("lei", moda)
        add_unique(out.codes.setdefault(field_name, []), code)
        if folded(modality) in {"oui", "yes", "ja"}:
            label = name
        elif target in {"amenity", "theme", "accessibility"} and name:
            label = f"{name} : {modality}"
        else:
            label = modality
        out.entries.append(Entry(scheme=scheme, code=code, labels={"fr": label}))
        return not value  # a value beside the modality (a number, a detail): kept too
    return False
