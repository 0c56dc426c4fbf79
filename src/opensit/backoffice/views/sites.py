"""The destination sites' settings: the owner's admins (and the network's) change the name,
logo, colours, languages, tiles, audience counts and canonical priority; the network admins
also the address (`sites.services` decides)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images.widgets import AdminImageChooser

from opensit.backoffice.context import current_actor
from opensit.media.models import LibraryImage
from opensit.network.services import FieldError
from opensit.sites import services
from opensit.sites.models import Destination


class DestinationForm(forms.Form):
    site_name = forms.CharField(label=gettext_lazy("Name"), max_length=255)
    hostname = forms.CharField(label=gettext_lazy("Host name"), max_length=255)
    port = forms.IntegerField(label=gettext_lazy("Port"), min_value=1, max_value=65535)
    logo = forms.ModelChoiceField(
        label=gettext_lazy("Logo"),
        queryset=LibraryImage.objects.all(),
        required=False,
        widget=AdminImageChooser(),
    )
    primary_colour = forms.CharField(
        label=gettext_lazy("Primary colour"), widget=forms.TextInput(attrs={"type": "color"})
    )
    accent_colour = forms.CharField(
        label=gettext_lazy("Accent colour"), widget=forms.TextInput(attrs={"type": "color"})
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    tile_url = forms.CharField(
        label=gettext_lazy("Map tiles"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("A tile URL template ({z}/{x}/{y}); empty: the platform's tiles."),
    )
    tile_attribution = forms.CharField(
        label=gettext_lazy("Tile credit"), max_length=200, required=False
    )
    analytics = forms.BooleanField(
        label=gettext_lazy("Audience counts"),
        required=False,
        help_text=gettext_lazy("Anonymous page counts, without cookie or personal data."),
    )
    canonical_priority = forms.IntegerField(
        label=gettext_lazy("Canonical priority"),
        help_text=gettext_lazy(
            "An object shown by several sites has its canonical page on its owner's site, "
            "else on the site of highest priority."
        ),
    )

    def __init__(self, *args, may_move: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_move:
            del self.fields["hostname"]
            del self.fields["port"]


def destination_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return TemplateResponse(
        request,
        "backoffice/sites/destination_list.html",
        {
            "page_title": _("Destination sites"),
            "header_icon": "site",
            "destinations": services.editable_destinations(actor),
        },
    )


def destination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_actor(request)
    destination = get_object_or_404(Destination.objects.select_related("site"), pk=pk)
    if not services.can_edit_settings(actor, destination):
        raise PermissionDenied(_("Only the owner's administrators change this site's settings."))
    site = destination.site
    initial = {
        "site_name": site.site_name,
        "hostname": site.hostname,
        "port": site.port,
        **{name: getattr(destination, name) for name in services.DESTINATION_FIELDS},
    }
    form = DestinationForm(request.POST or None, initial=initial, may_move=services.can_move(actor))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(actor, destination, **form.cleaned_data)
        except FieldError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("%(site)s saved.") % {"site": site.site_name})
            return redirect("opensit_destinations")
    return TemplateResponse(
        request,
        "backoffice/sites/destination_form.html",
        {
            "page_title": _("Settings of %(site)s") % {"site": site.site_name},
            "header_icon": "site",
            "form": form,
            "destination": destination,
            "cancel_url": reverse("opensit_destinations"),
        },
    )
