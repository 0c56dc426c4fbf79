"""The lines `opensit export` prints: what each file holds, in the format's own unit.

A count of objects read said "2,550 objects exported" for a GPX file without a single track,
and counted objects where an iCalendar file holds events: the summary names what was written
(`ExportResult.written`, in `Renderer.unit`), then how many objects were read for it.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opensit.formats.export import ExportResult

WRITTEN: dict[str, Callable[[int], str]] = {
    "objects": lambda n: ngettext("%(n)d object written", "%(n)d objects written", n),
    "features": lambda n: ngettext("%(n)d feature written", "%(n)d features written", n),
    "rows": lambda n: ngettext("%(n)d row written", "%(n)d rows written", n),
    "events": lambda n: ngettext(
        "%(n)d event (VEVENT) written", "%(n)d events (VEVENT) written", n
    ),
    "tracks": lambda n: ngettext("%(n)d track written", "%(n)d tracks written", n),
}


def written_text(count: int, unit: str) -> str:
    """`3 tracks written`, in the active language."""
    return WRITTEN.get(unit, WRITTEN["objects"])(count) % {"n": count}


def _read_text(count: int) -> str:
    return ngettext("%(n)d object read", "%(n)d objects read", count) % {"n": count}


def export_summary(result: ExportResult) -> str:
    """`gpx: 0 tracks written, 2550 objects read (183 bytes, 0.4 s)`."""
    return _("%(format)s: %(written)s, %(read)s (%(bytes)d bytes, %(seconds).1f s)") % {
        "format": result.format,
        "written": written_text(result.written, result.unit),
        "read": _read_text(result.objects),
        "bytes": result.bytes,
        "seconds": result.seconds,
    }


def dump_summary(entry: dict[str, Any]) -> str:
    """One nightly dump of `index.json`: `opensit.gpx.gz: 0 tracks written, ...`."""
    return _("%(file)s: %(written)s, %(read)s, %(bytes)d bytes, ETag %(etag)s") % {
        "file": entry["file"],
        "written": written_text(entry.get("written", entry["objects"]), entry.get("unit", "")),
        "read": _read_text(entry["objects"]),
        "bytes": entry["bytes"],
        "etag": entry["etag"],
    }
