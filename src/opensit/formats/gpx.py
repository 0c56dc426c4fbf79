"""GPX 1.1 for itineraries: one track per object with a line geometry or a trace file.

A LineString is one track segment, a MultiLineString one segment per line (GeoJSON
coordinates are [lon, lat, elevation?]). A trace media (a GPX/KML file) is linked from the
track. Objects with neither are skipped; points of interest are not itineraries.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from gpxpy.gpx import GPXTrack, GPXTrackPoint, GPXTrackSegment
from gpxpy.gpxfield import gpx_fields_to_xml

from opensit.formats.public import public_document
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
    doc = public_document(document, today)
    lines = lines_of(doc.get("location", {}).get("geometry"))
    traces = [m for m in doc.get("media", []) if m.get("kind") == "trace"]
    if not lines and not traces:
        return None
    trk = GPXTrack(name=text(doc.get("name"), lang))
    description = text(doc.get("short_description"), lang)
    if description:
        trk.description = description
    trk.type = doc.get("type", "")
    trk.source = doc.get("id", "")
    if traces:
        # gpxpy writes attribute values as they are: escape the URL ourselves.
        trk.link = escape(traces[0]["url"], {'"': "&quot;"})
        trk.link_text = text(traces[0].get("title"), lang) or "trace"
    for line in lines:
        segment = GPXTrackSegment()
        for position in line:
            elevation = position[2] if len(position) > 2 else None
            segment.points.append(GPXTrackPoint(position[1], position[0], elevation=elevation))
        trk.segments.append(segment)
    return trk


def render_stream(
    documents: Iterable[dict[str, Any]], lang: str | None = None, *, today: date | None = None
) -> Iterator[bytes]:
    lang = lang or default_language()
    today = today or timezone.localdate()
    yield HEADER
    for document in documents:
        trk = track(document, lang, today)
        if trk is not None:
            yield gpx_fields_to_xml(trk, "trk", version="1.1").encode()
    yield b"\n</gpx>\n"
