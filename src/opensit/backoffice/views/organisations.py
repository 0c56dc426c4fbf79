"""Network admins create and edit organisations: name, kind, parent, contacts and the territory
as INSEE codes (network.services checks the rights and the values)."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opensit.backoffice.context import current_actor
from opensit.network import services
from opensit.network.models import Organisation
from opensit.network.permissions import Actor


class OrganisationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    slug = forms.SlugField(
        label=gettext_lazy("Slug"),
        max_length=80,
        help_text=gettext_lazy("Used in addresses; it cannot be changed later."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Organisation.Kind.choices)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Parent organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    communes = forms.CharField(
        label=gettext_lazy("Territory (INSEE codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The communes' INSEE codes, separated by spaces or commas."),
    )

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            del self.fields["slug"]
            self.fields["parent"].queryset = Organisation.objects.exclude(
                pk=organisation.pk
            ).order_by("name")

    def clean_communes(self) -> list[str]:
        return [code for code in re.split(r"[\s,;]+", self.cleaned_data["communes"]) if code]


def _network_admin(request: HttpRequest) -> Actor:
    actor = current_actor(request)
    if not actor.is_network_admin:
        raise PermissionDenied(_("Only network administrators manage organisations."))
    return actor


def _render(
    request: HttpRequest, form: OrganisationForm, title: str, cancel: tuple
) -> HttpResponse:
    return TemplateResponse(
        request,
        "backoffice/organisation_form.html",
        {"page_title": title, "header_icon": "group", "form": form, "cancel_url": cancel},
    )


def _save(form: OrganisationForm, write) -> Organisation | None:
    """Run the service; its FieldError goes next to the field it names."""
    try:
        return write()
    except services.FieldError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    except ValueError as exc:
        form.add_error(None, str(exc))
    return None


def organisation_create(request: HttpRequest) -> HttpResponse:
    actor = _network_admin(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = _save(form, lambda: services.create_organisation(actor, **form.cleaned_data))
        if organisation is not None:
            messages.success(request, _("%(org)s created.") % {"org": organisation})
            return redirect("opensit_organisation", organisation.slug)
    return _render(request, form, _("New organisation"), reverse("opensit_organisations"))


def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = _network_admin(request)
    organisation = get_object_or_404(Organisation, slug=slug)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "parent": organisation.parent,
        "email": organisation.email,
        "website": organisation.website,
        "communes": " ".join(
            organisation.communes.order_by("insee").values_list("insee", flat=True)
        ),
    }
    form = OrganisationForm(request.POST or None, initial=initial, organisation=organisation)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form, lambda: services.update_organisation(actor, organisation, **form.cleaned_data)
        )
    ):
        messages.success(request, _("%(org)s saved.") % {"org": organisation})
        return redirect("opensit_organisation", organisation.slug)
    title = _("Edit %(org)s") % {"org": organisation}
    return _render(request, form, title, reverse("opensit_organisation", args=[organisation.slug]))
