"""The widget configurator's form: it shapes input; `opensit.widgets.services` decides who may
and what is valid (its errors name the field they refuse)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opensit.network.models import Organisation
from opensit.network.permissions import Actor
from opensit.widgets import services
from opensit.widgets.models import DEFAULT_FIELDS, Field, Widget
from opensit.widgets.origins import check_colour, parse_origins


class ColourInput(forms.TextInput):
    input_type = "color"


class WidgetForm(forms.ModelForm):
    fields = forms.MultipleChoiceField(
        label=_("Fields shown"),
        choices=Field.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_FIELDS,
        help_text=_("The name is always shown: it is the link to the object's page."),
    )
    allowed_origins = forms.CharField(
        label=_("Allowed origins"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://www.camping-exemple.fr"}),
        help_text=_(
            "One per line, as scheme://host[:port] (https://www.partner.fr). Only these sites may"
            " show the widget; the platform itself may, for the preview."
        ),
    )

    class Meta:
        model = Widget
        fields = [
            "title", "project", "selection", "layout", "detail_object", "fallback_latitude",
            "fallback_longitude", "language", "page_size", "fields", "primary_colour",
            "background_colour", "text_colour", "allowed_origins", "active",
        ]  # fmt: skip
        widgets = {
            "primary_colour": ColourInput(),
            "background_colour": ColourInput(),
            "text_colour": ColourInput(),
        }

    def __init__(self, *args, actor: Actor, organisation: Organisation, **kwargs) -> None:
        instance = kwargs.get("instance")
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"allowed_origins": "\n".join(instance.allowed_origins)}
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = services.projects_choice(actor, organisation)
        self.fields["selection"].queryset = services.selections_choice(organisation)
        self.fields["language"].initial = settings.LANGUAGE_CODE

    def clean_allowed_origins(self) -> list[str]:
        try:
            return parse_origins(self.cleaned_data.get("allowed_origins") or "")
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def _colour(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        check_colour(value)
        return value.lower()

    def clean_primary_colour(self) -> str:
        return self._colour("primary_colour")

    def clean_background_colour(self) -> str:
        return self._colour("background_colour")

    def clean_text_colour(self) -> str:
        return self._colour("text_colour")

    def clean_fields(self) -> list[str]:
        chosen = list(self.cleaned_data.get("fields") or [])
        return ["name", *[f for f in chosen if f != "name"]]

    def _post_clean(self) -> None:
        """The model's rules run in the service (`services.create_widget`), with the actor."""
