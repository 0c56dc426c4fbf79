"""The home page of a destination: a hero, featured selections and the coming events. It is
the site's root: the object detail pages are served beside its children (`sites.urls`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from opensit.sites import cards
from opensit.sites.blocks import ObjectListBlock


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "media.LibraryImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    featured = StreamField(
        [("objects", ObjectListBlock())],
        blank=True,
        verbose_name=_("featured selections"),
    )
    events_count = models.PositiveSmallIntegerField(
        _("coming events shown"), default=6, help_text=_("0 hides them.")
    )
    intro = StreamField(
        [("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"]))],
        blank=True,
        verbose_name=_("introduction"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("hero_image"),
        FieldPanel("intro"),
        FieldPanel("featured"),
        FieldPanel("events_count"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("destination home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events"] = (
            cards.coming_events(request.destination, self.locale.language_code, self.events_count)
            if self.events_count and getattr(request, "destination", None)
            else []
        )
        return context
