"""A provider proposes a new establishment in a simple form: the essentials only (type, name,
short description, address, commune, contacts). catalog.creation creates it as a proposal that
the tourist office of the commune validates in its "waiting for validation" list."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from opensit.backoffice.context import current_actor
from opensit.backoffice.forms.communes import commune_field, resolve_into
from opensit.backoffice.forms.editor import type_choices
from opensit.backoffice.forms.errors import error_message
from opensit.catalog import creation
from opensit.catalog.document import TourismDocument
from opensit.core.langtext import active_languages
from opensit.network.permissions import PROPOSE_ROLES

# Where a document validation error goes in this form.
ERROR_FIELDS = {"name": "name_fr", "location": "commune", "contacts": "email"}


class NewEstablishmentForm(forms.Form):
    type = forms.ChoiceField(label=gettext_lazy("Type"))
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    postal_code = forms.RegexField(
        label=gettext_lazy("Postal code"), regex=r"^\d{5}$", required=False
    )
    commune = commune_field()
    latitude = forms.FloatField(
        label=gettext_lazy("Latitude"), min_value=-90, max_value=90, required=False
    )
    longitude = forms.FloatField(
        label=gettext_lazy("Longitude"), min_value=-180, max_value=180, required=False
    )
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    comment = forms.CharField(
        label=gettext_lazy("Message to the tourist office"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = type_choices()
        for i, lang in enumerate(active_languages()):
            self.fields[f"name_{lang}"] = forms.CharField(
                label=_("Name (%(lang)s)") % {"lang": lang}, max_length=300, required=i == 0
            )
            self.fields[f"short_description_{lang}"] = forms.CharField(
                label=_("Short description (%(lang)s)") % {"lang": lang},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        """The commune the person named (`forms.communes.resolve_into`), narrowed by the postal
        code when its name is shared."""
        data = super().clean()
        if data.get("commune"):
            data["commune_insee"], data["commune_name"] = resolve_into(
                self, "commune", data["commune"], data.get("postal_code") or ""
            )
        return data

    def document(self) -> dict[str, Any]:
        data = self.cleaned_data
        insee, name = data["commune_insee"], data["commune_name"]
        contacts = [
            {"kind": kind, "value": data[field]}
            for kind, field in (("phone", "phone"), ("email", "email"), ("website", "website"))
            if data.get(field)
        ]
        texts = {
            key: {
                lang: data[f"{key}_{lang}"] for lang in active_languages() if data[f"{key}_{lang}"]
            }
            for key in ("name", "short_description")
        }
        return {
            "type": data["type"],
            **{key: value for key, value in texts.items() if value},
            "location": {
                "address_lines": [data["address"]] if data["address"] else [],
                "postal_code": data["postal_code"],
                "commune": {"insee": insee, "name": name},
                **(
                    {"latitude": data["latitude"], "longitude": data["longitude"]}
                    if data.get("latitude") is not None and data.get("longitude") is not None
                    else {}
                ),
            },
            "contacts": contacts,
        }


def propose_new(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if actor.role not in PROPOSE_ROLES:
        raise PermissionDenied(_("You may not propose new objects."))
    form = NewEstablishmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = TourismDocument.model_validate(form.document())
            proposal = creation.propose_creation(actor, document, form.cleaned_data["comment"])
        except ValidationError as exc:
            for error in exc.errors():
                field = ERROR_FIELDS.get(str(error["loc"][0]) if error["loc"] else "")
                form.add_error(field, error_message(error))
        except ValueError as exc:
            form.add_error("commune", str(exc))
        else:
            messages.success(
                request,
                _("“%(name)s” is proposed to %(office)s, which will validate it.")
                % {"name": proposal.object.name, "office": proposal.object.owner},
            )
            return redirect("opensit_objects")
    return TemplateResponse(
        request,
        "backoffice/propose_new.html",
        {
            "page_title": _("Propose a new establishment"),
            "header_icon": "plus",
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )
