"""Forms of the sources screens: a source's settings (its key write-only) and a file upload.
The rules (who may, what each kind needs) are in `opensit.connectors.sources`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from opensit.connectors.models import Source
from opensit.network.models import Organisation


class SourceForm(forms.ModelForm):
    api_key = forms.CharField(
        label=_("API key"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Apidae: the project's key (not needed in export mode); OpenSIT: an optional key of"
            " the other instance. "
            "Stored encrypted, never shown back: leave empty to keep the stored key."
        ),
    )
    clear_key = forms.BooleanField(label=_("Remove the stored key"), required=False)
    url = forms.URLField(
        label=_("URL"),
        max_length=1000,
        assume_scheme="https",
        help_text=Source._meta.get_field("url").help_text,
    )

    class Meta:
        model = Source
        fields = [
            "name",
            "kind",
            "owner",
            "enabled",
            "url",
            "project_id",
            "apidae_mode",
            "api_key",
            "clear_key",
            "schedule",
            "daily_at",
            "interval_hours",
            "field_policy",
            "delete_absent",
            "timeout",
        ]
        widgets = {"daily_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.order_by("name")
        # Only Apidae sources have a mode: the others leave it out and keep "search".
        self.fields["apidae_mode"].required = False
        if self.instance.pk and self.instance.has_key:
            self.fields["api_key"].help_text = _(
                "A key is stored (%(masked)s). Leave empty to keep it."
            ) % {"masked": self.instance.masked_key or "••••"}

    def clean_apidae_mode(self) -> str:
        return self.cleaned_data.get("apidae_mode") or Source.ApidaeMode.SEARCH

    def key_change(self) -> str | None:
        """None: keep the stored key; "": remove it; else the new key."""
        if self.cleaned_data.get("clear_key"):
            return ""
        return self.cleaned_data.get("api_key") or None


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A DATAtourisme flux (zip), an Apidae answer or export, JSON Lines, Tourinsoft, "
            "LEI or TourinFrance: the format is recognised from the content."
        ),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("The organisation that owns the new objects"),
    )
