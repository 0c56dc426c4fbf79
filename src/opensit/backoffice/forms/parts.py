"""Small forms for the repeated parts of a document (contacts, periods, prices, media, links).

Each turns its cleaned data into the part's dict (`to_part`) and back (`initial_from`); the
Pydantic document stays the judge of what is valid.
"""

from copy import deepcopy
from datetime import date, time
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opensit.catalog.document import WEEKDAYS
from opensit.core.licences import LICENCES
from opensit.formats.units import PRICE_UNITS, UNIT_LABELS
from opensit.media.library import fill_from_library, library_choices

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})
WEEKDAY_CHOICES = list(
    zip(
        WEEKDAYS,
        [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        strict=True,
    )
)
LICENCE_CHOICES = [("", "—"), *((code, lic.title) for code, lic in LICENCES.items())]


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def json_ready(value: Any) -> Any:
    """A cleaned form value as the stored document writes it."""
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def set_lang(part: dict[str, Any], key: str, lang: str, value: str) -> None:
    """Set one language of a language text, keeping the others."""
    texts = dict(part.get(key) or {})
    if value:
        texts[lang] = value
    else:
        texts.pop(lang, None)
    part[key] = texts


def keep_current_choice(field: forms.Field, current: Any) -> None:
    """A stored value the form does not list (a source's licence, contact kind or link kind)
    stays a valid choice, so that saving the object unchanged never fails on it."""
    if not isinstance(field, forms.ChoiceField) or current in (None, ""):
        return
    values = current if isinstance(current, list) else [current]
    known = {str(code) for code, _label in field.choices}
    extra = [(value, value) for value in values if str(value) not in known]
    if extra:
        field.choices = [*field.choices, *extra]


class PartForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A blank extra row posts the first option of each select: make that the initial value,
        # so that the row counts as unchanged and is skipped.
        for name, field in self.fields.items():
            single = not isinstance(field, forms.MultipleChoiceField)
            first = next(iter(getattr(field, "choices", [])), None)
            if single and isinstance(field, forms.ChoiceField) and field.initial is None and first:
                field.initial = first[0]
            keep_current_choice(field, self.initial.get(name))

    def to_part(self) -> dict[str, Any]:
        return _drop_empty(dict(self.cleaned_data))

    def apply_to(self, part: dict[str, Any]) -> dict[str, Any]:
        """The stored part with the fields the person changed, and nothing else."""
        part = deepcopy(part)
        for name in self.changed_data:
            if name != "DELETE":
                self.set_field(part, name, json_ready(self.cleaned_data.get(name)))
        return part

    def set_field(self, part: dict[str, Any], name: str, value: Any) -> None:
        if value in (None, "", []):
            part.pop(name, None)
        else:
            part[name] = value

    @classmethod
    def initial_from(cls, part: dict[str, Any]) -> dict[str, Any]:
        return {name: part.get(name) for name in cls.base_fields if name in part}


class ContactForm(PartForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("phone", _("Phone")),
            ("mobile", _("Mobile")),
            ("email", _("Email")),
            ("website", _("Website")),
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("fax", _("Fax")),
            ("other", _("Other")),
        ],
    )
    value = forms.CharField(label=_("Value"), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            ("main", _("Main")),
            ("booking", _("Booking")),
            ("information", _("Information")),
            ("management", _("Management")),
            ("other", _("Other")),
        ],
        initial="main",
    )
    label = forms.CharField(label=_("Label"), required=False)

    def to_part(self) -> dict[str, Any]:
        # value is kept even when empty so that the document names the missing value.
        return {**super().to_part(), "value": self.cleaned_data.get("value") or ""}

    def set_field(self, part: dict[str, Any], name: str, value: Any) -> None:
        if name == "value":
            part["value"] = value or ""
        else:
            super().set_field(part, name, value)


