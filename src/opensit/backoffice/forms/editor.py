"""The object editor: one Django form per type built from the canonical Pydantic document,
split in tabs, plus formsets for the repeated parts.

The Django forms only shape the input; `TourismDocument` validates it, and its errors are put
back next to the field they name (`ErrorPlacer`).
"""

from collections.abc import Iterable
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from opensit.backoffice.forms.communes import commune_field, resolve_into
from opensit.backoffice.forms.communes import display as display_commune
from opensit.backoffice.forms.errors import error_message
from opensit.backoffice.forms.parts import (
    FORMSETS,
    LICENCE_CHOICES,
    PartForm,
    json_ready,
    keep_current_choice,
)
from opensit.backoffice.forms.recurrence import RecurrenceForm, parse_rrule
from opensit.catalog import patch
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import VocabularyEntry
from opensit.catalog.patch import MISSING, Edit
from opensit.catalog.types import TYPES, ancestors, root_of
from opensit.core.langtext import active_languages
from opensit.media.library import library_choices

TEXT_FIELDS = ("name", "short_description", "description", "practical_info")
CAPACITY_FIELDS = ("rooms", "beds", "pitches", "persons", "units", "seats")
BOOKING_FIELDS = ("url", "email", "phone", "organisation")
VOCABULARY_FIELDS = {
    "classifications": VocabularyEntry.Scheme.CLASSIFICATION,
    "labels": VocabularyEntry.Scheme.LABEL,
    "amenities": VocabularyEntry.Scheme.AMENITY,
    "themes": VocabularyEntry.Scheme.THEME,
    "accessibility": VocabularyEntry.Scheme.ACCESSIBILITY,
    "payment_methods": VocabularyEntry.Scheme.PAYMENT,
}
TABS = [
    ("general", _("General")),
    ("texts", _("Texts and translations")),
    ("location", _("Location")),
    ("contacts", _("Contacts")),
    ("dates", _("Opening and dates")),
    ("prices", _("Prices")),
    ("media", _("Media")),
    ("vocabularies", _("Amenities, themes, labels")),
    ("links", _("Links")),
    ("booking", _("Booking")),
]


def languages() -> list[str]:
    return active_languages()


def is_event(type_code: str) -> bool:
    return root_of(type_code) == "event"


def type_choices() -> list[tuple[str, str]]:
    lang = get_language() or "fr"
    return [
        (code, "\u2003" * (len(ancestors(code)) - 1) + t.label(lang)) for code, t in TYPES.items()
    ]


def vocabulary_rows() -> dict[str, list[tuple[str, dict[str, str]]]]:
    """The live entries of the editor's schemes, in one query: (code, labels) by scheme."""
    rows: dict[str, list[tuple[str, dict[str, str]]]] = {}
    entries = VocabularyEntry.objects.filter(
        scheme__in=set(VOCABULARY_FIELDS.values()), deprecated=False
    ).values_list("scheme", "code", "labels")
    for scheme, code, labels in entries:
        rows.setdefault(scheme, []).append((code, labels))
    return rows


def vocabulary_choices(
    rows: list[tuple[str, dict[str, str]]], current: list[str]
) -> list[tuple[str, str]]:
    """The entries as choices, plus stored codes that are not (or no longer) among them."""
    lang = (get_language() or "fr")[:2]
    choices = [(code, labels.get(lang) or labels.get("fr") or code) for code, labels in rows]
    known = {code for code, _label in choices}
    return choices + [(code, code) for code in current if code not in known]


