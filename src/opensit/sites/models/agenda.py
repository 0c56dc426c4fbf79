"""The agenda page: the site's events (optionally of one selection) in a date window, with
"today" and "this weekend" shortcuts, one line per day, grouped by day, numbered pages."""

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from opensit.sites import agenda
from opensit.sites.pages import destination_of, page_language, serve_checked
from opensit.sites.paging import pager, with_params
from opensit.sites.params import page_number


class AgendaPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    selection = models.ForeignKey(
        "diffusion.Selection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("selection"),
        help_text=_("Only the events of this selection; none: every event the site shows."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("selection")]
    parent_page_types = ["sites.HomePage"]
    subpage_types: list[str] = []
    template = "sites/agenda_page.html"

    class Meta:
        verbose_name = _("agenda")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return serve_checked(super().serve, self, request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        query = request.GET
        today = timezone.localdate()
        span = agenda.window(query, today)
        number = page_number(query)
        destination = destination_of(self, request)
        found = (
            agenda.lines(destination, self.selection, span, page_language(self))
            if destination
            else []
        )
        paged = pager(query, number, len(found), agenda.LINES_PER_PAGE)
        shortcuts = [
            {
                "label": label,
                "url": with_params(
                    query,
                    **{"from": chosen.start.isoformat(), "to": chosen.end.isoformat()},
                    page=None,
                ),
                "current": chosen == span,
            }
            for label, chosen in (
                (_("Today"), agenda.shortcuts(today)["today"]),
                (_("This weekend"), agenda.shortcuts(today)["weekend"]),
            )
        ]
        context.update(
            span=span,
            days=agenda.by_day(found[paged.offset : paged.offset + paged.size]),
            line_count=len(found),
            pager=paged,
            shortcuts=shortcuts,
        )
        return context
