"""One LEI product (`sit_liste` element) -> the canonical `TourismDocument`.

Declarative: the tables below say which element goes where. Nothing is dropped: the elements
no table maps are kept in `extra["lei"]` and reported by path (`sit_liste/TAG`).
"""

import re
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import (
    Capacity,
    CommuneRef,
    Contact,
    EventDates,
    Location,
    Occurrence,
    Opening,
    OpeningPeriod,
    Pricing,
    Recurrence,
    SourceRef,
    TimeRange,
    TourismDocument,
)
from opensit.catalog.types import root_of
from opensit.catalog.vocabularies import Entry
from opensit.connectors.base import MappingError, RecordReport
from opensit.connectors.lei.criteria import read_criteria
from opensit.connectors.lei.reader import LeiRecord
from opensit.connectors.xmlread import (
    Element,
    child,
    child_text,
    children,
    clock,
    coordinates,
    day,
    local,
    moment,
    plain,
    text,
    to_data,
    type_from_labels,
)

SYSTEM = "lei"
INSEE = r"^\d[\dAB]\d{3}$"
#: Texts: element -> (document field, language). LEI numbers its translations L1, L2...;
#: the languages are those of the usual LEI set-up (French first) and can be changed here.
TEXTS: dict[str, tuple[str, str]] = {
    "COMMENTAIRE": ("description", "fr"),
    "COMMENTAIREL1": ("description", "en"),
    "COMMENTAIREL2": ("description", "de"),
    "COMMENTAIREL3": ("description", "nl"),
    "COMMENTAIREL4": ("description", "it"),
    "COMMENTAIREL5": ("description", "es"),
    "DESCRIPTIF_COURT": ("short_description", "fr"),
    "PRATIQUE": ("practical_info", "fr"),
}
#: Address blocks: prefix -> contact role. `ADRPROD` is the product's own address.
ADDRESS_ROLES = {"ADRPROD": "main", "ADRPREST": "main", "ADRPEC": "information",
                 "ADRRESP": "management"}  # fmt: skip
#: Means of contact: suffix -> contact kind.
CONTACT_KINDS = {"TEL": "phone", "TEL2": "phone", "TEL3": "phone", "FAX": "fax",
                 "PORTABLE": "mobile", "MOBILE": "mobile", "EMAIL": "email",
                 "URL": "website"}  # fmt: skip
#: The product's location.
LOCATION = {
    "street_number": "ADRPROD_NUM_VOIE",
    "street": "ADRPROD_LIB_VOIE",
    "complement": "ADRPROD_COMPL_ADRESSE",
    "postal_code": "ADRPROD_CP",
    "commune_name": "ADRPROD_LIBELLE_COMMUNE",
    "insee": "INSEE",
    "latitude": "LATITUDE",
    "longitude": "LONGITUDE",
}
#: Elements read by the mapping itself (besides TEXTS, LOCATION and the contact blocks).
MAPPED = {"PRODUIT", "NOM", "TYPE_NOM", "DATMAJ", "PERIODE_DU", "PERIODE_AU", "CRITERES",
          "HORAIRES"}  # fmt: skip
#: Elements kept in `extra["lei"]` as they are, without a report: known, not canonical.
KEPT = {"TYPE_DE_PRODUIT", "ENTITE_GESTIONNAIRE", "DATECREATION", "PREST_NOM_RESP",
        "PREST_CIVILITE", "PREST_PRENOM_RESP", "RAISONSOC_RESPONSABLE", "CIVILITE_RESPONSABLE",
        "NOM_RESPONSABLE", "PRENOM_RESPONSABLE", "RAISONSOC_PERSONNE_EN_CHARGE",
        "CIVILITE_PERSONNE_EN_CHARGE", "NOM_PERSONNE_EN_CHARGE", "PRENOM_PERSONNE_EN_CHARGE",
        "ADRPEC_COMPL_ADRESSE", "ADRPEC_CP", "ADRPEC_LIBELLE_COMMUNE", "ADRPREST_CP",
        "ADRPREST_LIBELLE_COMMUNE", "ADRPREST_COMPL_ADRESSE", "ADRPREST_NUM_VOIE",
        "ADRPREST_LIB_VOIE", "RAISONSOC_PRESTATAIRE"}  # fmt: skip
DAYS = {"LUNDI": "mon", "MARDI": "tue", "MERCREDI": "wed", "JEUDI": "thu", "VENDREDI": "fri",
        "SAMEDI": "sat", "DIMANCHE": "sun"}  # fmt: skip