class EditorForm(forms.Form):
    """The single-valued fields of every tab; built per type by `editor_form_class`."""

    type = forms.ChoiceField(label=_("Type"))
    licence = forms.ChoiceField(label=_("Licence"), choices=LICENCE_CHOICES[1:])
    pets_allowed = forms.NullBooleanField(label=_("Pets allowed"), required=False)
    address = forms.CharField(
        label=_("Address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One line per address line."),
    )
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=10)
    commune = commune_field(required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    pricing_free = forms.NullBooleanField(label=_("Free entry"), required=False)
    languages = forms.CharField(
        label=_("Spoken languages"),
        required=False,
        help_text=_("ISO codes, comma separated: fr, en"),
    )

    tab_of = {
        "type": "general",
        "licence": "general",
        "pets_allowed": "general",
        "address": "location",
        "postal_code": "location",
        "commune": "location",
        "latitude": "location",
        "longitude": "location",
        "pricing_free": "prices",
        "languages": "vocabularies",
    }

    def __init__(self, *args: Any, type_code: str, vocab: dict[str, list[str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.tab_of = dict(self.tab_of)
        self.type_code = type_code
        self.fields["type"].choices = type_choices()
        keep_current_choice(self.fields["licence"], self.initial.get("licence"))
        rows = vocabulary_rows()
        for name, scheme in VOCABULARY_FIELDS.items():
            self.fields[name] = forms.MultipleChoiceField(
                label=VocabularyEntry.Scheme(scheme).label,
                required=False,
                choices=vocabulary_choices(rows.get(scheme, []), vocab.get(name, [])),
                widget=forms.SelectMultiple(attrs={"size": 6}),
            )
            self.tab_of[name] = "general" if name == "classifications" else "vocabularies"
        self.tab_of["payment_methods"] = "prices"
        # Side by side: each text once per language, languages next to each other.
        for text in TEXT_FIELDS:
            for lang in languages():
                widget = forms.Textarea(attrs={"rows": 4 if text == "description" else 2})
                self.fields[f"{text}_{lang}"] = forms.CharField(
                    label=f"{TEXT_LABELS[text]} ({lang})",
                    required=False,
                    widget=forms.TextInput() if text == "name" else widget,
                )
                self.tab_of[f"{text}_{lang}"] = "texts"
        for lang in languages():
            self.fields[f"access_{lang}"] = forms.CharField(
                label=format_lazy("{} ({})", _("How to get there"), lang), required=False
            )
            self.tab_of[f"access_{lang}"] = "location"
            self.fields[f"booking_notes_{lang}"] = forms.CharField(
                label=format_lazy("{} ({})", _("Booking notes"), lang), required=False
            )
            self.tab_of[f"booking_notes_{lang}"] = "booking"
        if root_of(type_code) == "accommodation":
            for name in CAPACITY_FIELDS:
                self.fields[f"capacity_{name}"] = forms.IntegerField(
                    label=CAPACITY_LABELS[name], required=False
                )
                self.tab_of[f"capacity_{name}"] = "general"
        for name in BOOKING_FIELDS:
            self.fields[f"booking_{name}"] = forms.CharField(
                label=BOOKING_LABELS[name], required=False
            )
            self.tab_of[f"booking_{name}"] = "booking"

    def clean_commune(self) -> dict[str, str] | None:
        """The commune typed, as the document stores it ({insee, name}); None when emptied.
        Left alone when unchanged: a shared name shown as it is stored stays valid."""
        text = self.cleaned_data["commune"]
        if "commune" not in self.changed_data or not text:
            return None
        postal_code = self.data.get(self.add_prefix("postal_code"), "")
        insee, name = resolve_into(self, "commune", text, postal_code.strip())
        return {"insee": insee, "name": name} if insee else None

    @property
    def by_tab(self) -> dict[str, list[forms.BoundField]]:
        """The bound fields of each tab, in declaration order (for the template)."""
        tabs: dict[str, list[forms.BoundField]] = {}
        for name in self.fields:
            tabs.setdefault(self.tab_of.get(name, "general"), []).append(self[name])
        return tabs


TEXT_LABELS = {
    "name": _("Name"),
    "short_description": _("Short description"),
    "description": _("Description"),
    "practical_info": _("Practical information"),
}
CAPACITY_LABELS = {
    "rooms": _("Rooms"),
    "beds": _("Beds"),
    "pitches": _("Pitches"),
    "persons": _("Persons"),
    "units": _("Rental units"),
    "seats": _("Seats"),
}
BOOKING_LABELS = {
    "url": _("Booking website"),
    "email": _("Booking email"),
    "phone": _("Booking phone"),
    "organisation": _("Booking organisation"),
}


@cache
def formset_class(name: str) -> type[forms.BaseFormSet]:
    form = RecurrenceForm if name == "recurrences" else FORMSETS[name]
    return forms.formset_factory(form, extra=1, can_delete=True)


class DocumentEditor:
    """The main form and the formsets of one object, from and to its document.

    Saving applies what the person changed to the stored document (`edits`): a field or a row
    they did not touch, a language or a key the form does not show, stays as it was.
    `tabs` limits the editor to some tabs (the provider's form); the others are never changed.
    """

    def __init__(
        self,
        type_code: str,
        document: dict[str, Any],
        data: Any = None,
        tabs: Iterable[str] | None = None,
    ):
        self.type_code = type_code
        self.base = document
        self.tabs = set(tabs) if tabs is not None else {code for code, _label in TABS}
        self.form = EditorForm(
            data,
            type_code=type_code,
            vocab={name: self._vocab_value(name) for name in VOCABULARY_FIELDS},
            initial=self._initial(document),
        )
        for name in list(self.form.fields):
            if self.form.tab_of.get(name, "general") not in self.tabs:
                del self.form.fields[name]
        names = ["contacts", "periods", "prices", "media", "links"]
        if is_event(type_code):
            names[2:2] = ["occurrences", "recurrences"]
        names = [name for name in names if FORMSET_TAB[name] in self.tabs]
        library = library_choices() if "media" in names else []  # once, not once per row
        self.formsets: dict[str, forms.BaseFormSet] = {
            name: formset_class(name)(
                data,
                prefix=name,
                initial=self._part_initial(name),
                form_kwargs={"library": library} if name == "media" else {},
            )
            for name in names
        }
        self.non_field_errors: list[str] = []

    def read_only(self) -> "DocumentEditor":
        """Every field and row disabled: the same screen, to read (readers)."""
        for form in [self.form, *(f for formset in self.formsets.values() for f in formset)]:
            for field in form.fields.values():
                field.disabled = True
        return self

    # -- from the document -----------------------------------------------------------------
    def _vocab_value(self, name: str) -> list[str]:
        if name == "payment_methods":
            return list((self.base.get("pricing") or {}).get("payment_methods", []))
        return list(self.base.get(name, []))

    def _initial(self, doc: dict[str, Any]) -> dict[str, Any]:
        loc = doc.get("location") or {}
        booking = doc.get("booking") or {}
        initial: dict[str, Any] = {
            "type": self.type_code,
            "licence": doc.get("licence", settings.OPENSIT_DEFAULT_LICENCE),
            "pets_allowed": doc.get("pets_allowed"),
            "address": "\n".join(loc.get("address_lines", [])),
            "postal_code": loc.get("postal_code", ""),
            "commune": display_commune(loc.get("commune")),
            "latitude": loc.get("latitude"),
            "longitude": loc.get("longitude"),
            "pricing_free": (doc.get("pricing") or {}).get("free"),
            "languages": ", ".join(doc.get("languages", [])),
        }
        for name in VOCABULARY_FIELDS:
            initial[name] = self._vocab_value(name)
        for lang in languages():
            for text in TEXT_FIELDS:
                initial[f"{text}_{lang}"] = (doc.get(text) or {}).get(lang, "")
            initial[f"access_{lang}"] = (loc.get("access") or {}).get(lang, "")
            initial[f"booking_notes_{lang}"] = (booking.get("notes") or {}).get(lang, "")
        for name in CAPACITY_FIELDS:
            initial[f"capacity_{name}"] = (doc.get("capacity") or {}).get(name)
        for name in BOOKING_FIELDS:
            initial[f"booking_{name}"] = booking.get(name, "")
        return initial

    def _parts(self, name: str) -> list[dict[str, Any]]:
        doc = self.base
        return {
            "contacts": lambda: doc.get("contacts", []),
            "periods": lambda: (doc.get("opening") or {}).get("periods", []),
            "occurrences": lambda: (doc.get("event") or {}).get("occurrences", []),
            "recurrences": lambda: (doc.get("event") or {}).get("recurrences", []),
            "prices": lambda: (doc.get("pricing") or {}).get("prices", []),
            "media": lambda: doc.get("media", []),
            "links": lambda: doc.get("links", []),
        }[name]()

    def _part_initial(self, name: str) -> list[dict[str, Any]]:
        if name == "recurrences":
            return [
                {**rec, **parse_rrule(rec["rrule"]), "exdates": ",".join(rec.get("exdates", []))}
                for rec in self._parts(name)
            ]
        form: type[PartForm] = FORMSETS[name]
        return [form.initial_from(part) for part in self._parts(name)]

    # -- to the document -------------------------------------------------------------------
    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        return valid

    def _rows(self, name: str) -> list[dict[str, Any]] | None:
        """The parts of a formset: stored rows kept as they are unless the person changed or
        deleted them, changed rows patched field by field, new rows appended. None when the
        person changed nothing in it. Remembers which form each part came from (for errors)."""
        stored = self._parts(name)
        parts, origin, touched = [], [], False
        for index, form in enumerate(self.formsets[name].forms):
            if index < len(stored):
                if form.cleaned_data.get("DELETE"):
                    touched = True
                    continue
                part = stored[index]
                if form.has_changed():
                    part = form.apply_to(part)
                    touched = touched or part != stored[index]
            elif form.has_changed() and not form.cleaned_data.pop("DELETE", False):
                part, touched = form.to_part(), True
            else:
                continue
            parts.append(part)
            origin.append(index)
        self._origin[name] = origin
        return parts if touched else None

    def edits(self) -> list[Edit]:
        """What the person changed: one edit per main-form field they touched, one per formset
        whose rows they added, changed or deleted. Fields of tabs not shown are ignored."""
        data = self.form.cleaned_data
        edits: list[Edit] = []
        for name in self.form.changed_data:
            if self.form.tab_of.get(name, "general") in self.tabs:
                edits.extend(self._field_edits(name, data[name]))
        self._origin = {}
        for name in self.formsets:
            if FORMSET_TAB[name] not in self.tabs:
                continue
            rows = self._rows(name)
            if rows is not None:
                edits.append(Edit(PART_PATH[name], rows))
        return edits

    def _field_edits(self, name: str, value: Any) -> list[Edit]:
        value = json_ready(value)
        path = SIMPLE_PATHS.get(name)
        if path is not None:
            return [Edit(path, MISSING if value in (None, "") else value)]
        if name == "languages":
            return [Edit(("languages",), [c.strip() for c in value.split(",") if c.strip()])]
        if name == "address":
            lines = [line.strip() for line in value.splitlines() if line.strip()]
            return [Edit(("location", "address_lines"), lines)]
        if name == "commune":
            before = (self.base.get("location") or {}).get("commune") or {}
            if value and value["insee"] == before.get("insee") and not value["name"]:
                value = before  # its code retyped: the stored name stays
            return [Edit(("location", "commune"), value or MISSING)]
        if name in VOCABULARY_FIELDS:
            return [Edit(("pricing", name) if name == "payment_methods" else (name,), value)]
        field, _sep, lang = name.rpartition("_")
        if field in TEXT_FIELDS or field in LANG_PATHS:
            return [Edit((*LANG_PATHS.get(field, (field,)), lang), value or MISSING)]
        group, _sep, key = name.partition("_")
        return [Edit((group, key), MISSING if value in (None, "") else value)]

    def document(self) -> dict[str, Any]:
        """The edited document (not validated yet): the stored one with the person's edits."""
        return patch.apply(self.base, self.edits())

    def validated(self) -> TourismDocument | None:
        """The validated document, or None with the errors placed next to their fields."""
        if not self.is_valid():
            return None
        try:
            return TourismDocument.model_validate(self.document())
        except ValidationError as exc:
            ErrorPlacer(self).place(exc)
            return None

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.non_field_errors
            or any(formset.total_error_count() for formset in self.formsets.values())
        )

    def tab_errors(self) -> set[str]:
        """Tabs holding an error, so that the editor can flag them."""
        tabs = {self.form.tab_of.get(name, "general") for name in self.form.errors}
        for name, formset in self.formsets.items():
            if formset.total_error_count():
                tabs.add(FORMSET_TAB[name])
        return tabs


FORMSET_TAB = {
    "contacts": "contacts",
    "periods": "dates",
    "occurrences": "dates",
    "recurrences": "dates",
    "prices": "prices",
    "media": "media",
    "links": "links",
}
# Main-form fields stored at one path, as they are.
SIMPLE_PATHS = {
    "type": ("type",),
    "licence": ("licence",),
    "pets_allowed": ("pets_allowed",),
    "postal_code": ("location", "postal_code"),
    "latitude": ("location", "latitude"),
    "longitude": ("location", "longitude"),
    "pricing_free": ("pricing", "free"),
}
# Per-language fields (`<field>_<lang>`) stored under another path than their name.
LANG_PATHS = {"access": ("location", "access"), "booking_notes": ("booking", "notes")}
# Document paths of the repeated parts: (loc prefix) -> formset name.
PART_PATHS = {
    ("contacts",): "contacts",
    ("opening", "periods"): "periods",
    ("event", "occurrences"): "occurrences",
    ("event", "recurrences"): "recurrences",
    ("pricing", "prices"): "prices",
    ("media",): "media",
    ("links",): "links",
}
# Formset name -> the document path of its parts.
PART_PATH = {name: path for path, name in PART_PATHS.items()}
# Document paths of single fields -> main form field.
FIELD_PATHS = {
    ("type",): "type",
    ("licence",): "licence",
    ("languages",): "languages",
    ("location", "latitude"): "latitude",
    ("location", "longitude"): "longitude",
    ("location", "postal_code"): "postal_code",
    ("location", "commune"): "commune",
    ("location", "commune", "insee"): "commune",
    ("pricing", "free"): "pricing_free",
    ("pricing", "payment_methods"): "payment_methods",
}


class ErrorPlacer:
    """Maps each Pydantic error location to the form (or formset row) and field it names."""

    def __init__(self, editor: DocumentEditor):
        self.editor = editor

    def place(self, exc: ValidationError) -> None:
        from opensit.backoffice.forms.labels import field_label  # labels reads this module

        for error in exc.errors():
            loc = tuple(error["loc"])
            message = error_message(error)
            if not self._place_part(loc, message) and not self._place_field(loc, message):
                where = field_label(loc) if loc else ""
                self.editor.non_field_errors.append(f"{where} : {message}" if where else message)

    def _place_field(self, loc: tuple, message: str) -> bool:
        form = self.editor.form
        name = FIELD_PATHS.get(loc)
        first_lang = languages()[0]
        if name is None and loc and loc[0] in TEXT_FIELDS:
            name = f"{loc[0]}_{loc[1] if len(loc) > 1 else first_lang}"
        if name is None and len(loc) == 2 and loc[0] in ("capacity", "booking"):
            name = f"{loc[0]}_{loc[1]}"
        if name is None and loc and loc[0] in VOCABULARY_FIELDS:
            name = loc[0]
        if name is None or name not in form.fields:
            return False
        form.add_error(name, message)
        return True

    def _place_part(self, loc: tuple, message: str) -> bool:
        for prefix, name in PART_PATHS.items():
            size = len(prefix)
            if loc[:size] != prefix or len(loc) <= size or not isinstance(loc[size], int):
                continue
            origin = self.editor._origin.get(name, [])
            if name not in self.editor.formsets or loc[size] >= len(origin):
                return False
            form = self.editor.formsets[name].forms[origin[loc[size]]]
            field = loc[size + 1] if len(loc) > size + 1 else None
            if field == "times":
                field = "opens"
            form.add_error(field if field in form.fields else None, message)
            return True
        return False
