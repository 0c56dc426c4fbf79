"""The object editor: one Django form per type built from the canonical Pydantic document,
split in tabs, plus formsets for the repeated parts.

The Django forms only shape the input; `TourismDocument` validates it, and its errors are put
back next to the field they name (`ErrorPlacer`).
"""

from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from opensit.backoffice.forms.parts import FORMSETS, LICENCE_CHOICES, PartForm
from opensit.backoffice.forms.recurrence import RecurrenceForm, parse_rrule
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import VocabularyEntry
from opensit.catalog.types import TYPES, ancestors, root_of
from opensit.network.models import Commune

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
    return [code for code, _name in settings.LANGUAGES]


def is_event(type_code: str) -> bool:
    return root_of(type_code) == "event"


def type_choices() -> list[tuple[str, str]]:
    lang = get_language() or "fr"
    return [
        (code, "\u2003" * (len(ancestors(code)) - 1) + t.label(lang)) for code, t in TYPES.items()
    ]


def vocabulary_choices(scheme: str, current: list[str]) -> list[tuple[str, str]]:
    lang = (get_language() or "fr")[:2]
    rows = VocabularyEntry.objects.filter(scheme=scheme, deprecated=False).values_list(
        "code", "labels"
    )
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
    commune_insee = forms.CharField(label=_("Commune (INSEE code)"), required=False, max_length=5)
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
        "commune_insee": "location",
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
        for name, scheme in VOCABULARY_FIELDS.items():
            self.fields[name] = forms.MultipleChoiceField(
                label=VocabularyEntry.Scheme(scheme).label,
                required=False,
                choices=vocabulary_choices(scheme, vocab.get(name, [])),
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
                label=f"{_('How to get there')} ({lang})", required=False
            )
            self.tab_of[f"access_{lang}"] = "location"
            self.fields[f"booking_notes_{lang}"] = forms.CharField(
                label=f"{_('Booking notes')} ({lang})", required=False
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
    """The main form and the formsets of one object, from and to its document."""

    def __init__(self, type_code: str, document: dict[str, Any], data: Any = None):
        self.type_code = type_code
        self.base = document
        self.form = EditorForm(
            data,
            type_code=type_code,
            vocab={name: self._vocab_value(name) for name in VOCABULARY_FIELDS},
            initial=self._initial(document),
        )
        names = ["contacts", "periods", "prices", "media", "links"]
        if is_event(type_code):
            names[2:2] = ["occurrences", "recurrences"]
        self.formsets: dict[str, forms.BaseFormSet] = {
            name: formset_class(name)(data, prefix=name, initial=self._part_initial(name))
            for name in names
        }
        self.non_field_errors: list[str] = []

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
            "commune_insee": (loc.get("commune") or {}).get("insee", ""),
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

    def _collect(self, name: str) -> list[dict[str, Any]]:
        """The parts of a formset, remembering which form each came from (for errors)."""
        parts, origin = [], []
        for index, form in enumerate(self.formsets[name].forms):
            if not form.has_changed() or form.cleaned_data.get("DELETE"):
                continue
            form.cleaned_data.pop("DELETE", None)
            parts.append(form.to_part())
            origin.append(index)
        self._origin[name] = origin
        return parts

    def document(self) -> dict[str, Any]:
        """The edited document as a dict (not validated yet): the base with the tabs applied."""
        data = self.form.cleaned_data
        self._origin: dict[str, list[int]] = {}
        doc = dict(self.base)
        doc["type"] = data["type"]
        doc["licence"] = data["licence"]
        doc["pets_allowed"] = data["pets_allowed"]
        doc["languages"] = [code.strip() for code in data["languages"].split(",") if code.strip()]
        for text in TEXT_FIELDS:
            doc[text] = {lang: data[f"{text}_{lang}"] for lang in languages()} | {
                lang: value
                for lang, value in (self.base.get(text) or {}).items()
                if lang not in languages()
            }
        for name in VOCABULARY_FIELDS:
            if name != "payment_methods":
                doc[name] = data[name]
        insee = data["commune_insee"].strip()
        commune = None
        if insee:
            before = (self.base.get("location") or {}).get("commune") or {}
            if before.get("insee") == insee:
                commune = before
            else:
                known = Commune.objects.filter(insee=insee).first()
                commune = {"insee": insee, "name": known.name if known else ""}
        doc["location"] = {
            **(self.base.get("location") or {}),
            "address_lines": [
                line.strip() for line in data["address"].splitlines() if line.strip()
            ],
            "postal_code": data["postal_code"],
            "commune": commune,
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "access": {lang: data[f"access_{lang}"] for lang in languages()},
        }
        if "capacity_rooms" in data:
            doc["capacity"] = {
                name: data[f"capacity_{name}"]
                for name in CAPACITY_FIELDS
                if data[f"capacity_{name}"] is not None
            }
        doc["booking"] = {
            **{name: data[f"booking_{name}"] for name in BOOKING_FIELDS},
            "notes": {lang: data[f"booking_notes_{lang}"] for lang in languages()},
        }
        doc["contacts"] = self._collect("contacts")
        doc["opening"] = {**(self.base.get("opening") or {}), "periods": self._collect("periods")}
        if is_event(data["type"]) and "occurrences" in self.formsets:
            doc["event"] = {
                "occurrences": self._collect("occurrences"),
                "recurrences": self._collect("recurrences"),
            }
        doc["pricing"] = {
            **(self.base.get("pricing") or {}),
            "free": data["pricing_free"],
            "payment_methods": data["payment_methods"],
            "prices": self._collect("prices"),
        }
        doc["media"] = self._collect("media")
        doc["links"] = self._collect("links")
        return doc

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
# Document paths of single fields -> main form field.
FIELD_PATHS = {
    ("type",): "type",
    ("licence",): "licence",
    ("languages",): "languages",
    ("location", "latitude"): "latitude",
    ("location", "longitude"): "longitude",
    ("location", "postal_code"): "postal_code",
    ("location", "commune"): "commune_insee",
    ("location", "commune", "insee"): "commune_insee",
    ("pricing", "free"): "pricing_free",
    ("pricing", "payment_methods"): "payment_methods",
}


class ErrorPlacer:
    """Maps each Pydantic error location to the form (or formset row) and field it names."""

    def __init__(self, editor: DocumentEditor):
        self.editor = editor

    def place(self, exc: ValidationError) -> None:
        for error in exc.errors():
            loc = tuple(error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            if not self._place_part(loc, message) and not self._place_field(loc, message):
                path = ".".join(str(step) for step in loc)
                self.editor.non_field_errors.append(f"{path}: {message}" if path else message)

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
