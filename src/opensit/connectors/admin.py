"""The Django admin of the connectors app: the media policy of each source (docs/media.md)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from opensit.connectors.media_policy import policy_changed
from opensit.connectors.models import SourcePolicy
from opensit.connectors.registry import CONNECTORS
from opensit.core.licences import LICENCES
from opensit.network.permissions import Actor


class SourcePolicyForm(forms.ModelForm):
    """Lists for the codes, so that a typo cannot become a policy."""

    system = forms.ChoiceField(label=_("source system"), choices=[])
    media_licence = forms.ChoiceField(label=_("licence of media without one"), required=False)

    class Meta:
        model = SourcePolicy
        fields = ["system", "owner", "media_licence", "reserved_media"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["system"].choices = [(code, code) for code in sorted(CONNECTORS)]
        self.fields["media_licence"].choices = [("", _("The default"))] + [
            (code, f"{lic.name} ({code})") for code, lic in LICENCES.items()
        ]


@admin.register(SourcePolicy)
class SourcePolicyAdmin(admin.ModelAdmin):
    form = SourcePolicyForm
    list_display = ("system", "owner", "media_licence", "reserved_media", "updated_at")
    list_filter = ("system", "reserved_media")

    def save_model(self, request: Any, obj: SourcePolicy, form: Any, change: bool) -> None:
        """Audited, and the next import of the source re-maps its records (`policy_changed`)."""
        super().save_model(request, obj, form, change)
        if not change or form.changed_data:
            policy_changed(Actor(user=request.user, origin="admin"), obj)
