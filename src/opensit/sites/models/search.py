"""The search page: a text search over everything the site shows, tolerant of typos, with a
"did you mean" when nothing matches, and numbered pages of cards."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from opensit.sites import cards, listing
from opensit.sites.pages import destination_of, page_language, serve_checked
from opensit.sites.paging import pager, with_params
from opensit.sites.params import Filters, page_number, text


class SearchPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["sites.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "sites/search_page.html"

    class Meta:
        verbose_name = _("search page")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return serve_checked(super().serve, self, request, *args, **kwargs)

    def _finds(self, destination: Any, words: str) -> bool:
        found = listing.run(
            destination, None, [], Filters(q=words), page_language(self), limit=0, facets=False
        )
        return found.total > 0

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        query = request.GET
        q = text(query)
        number = page_number(query)
        destination = destination_of(self, request)
        result = listing.empty_result()
        if q and destination is not None:
            size = listing.PAGE_SIZE
            result = listing.run(
                destination,
                None,
                [],
                Filters(q=q, page=number),
                page_language(self),
                limit=size,
                offset=(number - 1) * size,
                facets=False,
            )
        suggestion = result.did_you_mean
        if suggestion and not self._finds(destination, suggestion):
            suggestion = None  # the engine's guess finds objects the site does not show
        paged = pager(query, number, result.total, listing.PAGE_SIZE)
        context.update(
            q=q,
            result=result,
            found=cards.cards(result.ids, page_language(self)),
            pager=paged,
            suggestion=suggestion,
            suggestion_url=with_params(query, q=suggestion, page=None) if suggestion else None,
        )
        return context
