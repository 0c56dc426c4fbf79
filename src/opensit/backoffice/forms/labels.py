"""What the back-office calls the document's fields and values, in the reader's language.

Diffs (history, proposal review) and the editor's errors name a field by its document path
(`opening.periods[0].label`); people read it as the editor names it (« Périodes d'ouverture › 1
› Libellé »), and its value as text (a contact as « Téléphone : 02 47 … », yes/no, a type's
label), never as a Python dict.
"""

import re
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from opensit.backoffice.forms import editor, parts
from opensit.catalog.types import TYPES
from opensit.core.licences import LICENCES
from opensit.formats.units import UNIT_LABELS

SEPARATOR = " › "

_PARTS = {
    "contacts": parts.ContactForm,
    "opening.periods": parts.PeriodForm,
    "event.occurrences": parts.OccurrenceForm,
    "pricing.prices": parts.PriceForm,
    "media": parts.MediaForm,
    "links": parts.LinkForm,
}

#: Document paths (keys only, no index) -> label; the parts' fields come from their forms.
LABELS: dict[str, Any] = {
    "type": gettext_lazy("Type"),
    "licence": gettext_lazy("Licence"),
    "pets_allowed": gettext_lazy("Pets allowed"),
    "languages": gettext_lazy("Spoken languages"),
    "location": gettext_lazy("Location"),
    "location.address_lines": gettext_lazy("Address"),
    "location.postal_code": gettext_lazy("Postal code"),
    "location.commune": gettext_lazy("Commune"),
    "location.commune.insee": gettext_lazy("INSEE code"),
    "location.commune.name": gettext_lazy("Name"),
    "location.latitude": gettext_lazy("Latitude"),
    "location.longitude": gettext_lazy("Longitude"),
    "location.access": gettext_lazy("How to get there"),
    "location.place_name": gettext_lazy("Place name"),
    "location.geometry": gettext_lazy("Geometry"),
    "contacts": gettext_lazy("Contacts"),
    "opening": gettext_lazy("Opening and dates"),
    "opening.periods": gettext_lazy("Opening periods"),
    "opening.periods.weekdays": gettext_lazy("Days"),
    "opening.periods.times": gettext_lazy("Opening hours"),
    "opening.closures": gettext_lazy("Closures"),
    "opening.summary": gettext_lazy("Opening summary"),
    "event": gettext_lazy("Event"),
    "event.occurrences": gettext_lazy("Event dates"),
    "event.recurrences": gettext_lazy("Recurring dates"),
    "event.recurrences.start_date": gettext_lazy("First date"),
    "event.recurrences.rrule": gettext_lazy("Rule (RRULE)"),
    "event.recurrences.exdates": gettext_lazy("Excluded dates"),
    "pricing": gettext_lazy("Prices"),
    "pricing.free": gettext_lazy("Free entry"),
    "pricing.prices": gettext_lazy("Prices"),
    "pricing.prices.currency": gettext_lazy("Currency"),
    "pricing.prices.conditions": gettext_lazy("Conditions"),
    "pricing.prices.season": gettext_lazy("Season"),
    "media": gettext_lazy("Media"),
    "links": gettext_lazy("Links to other objects"),
    "booking": gettext_lazy("Booking"),
    "booking.notes": gettext_lazy("Booking notes"),
    "capacity": gettext_lazy("Capacity"),
    "private": gettext_lazy("Private notes"),
    "aspects": gettext_lazy("Aspects"),
    "source": gettext_lazy("Source"),
    **{text: label for text, label in editor.TEXT_LABELS.items()},
    **{f"capacity.{key}": label for key, label in editor.CAPACITY_LABELS.items()},
    **{f"booking.{key}": label for key, label in editor.BOOKING_LABELS.items()},
    **{
        f"{'pricing.' if name == 'payment_methods' else ''}{name}": label
        for name, label in (
            ("classifications", gettext_lazy("Classifications")),
            ("labels", gettext_lazy("Labels")),
            ("amenities", gettext_lazy("Amenities")),
            ("themes", gettext_lazy("Themes")),
            ("accessibility", gettext_lazy("Accessibility")),
            ("payment_methods", gettext_lazy("Payment methods")),
        )
    },
}

