"""Outputs made safe as they are written, and one bad record never breaking an output.

- CSV cells that a spreadsheet would read as a formula are neutralised (OWASP);
- XML text holds only the characters XML 1.0 allows;
- iCalendar text holds no control character, and one kind of line break (the library escapes
  it, and the commas, semicolons and backslashes);
- every renderer renders one object at a time through `each_rendered`: an object it cannot
  render (a stored document broken past validation) is skipped, logged with its id, and
  counted in the run's `RenderReport`; the output goes on. The report also counts what
  each renderer actually wrote (rows, features, events, tracks), for the export's summary.
"""

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

logger = logging.getLogger("opensit.formats")

T = TypeVar("T")

# -- CSV ------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""OWASP's list (with LF): a spreadsheet may run a cell that starts with one of these."""


_NOT_CSV = re.compile("[\x00\ud800-\udfff]")


def csv_cell(value: Any) -> Any:
    """A number stays a number; a text that starts like a formula gets a leading `'`, which
    spreadsheets show as text (`+33 2 47...` becomes `'+33 2 47...`)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():  # no NUL nor lone surrogate: UTF-8 cannot carry them
        text = _NOT_CSV.sub("", text)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


# -- XML ------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """Text XML 1.0 accepts: the characters it forbids are removed (escaping is the
    writer's)."""
    text = value if isinstance(value, str) else str(value)
    return _NOT_XML.sub("", text)


# -- iCalendar ------------------------------------------------------------------------------

_NOT_ICAL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\x85")


def ical_text(value: Any) -> str:
    """A TEXT value icalendar escapes safely: line breaks made LF (escaped as `\\n`), other
    control characters removed."""
    text = value if isinstance(value, str) else str(value)
    return _NOT_ICAL.sub("", _BREAKS.sub("\n", text))


_NOT_URI = re.compile("[\\s\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def ical_uri(value: Any) -> str:
    """A URI value is written as is: no space, break or control character may reach it."""
    return _NOT_URI.sub("", str(value))


# -- skip and count -------------------------------------------------------------------------


@dataclass
class RenderReport:
    """What a run wrote (`written`: items of the format's unit, `Renderer.unit`) and what it
    could not render: how many objects, and the first ids."""

    skipped: int = 0
    skipped_ids: list[str] = field(default_factory=list)
    written: int = 0
    KEEP_IDS = 100

    def skip(self, object_id: str) -> None:
        self.skipped += 1
        if len(self.skipped_ids) < self.KEEP_IDS:
            self.skipped_ids.append(object_id)

    def wrote(self, count: int = 1) -> None:
        self.written += count


def object_id(document: Any) -> str:
    """The id of a document as stored, whatever its shape."""
    if isinstance(document, dict):
        return str(document.get("id") or "?")
    return "?"


def check_shape(document: Any) -> None:
    """A stored document is an object with a type and a name (what every format needs);
    anything else was written past validation."""
    if not isinstance(document, dict):
        raise TypeError(f"a document is a JSON object, not {type(document).__name__}")
    if not isinstance(document.get("type"), str) or not isinstance(document.get("name"), dict):
        raise ValueError("a document needs a type and a name")


def each_rendered(
    documents: Iterable[Any],
    render: Callable[[Any], T],
    format: str,
    report: RenderReport | None = None,
) -> Iterator[T]:
    """`render(document)` for each document; one that raises is skipped, logged with its id
    (warning, with the traceback) and counted in `report`."""
    for document in documents:
        try:
            check_shape(document)
            out = render(document)
        except Exception:  # a broken record must not stop the output
            oid = object_id(document)
            logger.warning(
                "%s: object %s skipped: it cannot be rendered", format, oid, exc_info=True
            )
            if report is not None:
                report.skip(oid)
            continue
        yield out
