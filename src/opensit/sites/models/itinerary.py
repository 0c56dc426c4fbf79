"""The itinerary page: an editor's page about one catalog itinerary (a walking, cycling...
tour), with an editorial introduction above the trail as the object's page shows it: length,
elevation gain and loss, the profile, the trace on a map and its GPX download."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from opensit.catalog.models import TourismObject
from opensit.core.langtext import pick
from opensit.sites import canonical, maps
from opensit.sites.detail import FALLBACKS, load_form, text_in
from opensit.sites.trail import trail_of

ITINERARY_ROOT = "itinerary"


def check_itinerary(object_id: str) -> None:
    """The id names a catalog object of the itinerary family."""
    found = TourismObject.objects.filter(pk=object_id).values_list("type_root", flat=True).first()
    if found is None:
        raise ValidationError(_("No catalog object has this identifier."))
    if found != ITINERARY_ROOT:
        raise ValidationError(_("This object is not an itinerary."))


class ItineraryPage(Page):
    object_id = models.CharField(
        _("catalog itinerary"),
        max_length=36,
        help_text=_(
            "The identifier of an itinerary of the catalog (its page's address ends with it)."
        ),
    )
    intro = RichTextField(
        _("introduction"), features=["bold", "italic", "link", "ol", "ul", "h3"], blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("object_id"), FieldPanel("intro")]
    # the same itinerary in every language: an identifier is not a text to translate
    override_translatable_fields = [SynchronizedField("object_id")]
    parent_page_types = ["sites.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("itinerary page")

    def clean(self) -> None:
        """Checked here, not as a field validator: a migration would import the validator."""
        super().clean()
        try:
            check_itinerary(self.object_id)
        except ValidationError as error:
            raise ValidationError({"object_id": error.messages}) from error

    def get_context(self, request: HttpRequest, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        destination = maps.page_destination(request, self)
        lang = self.locale.language_code
        form = load_form(self.object_id)
        if form is None or destination is None or not canonical.shows(destination, self.object_id):
            form = None  # withdrawn, or out of the site's scope: the editorial text only
        trail = trail_of((form.get("location") or {}).get("geometry")) if form else None
        name = pick(form.get("name"), lang, FALLBACKS) if form else ""
        context.update(
            itinerary=form,
            itinerary_name=name,
            itinerary_description=text_in(form.get("short_description"), lang) if form else None,
            detail_url=canonical.object_path(self.object_id, name, lang) if form else "",
            trail=trail,
            gpx_url=canonical.object_path(self.object_id, name, lang) + "gpx" if trail else "",
            has_map=trail is not None,
            map_tiles=maps.tiles(destination) if destination else None,
        )
        return context

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().serve(request, *args, **kwargs)
        destination = maps.page_destination(request, self)
        return maps.allow_tiles(response, destination) if destination else response