RRULE_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA",
              "sun": "SU"}  # fmt: skip
#: Contact blocks whose organisation name labels their contacts.
ORGANISATIONS = {"ADRPEC": "RAISONSOC_PERSONNE_EN_CHARGE", "ADRRESP": "RAISONSOC_RESPONSABLE",
                 "ADRPREST": "RAISONSOC_PRESTATAIRE"}  # fmt: skip


def map_record(record: LeiRecord, report: RecordReport) -> tuple[TourismDocument, list[Entry]]:
    """The document of one product, and the vocabulary entries its criteria name."""
    element = record.element
    values = {local(sub.tag): text(sub) for sub in element if len(sub) == 0}
    name = values.get("NOM", "")
    if not name:
        raise MappingError("NOM", _("the product has no name"))
    extra: dict[str, Any] = {}
    _leftovers(element, extra, report)
    event_like = bool(values.get("PERIODE_DU"))
    doc_type = type_from_labels([values.get("TYPE_NOM", "")])
    if doc_type is None:
        doc_type = "event" if event_like else "place"
        message = _("type %(type)r not recognised; %(code)s")
        report.warn("TYPE_NOM", message % {"type": values.get("TYPE_NOM", ""), "code": doc_type})
    criteria = read_criteria(child(element, "CRITERES"), record.nomenclature, report, "fr")
    if criteria.kept:
        extra["criteres"] = criteria.kept
    texts: dict[str, dict[str, str]] = {}
    for tag, (field_name, lang) in TEXTS.items():
        if values.get(tag):
            texts.setdefault(field_name, {})[lang] = plain(values[tag])
    opening = _opening(child(element, "HORAIRES"), report)
    if criteria.opening_summary:
        opening.summary = {"fr": "\n".join(criteria.opening_summary)}
    event = None
    if root_of(doc_type) == "event":
        event = _event(values, child(element, "HORAIRES"), report)
    updated = moment(values.get("DATMAJ", ""))
    if values.get("DATMAJ") and updated is None:
        report.warn("DATMAJ", _("unreadable date %(date)r; dropped") % {"date": values["DATMAJ"]})
    media = criteria.media
    if media:
        media[0].main = True
    doc = TourismDocument(
        type=doc_type,
        source=SourceRef(system=SYSTEM, id=values["PRODUIT"], updated_at=updated),
        name={"fr": name},
        **texts,
        location=_location(values, report),
        contacts=_contacts(values) + criteria.contacts,
        opening=opening,
        event=event,
        pricing=Pricing(
            prices=criteria.prices,
            payment_methods=criteria.codes.get("payment_methods", []),
            summary={"fr": "\n".join(criteria.pricing_summary)} if criteria.pricing_summary else {},
        ),
        capacity=Capacity(**criteria.capacity),
        classifications=criteria.codes.get("classifications", []),
        labels=criteria.codes.get("labels", []),
        amenities=criteria.codes.get("amenities", []),
        themes=criteria.codes.get("themes", []),
        accessibility=criteria.codes.get("accessibility", []),
        languages=criteria.languages,
        media=media,
        extra={SYSTEM: extra} if extra else {},
    )
    return doc, criteria.entries


def _leftovers(element: Element, extra: dict[str, Any], report: RecordReport) -> None:
    """Keep what the mapping does not read; report what it does not know."""
    known = MAPPED | set(TEXTS) | set(LOCATION.values())
    for sub in element:
        tag = local(sub.tag)
        if not tag or tag in known or _contact_tag(tag):
            continue
        if tag not in KEPT:
            report.unknown(f"sit_liste/{tag}")
        value = to_data(sub)
        if value not in ("", {}):
            extra[tag] = value


def _contact_tag(tag: str) -> tuple[str, str] | None:
    prefix, _sep, suffix = tag.partition("_")
    if prefix in ADDRESS_ROLES and suffix in CONTACT_KINDS:
        return prefix, suffix
    return None


def _contacts(values: dict[str, str]) -> list[Contact]:
    out: list[Contact] = []
    seen: set[tuple[str, str]] = set()
    for tag, value in values.items():
        parts = _contact_tag(tag)
        if parts is None or not value:
            continue
        prefix, suffix = parts
        kind = CONTACT_KINDS[suffix]
        if (kind, value) in seen:
            continue
        seen.add((kind, value))
        label = values.get(ORGANISATIONS.get(prefix, ""), "")
        out.append(Contact(kind=kind, value=value, role=ADDRESS_ROLES[prefix], label=label))
    return out


