"""A listing: the objects of a diffusion selection (or of the whole site), optionally of some
types, with facets that work without JavaScript, a list and a map view, numbered pages, and
the GeoJSON of its points for the map script (`<page>/geojson/`)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from opensit.catalog.types import TYPES
from opensit.search.request import SearchResult
from opensit.sites import cards, listing, maps
from opensit.sites.pages import bad_parameter, destination_of, page_language
from opensit.sites.paging import pager, with_params
from opensit.sites.params import BadParameter, Filters, filters


class ListingPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    selection = models.ForeignKey(
        "diffusion.Selection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("selection"),
        help_text=_("A hand-picked list or a saved search; none: everything the site shows."),
    )
    fixed_types = models.CharField(
        _("types"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Type codes separated by commas (e.g. hotel, campsite); empty: every type."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("selection"),
        FieldPanel("fixed_types"),
    ]
    parent_page_types = ["sites.HomePage"]
    subpage_types: list[str] = []
    template = "sites/listing_page.html"

    class Meta:
        verbose_name = _("listing")

    @property
    def type_codes(self) -> list[str]:
        return [c.strip() for c in self.fixed_types.split(",") if c.strip()]

    def clean(self) -> None:
        super().clean()
        unknown = [code for code in self.type_codes if code not in TYPES]
        if unknown:
            raise ValidationError(
                {"fixed_types": _("Unknown type: %(code)s") % {"code": unknown[0]}}
            )

    def _run(self, request: HttpRequest, chosen: Filters, **kwargs: Any) -> SearchResult:
        destination = destination_of(self, request)
        if destination is None:
            return listing.empty_result()
        return listing.run(
            destination,
            self.selection,
            self.type_codes,
            chosen,
            page_language(self),
            **kwargs,
        )

    def _points(self, request: HttpRequest, chosen: Filters) -> list[str]:
        ids: list[str] = []
        while len(ids) < listing.MAP_POINTS:
            batch = min(listing.SEARCH_BATCH, listing.MAP_POINTS - len(ids))
            result = self._run(request, chosen, limit=batch, offset=len(ids), facets=False)
            ids += result.ids
            if len(result.ids) < batch:
                break
        return ids

    @path("")
    def listing_view(self, request: HttpRequest) -> HttpResponse:
        try:
            chosen = filters(request.GET)
            size = listing.PAGE_SIZE
            result = self._run(request, chosen, limit=size, offset=(chosen.page - 1) * size)
            paged = pager(request.GET, chosen.page, result.total, size)
        except BadParameter as error:
            return bad_parameter(request, self, error)
        lang = page_language(self)
        query = request.GET
        facets = listing.facets(result, chosen, query, lang)
        context = {
            "chosen": chosen,
            "result": result,
            "found": cards.cards(result.ids, lang),
            "facets": facets,
            "pager": paged,
            "list_url": with_params(query, view=None),
            "map_url": with_params(query, view="map"),
            "geojson_url": self.get_url(request)
            + "geojson/"
            + with_params(query, view=None, page=None),
            "removals": [
                (value.label, value.toggle_url)
                for facet in facets
                for value in facet.values
                if value.selected
            ],
            "q_removal": with_params(query, q=None, page=None) if chosen.q else None,
            "has_map": chosen.view == "map",
            "tiles": maps.tiles(destination_of(self, request)),
        }
        response = self.render(request, context_overrides=context)
        destination = destination_of(self, request)
        return maps.allow_tiles(response, destination) if destination else response

    @path("geojson/")
    def geojson(self, request: HttpRequest) -> HttpResponse:
        """The listing's points under the current filters (at most `MAP_POINTS`)."""
        try:
            chosen = filters(request.GET)
            ids = self._points(request, chosen)
        except BadParameter as error:
            return JsonResponse(
                {"parameter": error.parameter, "detail": error.message}, status=error.status
            )
        found = cards.cards(ids, page_language(self))
        return JsonResponse(listing.feature_collection(found))