#: Groups of the document whose parts have names of their own.
CONTAINERS = {"opening", "event", "pricing"}
#: Keys named the same wherever they are.
GENERIC = {
    "label": gettext_lazy("Label"),
    "name": gettext_lazy("Name"),
    "title": gettext_lazy("Title"),
    "kind": gettext_lazy("Kind"),
    "date": gettext_lazy("Date"),
    "start": gettext_lazy("From"),
    "end": gettext_lazy("To"),
    "url": gettext_lazy("URL"),
    "reason": gettext_lazy("Reason"),
    "description": gettext_lazy("Description"),
}
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _part_label(prefix: str, key: str) -> Any:
    form = _PARTS.get(prefix)
    field = form.base_fields.get(key) if form is not None else None
    return field.label if field is not None else None


def field_label(path: str | tuple) -> str:
    """`opening.periods[0].label` (or a Pydantic location tuple) as the editor names it:
    « Périodes d'ouverture › 1 › Libellé ». A key nobody named stays as itself; a language
    code stays a code."""
    steps = list(path) if isinstance(path, tuple) else _steps(path)
    keys: list[str] = []
    out: list[str] = []
    for step in steps:
        if isinstance(step, int):
            out.append(str(step + 1))
            continue
        prefix = ".".join(keys)
        keys.append(str(step))
        label = (
            LABELS.get(".".join(keys)) or _part_label(prefix, str(step)) or GENERIC.get(str(step))
        )
        if prefix in CONTAINERS and len(keys) == 2 and out:
            out.pop()  # « Périodes d'ouverture », not « Ouverture et dates › Périodes… »
        out.append(str(label) if label else str(step))
    return SEPARATOR.join(out)


def _steps(path: str) -> list[str | int]:
    return [key if key else int(index) for key, index in _STEP.findall(path)]


def _choice_labels() -> dict[str, dict[str, Any]]:
    """Coded values shown by their editor label: kind of contact, role, medium kind..."""
    labels: dict[str, dict[str, Any]] = {}
    for prefix, form in _PARTS.items():
        for name, field in form.base_fields.items():
            for value, label in getattr(field, "choices", []) or []:
                if isinstance(value, str) and value:
                    labels.setdefault(f"{prefix}.{name}", {})[value] = label
    return labels


def value_text(value: Any, path: str = "") -> str:
    """A stored value as a person reads it: texts as they are, yes/no, dates in the locale,
    a type or licence by its label, a contact as « Téléphone : 02 47 … », lists joined,
    nothing as —."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    keys = re.sub(r"\[\d+\]", "", path)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(value_text(item, path) for item in value)
    if isinstance(value, dict):
        return _dict_text(value, keys)
    if isinstance(value, str):
        return _code_text(value, keys)
    return str(value)


def _code_text(value: str, keys: str) -> str:
    if keys == "type" and value in TYPES:
        return TYPES[value].label(get_language() or "fr")
    if keys.endswith("licence") and value in LICENCES:
        return str(LICENCES[value].title)
    coded = _choice_labels().get(keys, {})
    if value in coded:
        return str(coded[value])
    if keys.endswith("unit") and value in UNIT_LABELS:
        return str(UNIT_LABELS[value])
    if len(value) == 10 and value[4:5] == "-" and keys.rsplit(".", 1)[-1] in _DATE_KEYS:
        try:
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


_DATE_KEYS = {"start", "end", "start_date", "end_date", "date", "publication_end", "until"}


def _dict_text(value: dict[str, Any], keys: str) -> str:
    """A part as one line: its main value after its kind (« Téléphone : 02 47 … »), then the
    other fields as « Label : value »; a text in languages as « fr : … »."""
    lang = (get_language() or "fr")[:2]
    if all(_LANG.match(str(k)) and isinstance(v, str) for k, v in value.items()):
        return value[lang] if lang in value else " / ".join(f"{k} : {v}" for k, v in value.items())
    items = dict(value)
    head = ""
    if keys == "contacts" and "kind" in items and "value" in items:
        head = f"{_code_text(items.pop('kind'), 'contacts.kind')} : {items.pop('value')}"
    elif keys == "location.commune" and "name" in items:
        head = f"{items.pop('name')} ({items.pop('insee', '')})".replace(" ()", "")
    rest = [
        f"{field_label(f'{keys}.{key}').rsplit(SEPARATOR, 1)[-1]} : "
        f"{value_text(item, f'{keys}.{key}')}"
        for key, item in items.items()
        if item not in (None, "", [], {})
    ]
    return " ; ".join([head, *rest] if head else rest) or "—"
