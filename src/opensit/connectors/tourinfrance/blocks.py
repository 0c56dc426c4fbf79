"""TourinFrance v3 blocks that hold lists: media, contacts, prices, capacities, services,
classifications, periods. Each function reads one block and says which element paths it read,
so the mapping can report (and keep) the rest.
"""

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import (
    Capacity,
    Contact,
    Media,
    Occurrence,
    OpeningPeriod,
    Price,
    PricePeriod,
    TimeRange,
)
from opensit.catalog.vocabularies import Entry, Scheme
from opensit.connectors.base import RecordReport
from opensit.connectors.xmlread import (
    CAPACITY_KEYWORDS,
    Element,
    add_unique,
    audiences,
    child,
    child_text,
    children,
    clock,
    day,
    first_match,
    folded,
    integer,
    is_absolute_url,
    lang_of,
    number,
    path_find,
    plain,
    season,
    source_code,
    text,
    to_data,
)

#: Means of contact: TourinFrance code -> contact kind (then the label decides).
CONTACT_CODES = {"04.02.01": "phone", "04.02.02": "fax", "04.02.03": "mobile",
                 "04.02.04": "email", "04.02.05": "website", "04.02.05.01": "facebook"}  # fmt: skip
CONTACT_LABELS = [
    (("portable", "mobile"), "mobile"),
    (("fax", "telecopie"), "fax"),
    (("facebook",), "facebook"),
    (("twitter",), "twitter"),
    (("instagram",), "instagram"),
    (("youtube",), "youtube"),
    (("tripadvisor",), "tripadvisor"),
    (("reseau", "social"), "social"),
    (("mel", "mail", "courriel"), "email"),
    (("site", "url", "web"), "website"),
    (("telephone", "tel"), "phone"),
]
#: Contact roles by the contact's label (`Etab/Lieu/Structure` is the object itself).
ROLES = [
    (("etab", "lieu", "structure"), "main"),
    (("reservation", "centrale"), "booking"),
    (("proprietaire", "gestionnaire", "exploitant", "responsable"), "management"),
    (("information", "renseignement", "office"), "information"),
]
#: Classement type code prefixes -> document list (06.04 official classifications, 06.01
#: approvals, 06.02 chains, 06.03 labels; 06.98 and 06.99, local and others, are kept raw).
CLASSEMENTS = [("06.04", "classifications"), ("06.01", "labels"), ("06.02", "labels"),
               ("06.03", "labels")]  # fmt: skip
SERVICE_GROUPS = [(("handicap", "accessib"), "accessibility")]
MEDIA_KINDS = [(("video",), "video"), (("audio", "son"), "audio"),
               (("document", "pdf", "brochure"), "document"),
               (("image", "photo"), "image")]  # fmt: skip


def media(block: Element | None, report: RecordReport) -> list[Media]:
    out: list[Media] = []
    for index, item in enumerate(
        children(block, "DetailMultimedia") if block is not None else [], start=1
    ):
        url = child_text(item, "URL")
        if not url:
            continue
        if not is_absolute_url(url):
            where = f"Multimedia/DetailMultimedia[{index}]/URL"
            message = _("%(value)r is not an absolute http(s) URL; dropped")
            report.warn(where, message % {"value": url[:80]})
            continue
        mime = child_text(item, "TypeMime")
        kind = _media_kind(mime, item.get("libelle", ""))
        legend = child(item, "LegendeRessource")
        out.append(
            Media(
                kind=kind,
                url=url,
                title={lang_of(item): child_text(item, "Nom")} if child_text(item, "Nom") else {},
                description={lang_of(legend): text(legend)} if text(legend) else {},
                credit=child_text(item, "Copyright"),
                mime_type=mime,
                width=integer(child_text(item, "Largeur")),
                height=integer(child_text(item, "Hauteur")),
            )
        )
    for first in out:
        if first.kind == "image":
            first.main = True
            break
    return out


def _media_kind(mime: str, label: str) -> str:
    major = mime.split("/", 1)[0].lower()
    if major in {"image", "video", "audio"}:
        return major
    if mime:
        return "document"
    return first_match(label, MEDIA_KINDS) or "link"


def contacts(block: Element | None) -> tuple[list[Contact], list[dict[str, Any]]]:
    """The means of contact of every contact, and each contact's address and persons (kept
    raw: names of people are not diffused)."""
    out: list[Contact] = []
    people: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for detail in children(block, "DetailContact") if block is not None else []:
        role = first_match(detail.get("libelle", ""), ROLES) or "other"
        organisation = child_text(detail, "RaisonSociale")
        for person in path_find(detail, "Adresses/DetailAdresse/Personnes/DetailPersonne"):
            kept = {tag: child_text(person, tag) for tag in ("Civilite", "Nom", "Prenom")}
            kept = {k: v for k, v in kept.items() if v}
            if kept:
                people.append({"contact": detail.get("libelle", ""), **kept})
            for means in path_find(person, "MoyensCommunications/DetailMoyenCom"):
                value = child_text(means, "Coord")
                if not value:
                    continue
                code = means.get("type", "")
                kind = first_match(means.get("libelle", ""), CONTACT_LABELS)
                kind = kind or CONTACT_CODES.get(code, "other")
                if (kind, value, role) in seen:
                    continue
                seen.add((kind, value, role))
                out.append(Contact(kind=kind, value=value, role=role, label=organisation))
    return out, people


