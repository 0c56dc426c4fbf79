"""Tourinsoft contacts (`MoyenDeCom`) and coordinates.

`MoyenDeCom` is `kind|value#kind|value`, the kind a label of the client's configuration
(`Téléphone filaire`, `Télécopieur /fax`, `Mél`, `Site web (URL)`...): it is recognised by the
words it holds, and a kind no rule knows becomes an `other` contact labelled with it.
"""

from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Contact
from opensit.connectors.base import RecordReport
from opensit.connectors.tourinsoft.values import items, parse_number, parts, slug

#: Words of a contact kind's label -> the document's kind; the first rule that matches wins
#: (a "téléphone cellulaire" is a mobile, a "télécopieur" a fax, before any "téléphone").
CONTACT_KINDS: list[tuple[tuple[str, ...], str]] = [
    (("facebook",), "facebook"),
    (("twitter",), "twitter"),
    (("instagram",), "instagram"),
    (("youtube",), "youtube"),
    (("tripadvisor",), "tripadvisor"),
    (("linkedin",), "linkedin"),
    (("tiktok",), "tiktok"),
    (("fax", "telecopie", "telecopieur"), "fax"),
    (("portable", "cellulaire", "mobile", "gsm"), "mobile"),
    (("telephone", "tel", "phone"), "phone"),
    (("mel", "mail", "email", "e-mail", "courriel"), "email"),
    (("site", "web", "url", "internet"), "website"),
]
WEB_KINDS = {"website", "facebook", "twitter", "instagram", "youtube", "tripadvisor", "linkedin"}


def contact_kind(label: str) -> str:
    words = set(slug(label).split("-"))
    key = slug(label)
    for markers, kind in CONTACT_KINDS:
        if any(m in words or ("-" in m and m in key) for m in markers):
            return kind
    return "other"


def contacts(value: Any, field_name: str, role: str, report: RecordReport) -> list[Contact]:
    """The contacts of one `MoyenDeCom` string; an item without a value is a warning."""
    out: list[Contact] = []
    for index, item in enumerate(items(value)):
        pieces = parts(item)
        if len(pieces) < 2 or not pieces[1]:
            report.warn(
                f"{field_name}[{index}]",
                _("contact %(item)r has no value; ignored") % {"item": item},
            )
            continue
        label, contact_value = pieces[0], pieces[1]
        kind = contact_kind(label)
        if kind in WEB_KINDS and "://" not in contact_value and "." in contact_value:
            contact_value = f"http://{contact_value}"
        extra = " ".join(p for p in pieces[2:] if p)
        shown = label if kind == "other" else extra
        if kind == "other" and extra:
            shown = f"{label} ({extra})"
        contact = Contact(kind=kind, value=contact_value, role=role, label=shown)
        if contact.value and all(
            (c.kind, c.value, c.role) != (contact.kind, contact.value, contact.role) for c in out
        ):
            out.append(contact)
    return out


def coordinate(value: Any, low: float, high: float) -> float | None:
    """A latitude or longitude (`48.3295000`, `48,3295`); None when missing or out of range."""
    number = parse_number(value)
    if number is None or not low <= number <= high:
        return None
    return number
