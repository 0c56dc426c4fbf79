"""The output formats by name, for the export command and the diffusion API.

A renderer is a plain function over canonical documents (dicts as stored in
`TourismObject.document`, or the API's public form): it drops private data itself and yields
bytes, so a caller can stream any number of objects in constant memory.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opensit.formats import csv_format, geojson, gpx, ical, jsonl, jsonld
from opensit.formats.safety import RenderReport

RenderStream = Callable[..., Iterator[bytes]]


@dataclass(frozen=True)
class Renderer:
    name: str
    label: Any
    media_type: str
    extension: str
    render_stream: RenderStream
    """`render_stream(documents, lang=None, *, report=None) -> iterator of bytes`; an object
    it cannot render is skipped, logged and counted in `report` (`safety.RenderReport`)."""
    only: str = ""
    """Which objects the format carries when not all: `events`, `itineraries`."""
    unit: str = "objects"
    """What the report's `written` counts: `objects`, `features`, `rows`, `events` (VEVENTs),
    `tracks`; the export's summary names it (`formats.summary`)."""
    dialects: tuple[str, ...] = ()
    """The variants `render_stream(..., dialect=)` accepts, the first being the default."""

    def render(
        self,
        documents: Iterable[dict[str, Any]],
        lang: str | None = None,
        report: RenderReport | None = None,
    ) -> bytes:
        """The whole output at once: for small responses and tests."""
        return b"".join(self.render_stream(documents, lang, report=report))


RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in [
        Renderer(
            "jsonld",
            gettext_lazy("JSON-LD, DATAtourisme ontology"),
            "application/ld+json",
            "jsonld",
            jsonld.render_stream,
        ),
        Renderer(
            "geojson",
            gettext_lazy("GeoJSON feature collection"),
            "application/geo+json",
            "geojson",
            geojson.render_stream,
            unit="features",
        ),
        Renderer(
            "csv",
            gettext_lazy("CSV table, one row per object"),
            "text/csv; charset=utf-8",
            "csv",
            csv_format.render_stream,
            unit="rows",
            dialects=tuple(csv_format.DIALECTS),
        ),
        Renderer(
            "ical",
            gettext_lazy("iCalendar, events"),
            "text/calendar; charset=utf-8",
            "ics",
            ical.render_stream,
            only="events",
            unit="events",
        ),
        Renderer(
            "gpx",
            gettext_lazy("GPX, itineraries"),
            "application/gpx+xml",
            "gpx",
            gpx.render_stream,
            only="itineraries",
            unit="tracks",
        ),
        Renderer(
            "jsonl",
            gettext_lazy("JSON Lines of public documents"),
            "application/jsonl",
            "jsonl",
            jsonl.render_stream,
        ),
    ]
}


class UnknownFormat(ValueError):
    pass


def get_renderer(name: str) -> Renderer:
    """The renderer of `name`, or an error that lists the known formats."""
    try:
        return RENDERERS[name]
    except KeyError:
        raise UnknownFormat(
            _("Unknown format %(name)r: choose one of %(known)s.")
            % {"name": name, "known": ", ".join(RENDERERS)}
        ) from None