def main_address(block: Element | None) -> Element | None:
    """The address of the object itself (`Etab/Lieu/Structure`), else the first one."""
    details = children(block, "DetailContact") if block is not None else []
    ordered = sorted(details, key=lambda d: first_match(d.get("libelle", ""), ROLES) != "main")
    for detail in ordered:
        for address in path_find(detail, "Adresses/DetailAdresse"):
            return address
    return None


def prices(block: Element | None, report: RecordReport) -> tuple[list[Price], list[str], str]:
    """Price rows, payment method codes and the payment observation."""
    out: list[Price] = []
    payments: list[str] = []
    if block is None:
        return out, payments, ""
    for tarifs in children(block, "DetailTarifs"):
        periods = [
            (day(child_text(d, "DateDebut")), day(child_text(d, "DateFin")))
            for d in path_find(tarifs, "Dates/DetailDates")
        ]
        periods = [(s, e) for s, e in periods if s or e]
        for index, row in enumerate(children(tarifs, "DetailTarif"), start=1):
            out.append(_price(row, periods, report, index))
    for mode in children(block, "ModesPaiement"):
        for payment in children(mode, "ModePaiement"):
            code = payment.get("type", "")
            if code:
                add_unique(payments, source_code("tif", code))
    observation = " ".join(
        text(o) for o in path_find(block, "ModesPaiement/ObservationModePaiement")
    )
    return out, payments, observation.strip()


def _price(row: Element, periods: list[tuple[Any, Any]], report: RecordReport, index: int) -> Price:
    label = child_text(row, "Nom") or row.get("libelle", "")
    standard = number(child_text(row, "TarifStandard"))
    low, high = number(child_text(row, "TarifMin")), number(child_text(row, "TarifMax"))
    if standard is not None:
        low = high = standard
    if low is not None and high is not None and high < low:
        message = _("TarifMax %(high)s below TarifMin %(low)s; swapped")
        report.warn(f"Tarifs/DetailTarif[{index}]", message % {"high": high, "low": low})
        low, high = high, low
    amount = child(row, "MontantPourcent")
    percent = amount is not None and "pourcent" in folded(text(amount) + amount.get("type", ""))
    conditions = plain(child_text(row, "DescriptionTarif"))
    if percent:  # a rate, not a price in euros
        rate = " - ".join(
            f"{v:g} %" for v in dict.fromkeys(x for x in (low, high) if x is not None)
        )
        conditions = "\n".join(x for x in (rate, conditions) if x)
        low = high = None
    mode = child(row, "TarifMode")
    start, end = periods[0] if periods else (None, None)
    return Price(
        label={"fr": label} if label else {},
        audiences=audiences(label),
        season=season(label),
        offer=source_code("tif", row.get("type", "")) if row.get("type") else "",
        min=low if low is not None and low >= 0 else None,
        max=high if high is not None and high >= 0 else None,
        unit=text(mode) if mode is not None else "",
        period_start=start,
        period_end=end,
        further_periods=[PricePeriod(start=s, end=e) for s, e in periods[1:]],
        conditions={"fr": conditions} if conditions else {},
        free=low == 0 and high == 0 if low is not None else False,
    )


def capacity(block: Element | None) -> Capacity:
    """Global capacities by unit label; one unit given twice (classified or not) counts once,
    at its highest, and different units of one field (gîtes, chalets) add up."""
    found: dict[str, dict[str, int]] = {}
    for total in path_find(block, "CapacitesGlobales/Capacite") if block is not None else []:
        count = integer(text(total))
        name = first_match(total.get("libelle", ""), CAPACITY_KEYWORDS)
        if count is None or name is None:
            continue
        by_unit = found.setdefault(name, {})
        unit = total.get("unite", "") or total.get("libelle", "")
        by_unit[unit] = max(count, by_unit.get(unit, 0))
    return Capacity(**{name: sum(units.values()) for name, units in found.items()})