def _location(values: dict[str, str], report: RecordReport) -> Location:
    field = {key: values.get(tag, "") for key, tag in LOCATION.items()}
    street = " ".join(part for part in (field["street_number"], field["street"]) if part)
    lines = [line for line in (street, field["complement"]) if line]
    commune = None
    insee = field["insee"]
    if insee:
        if re.match(INSEE, insee):
            commune = CommuneRef(insee=insee, name=field["commune_name"])
        else:
            report.warn("INSEE", _("%(code)r is not an INSEE code; dropped") % {"code": insee})
    latitude, longitude = coordinates(
        field["latitude"], field["longitude"], report, ("LATITUDE", "LONGITUDE")
    )
    return Location(
        address_lines=lines,
        postal_code=field["postal_code"],
        commune=commune,
        latitude=latitude,
        longitude=longitude,
        place_name={"fr": field["commune_name"]} if field["commune_name"] and not commune else {},
    )


def _schedules(block: Element | None, report: RecordReport) -> list[dict[str, Any]]:
    """Each `Horaire/HEURES/Heure` as start, end, weekdays, opens, closes, comment."""
    out: list[dict[str, Any]] = []
    if block is None:
        return out
    for index, horaire in enumerate(children(block, "Horaire"), start=1):
        start = day(child_text(horaire, "DATE_DEBUT"))
        end = day(child_text(horaire, "DATE_FIN"))
        if start and end and end < start:
            message = _("ends (%(end)s) before it starts; dropped") % {"end": end}
            report.warn(f"HORAIRES/Horaire[{index}]", message)
            continue
        hours = [h for heures in children(horaire, "HEURES") for h in children(heures, "Heure")]
        for heure in hours or [None]:
            slot = {"start": start, "end": end, "weekdays": [], "opens": None, "closes": None}
            slot["comment"] = ""
            if heure is not None:
                slot["weekdays"] = [
                    code for tag, code in DAYS.items() if child_text(heure, tag).upper() == "O"
                ]
                slot["opens"] = clock(child_text(heure, "HEURE_DEBUT"))
                slot["closes"] = clock(child_text(heure, "HEURE_FIN"))
                slot["comment"] = plain(child_text(heure, "COMMENTAIRE"))
            out.append(slot)
    return out


def _opening(block: Element | None, report: RecordReport) -> Opening:
    periods = []
    for slot in _schedules(block, report):
        times = [TimeRange(opens=slot["opens"], closes=slot["closes"])] if slot["opens"] else []
        periods.append(
            OpeningPeriod(
                start=slot["start"],
                end=slot["end"],
                weekdays=slot["weekdays"],
                times=times,
                label={"fr": slot["comment"]} if slot["comment"] else {},
            )
        )
    return Opening(periods=periods)


def _event(values: dict[str, str], block: Element | None, report: RecordReport) -> EventDates:
    """Weekly schedules become recurrences; the rest occurrences; no schedule at all, the
    period `PERIODE_DU`-`PERIODE_AU`."""
    occurrences: list[Occurrence] = []
    recurrences: list[Recurrence] = []
    for slot in _schedules(block, report):
        start: date | None = slot["start"]
        if start is None:
            continue
        days = slot["weekdays"]
        if days and len(days) < 7 and slot["end"]:
            until = slot["end"].strftime("%Y%m%d")
            byday = ",".join(RRULE_DAYS[d] for d in days)
            recurrences.append(
                Recurrence(
                    start_date=start,
                    rrule=f"FREQ=WEEKLY;BYDAY={byday};UNTIL={until}",
                    start_time=slot["opens"],
                    end_time=slot["closes"],
                )
            )
        else:
            occurrences.append(
                Occurrence(
                    start_date=start,
                    end_date=slot["end"],
                    start_time=slot["opens"],
                    end_time=slot["closes"],
                )
            )
    if not occurrences and not recurrences:
        start, end = day(values.get("PERIODE_DU", "")), day(values.get("PERIODE_AU", ""))
        if start is not None:
            if end is not None and end < start:
                message = _("ends (%(end)s) before it starts; dropped") % {"end": end}
                report.warn("PERIODE_AU", message)
                end = None
            occurrences.append(Occurrence(start_date=start, end_date=end))
        elif values.get("PERIODE_DU"):
            message = _("unreadable date %(date)r; dropped") % {"date": values["PERIODE_DU"]}
            report.warn("PERIODE_DU", message)
    return EventDates(occurrences=occurrences, recurrences=recurrences)
