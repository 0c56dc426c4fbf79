"""GPX 1.1 for itineraries: one track per object with a line geometry or a trace file.

A LineString is one track segment, a MultiLineString one segment per line (GeoJSON
coordinates are [lon, lat, elevation?]). A trace media (a GPX/KML file) is linked from the
track. Objects with neither are skipped; points of interest are not itineraries. The report
counts the tracks written.
Texts are stripped of the characters XML forbids and escaped, coordinates are numbers: the
output is well-formed whatever the documents hold.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from gpxpy.gpx import GPXTrack, GPXTrackPoint, GPXTrackSegment
from gpxpy.gpxfield import gpx_fields_to_xml

from opensit.formats.public import as_public_form
from opensit.formats.safety import RenderReport, each_rendered, xml_text
from opensit.formats.text import default_language, text

HEADER = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="OpenSIT" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    b'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 '
    b'http://www.topografix.com/GPX/1/1/gpx.xsd">\n'
)


def lines_of(geometry: dict[str, Any] | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "LineString":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiLineString":
        return list(geometry["coordinates"])
    return []


def track(document: dict[str, Any], lang: str, today: date | None = None) -> GPXTrack | None:
    doc = as_public_form(document, today)
    lines = lines_of(doc.get("location", {}).get("geometry"))
    traces = [m for m in doc.get("media", []) if m.get("kind") == "trace"]
    if not lines and not traces:
        return None
    trk = GPXTrack(name=xml_text(text(doc.get("name"), lang)))
    description = text(doc.get("short_description"), lang)
    if description:
        trk.description = xml_text(description)
    trk.type = xml_text(doc.get("type", ""))
    trk.source = xml_text(doc.get("id", ""))
    if traces:
        # gpxpy writes attribute values as they are: escape the URL ourselves.
        trk.link = escape(xml_text(traces[0]["url"]), {'"': "&quot;"})
        trk.link_text = xml_text(text(traces[0].get("title"), lang) or "trace")
    for line in lines:
        segment = GPXTrackSegment()
        for position in line:
            # attributes too are written as they are: numbers only
            elevation = float(position[2]) if len(position) > 2 else None
            point = GPXTrackPoint(float(position[1]), float(position[0]), elevation=elevation)
            segment.points.append(point)
        trk.segments.append(segment)
    return trk


def _track_xml(document: dict[str, Any], lang: str, today: date) -> bytes:
    trk = track(document, lang, today)
    return b"" if trk is None else gpx_fields_to_xml(trk, "trk", version="1.1").encode()


def render_stream(
    documents: Iterable[dict[str, Any]],
    lang: str | None = None,
    *,
    today: date | None = None,
    report: RenderReport | None = None,
) -> Iterator[bytes]:
    lang = lang or default_language()
    today = today or timezone.localdate()
    yield HEADER
    tracks = each_rendered(
        documents, lambda document: _track_xml(document, lang, today), "gpx", report
    )
    for chunk in tracks:
        if chunk:
            if report is not None:
                report.wrote()
            yield chunk
    yield b"\n</gpx>\n"
