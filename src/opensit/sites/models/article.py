"""The editorial article: text, photos of the media library, lists and maps of catalog
objects, quotations, in the order the editor chooses (a StreamField)."""

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from opensit.sites import maps
from opensit.sites.blocks import ImageBlock, MapBlock, ObjectListBlock, QuoteBlock

PARAGRAPH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class ArticlePage(Page):
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("A sentence or two under the title.")
    )
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=_("Text"))),
            ("image", ImageBlock()),
            ("objects", ObjectListBlock()),
            ("map", MapBlock()),
            ("quote", QuoteBlock()),
        ],
        blank=True,
        verbose_name=_("body"),
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["sites.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")

    @property
    def has_map(self) -> bool:
        return any(block.block_type == "map" for block in self.body)

    def get_context(self, request: HttpRequest, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["has_map"] = self.has_map
        return context

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().serve(request, *args, **kwargs)
        destination = maps.page_destination(request, self) if self.has_map else None
        return maps.allow_tiles(response, destination) if destination else response