def services(block: Element | None) -> tuple[dict[str, list[str]], list[Entry]]:
    """Amenities (and accessibility) codes of `OffresPrestations`, with their labels."""
    codes: dict[str, list[str]] = {}
    entries: list[Entry] = []
    for offer in children(block, "DetailOffrePrestation") if block is not None else []:
        target = first_match(offer.get("libelle", ""), SERVICE_GROUPS) or "amenities"
        scheme = Scheme.ACCESSIBILITY if target == "accessibility" else Scheme.AMENITY
        for detail in children(offer, "DetailPrestation"):
            service = child(detail, "Prestation")
            if service is None or not service.get("type"):
                continue
            code = source_code("tif", service.get("type", ""))
            add_unique(codes.setdefault(target, []), code)
            label = text(service) or child_text(detail, "Nom")
            entries.append(Entry(scheme=scheme, code=code, labels={"fr": label} if label else {}))
    return codes, entries


def classements(block: Element | None) -> tuple[dict[str, list[str]], list[Entry], list[Any]]:
    """Classifications and labels by their type code; the rest (local lists, reviews) kept."""
    codes: dict[str, list[str]] = {}
    entries: list[Entry] = []
    kept: list[Any] = []
    for detail in children(block, "DetailClassement") if block is not None else []:
        family = detail.get("type", "")
        target = next((t for prefix, t in CLASSEMENTS if family.startswith(prefix)), None)
        grade = child(detail, "Classement")
        code_of = (grade.get("type") if grade is not None else "") or family
        if target is None or not code_of:
            kept.append(_raw(detail))
            continue
        label = " ".join(x for x in (detail.get("libelle", ""), text(grade)) if x)
        code = source_code("tif", code_of)
        add_unique(codes.setdefault(target, []), code)
        scheme = Scheme.CLASSIFICATION if target == "classifications" else Scheme.LABEL
        entries.append(Entry(scheme=scheme, code=code, labels={"fr": label} if label else {}))
        rest = {k: child_text(detail, k) for k in ("DateClassement", "NumeroClassement")}
        observation = child_text(detail, "ObservationDetailClassement")
        if observation:
            rest["ObservationDetailClassement"] = observation
        if any(rest.values()):
            kept.append({"code": code, **{k: v for k, v in rest.items() if v}})
    return codes, entries, kept


def _raw(element: Element) -> Any:
    return to_data(element)


@dataclass
class Slot:
    """One `DetailDates` of a period: its dates, its days and hours when given."""

    start: date | None
    end: date | None
    closed: bool
    note: str
    weekdays: list[str] = field(default_factory=list)
    times: list[tuple[time, time | None]] = field(default_factory=list)

    @property
    def ordered(self) -> bool:
        return not (self.start and self.end and self.end < self.start)


#: Day names of `Jours/DetailJours/Jour` (or of its `libelle`) -> weekday codes.
DAY_NAMES = {"lundi": "mon", "mardi": "tue", "mercredi": "wed", "jeudi": "thu",
             "vendredi": "fri", "samedi": "sat", "dimanche": "sun"}  # fmt: skip


def periods(block: Element | None) -> list[Slot]:
    """Every `DetailPeriode/Dates/DetailDates` with its days (`Jours/DetailJours/Jour`) and
    hours (`Horaires/Horaire`: `HoraireDebut`, `HoraireFin`)."""
    out = []
    for period in children(block, "DetailPeriode") if block is not None else []:
        closed = "fermeture" in folded(period.get("libelle", ""))
        note = plain(child_text(period, "ObservationDetailPeriode"))
        for dates in path_find(period, "Dates/DetailDates"):
            start, end = day(child_text(dates, "DateDebut")), day(child_text(dates, "DateFin"))
            if not (start or end):
                continue
            slot = Slot(start, end, closed, note)
            for jour in path_find(dates, "Jours/DetailJours/Jour"):
                name = folded(text(jour) or jour.get("libelle", ""))
                code = next((c for n, c in DAY_NAMES.items() if n in name), None)
                if code:
                    add_unique(slot.weekdays, code)
            for horaire in path_find(dates, "Horaires/Horaire"):
                opens = clock(child_text(horaire, "HoraireDebut"))
                if opens is not None:
                    slot.times.append((opens, clock(child_text(horaire, "HoraireFin"))))
            out.append(slot)
    return out


def opening_periods(found: list[Slot]) -> list[OpeningPeriod]:
    return [
        OpeningPeriod(
            start=slot.start,
            end=slot.end,
            closed=slot.closed,
            weekdays=slot.weekdays,
            times=[TimeRange(opens=o, closes=c) for o, c in slot.times],
            label={"fr": slot.note} if slot.note else {},
        )
        for slot in found
        if slot.ordered
    ]


def occurrences(found: list[Slot]) -> list[Occurrence]:
    """An event's dates: one occurrence per date range (and per hours when several)."""
    out = []
    for slot in found:
        if slot.start is None or slot.closed or not slot.ordered:
            continue
        for opens, closes in slot.times or [(None, None)]:
            out.append(
                Occurrence(start_date=slot.start, end_date=slot.end, start_time=opens,
                           end_time=closes)
            )  # fmt: skip
    return out
