"""Forms of the API access screens: the public request, a project's description, its scope.

They only read and shape input; the rules (who may, what is valid) are in
`opensit.diffusion.services` and `opensit.diffusion.access_requests`, whose errors name the
field they refuse.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opensit.diffusion.models import DiffusionProject, Selection
from opensit.network.models import Organisation


def language_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class AccessRequestForm(forms.Form):
    """The public "Request API access" page."""

    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("The company, association or public body that runs the project."),
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"), help_text=_("The invitation to the back-office is sent there.")
    )
    project_name = forms.CharField(
        label=_("Project name"),
        max_length=200,
        help_text=_("The website, app or service that will read the data."),
    )
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages in which the project shows the data."),
    )
    intended_use = forms.CharField(
        label=_("Intended use"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the project shows, to whom, and roughly how many calls a day."),
    )
    terms = forms.BooleanField(
        label=_(
            "I accept the terms of use: the data is free to reuse, with the attribution of its"
            " producers, and the photos' credits and rights are kept."
        ),
    )


class ProjectForm(forms.ModelForm):
    """A project's description, as its organisation's admins keep it."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=language_choices, widget=forms.CheckboxSelectMultiple
    )
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = DiffusionProject
        fields = ["name", "url", "contact", "languages", "intended_use"]
        widgets = {"intended_use": forms.Textarea(attrs={"rows": 3})}


class ScopeForm(forms.Form):
    """What the project reads: the whole catalog, or some selections."""

    whole_catalog = forms.BooleanField(label=_("The whole catalog"), required=False)
    selections = forms.ModelMultipleChoiceField(
        label=_("Or only these selections"),
        queryset=Selection.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selections"].queryset = Selection.objects.select_related("organisation")

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("whole_catalog") and not data.get("selections"):
            raise forms.ValidationError(_("Choose the whole catalog or at least one selection."))
        return data


class AcceptRequestForm(forms.Form):
    """A network admin's decision on a request: for which organisation, at which tier."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("A new partner organisation, named as in the request"),
    )
    tier = forms.ChoiceField(
        label=_("Tier"), choices=DiffusionProject.Tier.choices, initial="basic"
    )
