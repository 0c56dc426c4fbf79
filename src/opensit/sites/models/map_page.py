"""The map page: the objects of a selection (or of the whole site) on a full-width map,
clustered and loaded when it comes into view, with their points as GeoJSON at `geojson/`
and the first of them as plain links for visitors without JavaScript."""

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from opensit.sites import maps

RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


class MapPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), features=RICH_TEXT, blank=True)
    selection = models.ForeignKey(
        "diffusion.Selection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("selection"),
        help_text=_("Empty: every object the site shows (at most 10,000 points)."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("selection")]
    parent_page_types = ["sites.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("map page")

    @property
    def selection_slug(self) -> str | None:
        return self.selection.slug if self.selection_id else None

    def get_context(self, request: HttpRequest, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        destination = maps.page_destination(request, self)
        lang = self.locale.language_code
        context["has_map"] = True
        context["map_tiles"] = maps.tiles(destination)
        context["geojson_url"] = self.get_url(request) + self.reverse_subpage("geojson")
        context["links"] = maps.fallback_links(destination, self.selection_slug, lang)
        return context

    @path("")
    def index(self, request: HttpRequest) -> HttpResponse:
        response = self.render(request)
        destination = maps.page_destination(request, self)
        return maps.allow_tiles(response, destination) if destination else response

    @path("geojson/", name="geojson")
    def geojson(self, request: HttpRequest) -> HttpResponse:
        """The page's points, limited to the site's scope."""
        if request.method not in ("GET", "HEAD"):
            raise Http404
        destination = maps.page_destination(request, self)
        if destination is None:
            raise Http404("not on a destination site")
        collection = maps.selection_points(
            destination, self.selection_slug, self.locale.language_code
        )
        return maps.geojson_response(request, collection)