class PeriodForm(PartForm):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    weekdays = forms.MultipleChoiceField(
        label=_("Days"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every day."),
    )
    opens = forms.TimeField(label=_("Opens"), required=False, widget=TIME)
    closes = forms.TimeField(label=_("Closes"), required=False, widget=TIME)
    closed = forms.BooleanField(label=_("Closure period"), required=False)
    recurs_yearly = forms.BooleanField(label=_("Every year"), required=False)

    def to_part(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        opens, closes = data.pop("opens", None), data.pop("closes", None)
        if opens:
            data["times"] = [_drop_empty({"opens": opens, "closes": closes})]
        return _drop_empty(data)

    def set_field(self, part: dict[str, Any], name: str, value: Any) -> None:
        if name not in ("opens", "closes"):
            super().set_field(part, name, value)
            return
        # The form shows the first time range; the others stay as they are.
        times = [dict(item) for item in part.get("times") or []]
        first = times[0] if times else {}
        if value:
            first[name] = value
        else:
            first.pop(name, None)
        rest = times[1:]
        part["times"] = ([first] if first.get("opens") else []) + rest
        if not part["times"]:
            part.pop("times")

    @classmethod
    def initial_from(cls, part: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(part)
        if part.get("times"):
            initial["opens"] = part["times"][0].get("opens")
            initial["closes"] = part["times"][0].get("closes")
        return initial


class OccurrenceForm(PartForm):
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    start_time = forms.TimeField(label=_("From"), required=False, widget=TIME)
    end_time = forms.TimeField(label=_("To"), required=False, widget=TIME)


class PriceForm(PartForm):
    label = forms.CharField(label=_("Label (French)"), required=False)
    min = forms.DecimalField(label=_("Minimum"), required=False, decimal_places=2)
    max = forms.DecimalField(label=_("Maximum"), required=False, decimal_places=2)
    unit = forms.ChoiceField(
        label=_("Unit"), required=False, choices=[("", "—"), *PRICE_UNITS.items()]
    )
    free = forms.BooleanField(label=_("Free"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.choices = [(code, UNIT_LABELS.get(code, label)) for code, label in field.choices]

    def to_part(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["label"] = {"fr": data["label"]} if data.get("label") else {}
        for bound in ("min", "max"):
            if data.get(bound) is not None:
                data[bound] = float(data[bound])
        return _drop_empty(data)

    def set_field(self, part: dict[str, Any], name: str, value: Any) -> None:
        if name == "label":
            set_lang(part, "label", "fr", value or "")
        else:
            super().set_field(part, name, value)

    @classmethod
    def initial_from(cls, part: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(part)
        initial["label"] = (part.get("label") or {}).get("fr", "")
        for bound in ("min", "max"):
            if isinstance(part.get(bound), float | int):
                initial[bound] = Decimal(str(part[bound]))
        return initial


class MediaForm(PartForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("image", _("Image")),
            ("video", _("Video")),
            ("document", _("Document")),
            ("trace", _("Trail trace")),
            ("audio", _("Audio")),
            ("link", _("Link")),
        ],
    )
    library_image = forms.ChoiceField(
        label=_("Library image"),
        choices=[],
        required=False,
        help_text=_("Fills the URL, credit, licence and end date from the media library."),
    )
    url = forms.CharField(label=_("URL"), required=False)
    title = forms.CharField(label=_("Title (French)"), required=False)
    credit = forms.CharField(label=_("Credit"), required=False)
    licence = forms.ChoiceField(label=_("Licence"), choices=LICENCE_CHOICES, required=False)
    publication_end = forms.DateField(
        label=_("Publication end"),
        required=False,
        widget=DATE,
        help_text=_("Not diffused after this date."),
    )
    main = forms.BooleanField(label=_("Main"), required=False)

    def __init__(self, *args: Any, library: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The library's images, read once per editor and given to every row.
        self.fields["library_image"].choices = library if library is not None else library_choices()

    def to_part(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        library = data.pop("library_image", "")
        data["title"] = {"fr": data["title"]} if data.get("title") else {}
        part = {**_drop_empty(data), "url": self.cleaned_data.get("url") or ""}
        return fill_from_library(part, library) if library else part

    def set_field(self, part: dict[str, Any], name: str, value: Any) -> None:
        if name == "title":
            set_lang(part, "title", "fr", value or "")
        elif name == "library_image":
            part.update(fill_from_library(part, value) if value else {})
        elif name == "url":
            part["url"] = value or ""
        else:
            super().set_field(part, name, value)

    @classmethod
    def initial_from(cls, part: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(part)
        initial["title"] = (part.get("title") or {}).get("fr", "")
        return initial


class LinkForm(PartForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("related", _("Related")),
            ("venue", _("Venue")),
            ("stage", _("Stage")),
            ("restaurant", _("Restaurant")),
            ("accommodation", _("Accommodation")),
        ],
    )
    target = forms.CharField(label=_("Object id"))

    def clean_target(self) -> str:
        from opensit.catalog.models import TourismObject

        target = self.cleaned_data["target"].strip()
        if target == self.initial.get("target"):
            return target  # a stored link is kept as it is, even to an object gone since
        if ":" not in target and not TourismObject.objects.filter(pk=target).exists():
            raise forms.ValidationError(_("No object with the id %(id)s.") % {"id": target})
        return target


FORMSETS: dict[str, type[PartForm]] = {
    "contacts": ContactForm,
    "periods": PeriodForm,
    "occurrences": OccurrenceForm,
    "prices": PriceForm,
    "media": MediaForm,
    "links": LinkForm,
}
