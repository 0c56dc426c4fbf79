"""CSV: UTF-8, comma-separated, one row per object, a header row; texts in one language.

The `excel-fr` dialect is the same table for a spreadsheet in French: `;`-separated, a UTF-8
byte order mark (Excel then reads the accents right) and decimal commas (`47,39`), as Excel
set to French reads and writes CSV (docs/formats.md).

Lists (amenities, themes...) are joined with " | ". The columns are documented in
docs/formats.md and must stay in the order of `COLUMNS` (consumers read them by position too).
A text cell that starts like a spreadsheet formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed
with `'` (OWASP); numbers (coordinates, prices) stay numbers.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from opensit.core.licences import licence_code, licence_info
from opensit.formats.enrich import aspects_of, prices_text
from opensit.formats.public import as_public_form, contact_values, main_image
from opensit.formats.safety import RenderReport, csv_cell, each_rendered
from opensit.formats.text import address_text, default_language, event_span, text, type_label

LIST_SEPARATOR = " | "

Row = dict[str, Any]


def _join(values: Iterable[Any]) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values if v not in (None, ""))


def _prices(doc: Row) -> list[float]:
    return [
        p[key]
        for p in doc.get("pricing", {}).get("prices", [])
        for key in ("min", "max")
        if p.get(key) is not None
    ]


def _image(doc: Row, key: str) -> str:
    image = main_image(doc)
    return str(image.get(key, "")) if image else ""


def _image_licence(doc: Row) -> str:
    image = main_image(doc)
    return str(licence_info(image.get("licence"))["code"]) if image else ""


def _source_updated(doc: Row) -> str:
    return str((doc.get("source") or {}).get("updated_at") or "")


def _location(doc: Row, key: str) -> Any:
    value = doc.get("location", {}).get(key)
    return "" if value is None else value


def _commune(doc: Row, key: str) -> str:
    return (doc.get("location", {}).get("commune") or {}).get(key, "")


# name, what it holds, how to get it from a public document and a language.
COLUMNS: list[tuple[str, str, Callable[[Row, str], Any]]] = [
    ("id", "OpenSIT identifier", lambda d, lang: d.get("id", "")),
    ("type", "Type code (hotel, festival...)", lambda d, lang: d.get("type", "")),
    ("type_label", "Type label in the language", type_label),
    ("name", "Name", lambda d, lang: text(d.get("name"), lang)),
    (
        "short_description",
        "Short description",
        lambda d, lang: text(d.get("short_description"), lang),
    ),
    ("description", "Description", lambda d, lang: text(d.get("description"), lang)),
    ("address", "Street address and town", lambda d, lang: address_text(d.get("location", {}))),
    ("postal_code", "Postal code", lambda d, lang: _location(d, "postal_code")),
    ("commune_insee", "INSEE code of the commune", lambda d, lang: _commune(d, "insee")),
    ("commune", "Commune name", lambda d, lang: _commune(d, "name")),
    ("latitude", "WGS84 latitude", lambda d, lang: _location(d, "latitude")),
    ("longitude", "WGS84 longitude", lambda d, lang: _location(d, "longitude")),
    ("phone", "Phone numbers", lambda d, lang: _join(contact_values(d, "phone"))),
    ("email", "Email addresses", lambda d, lang: _join(contact_values(d, "email"))),
    ("website", "Websites", lambda d, lang: _join(contact_values(d, "website"))),
    ("booking_url", "Booking link", lambda d, lang: d.get("booking", {}).get("url", "")),
    ("price_min", "Lowest price", lambda d, lang: min(_prices(d), default="")),
    ("price_max", "Highest price", lambda d, lang: max(_prices(d), default="")),
    (
        "free",
        "Free of charge (true/false/empty)",
        lambda d, lang: _bool(d.get("pricing", {}).get("free")),
    ),
    ("first_date", "First event date", lambda d, lang: event_span(d)[0] or ""),
    ("last_date", "Last event date", lambda d, lang: event_span(d)[1] or ""),
    ("opening", "Opening summary", lambda d, lang: text(d.get("opening", {}).get("summary"), lang)),
    ("amenities", "Amenity codes", lambda d, lang: _join(d.get("amenities", []))),
    ("themes", "Theme codes", lambda d, lang: _join(d.get("themes", []))),
    ("labels", "Label codes", lambda d, lang: _join(d.get("labels", []))),
    (
        "classifications",
        "Classification codes",
        lambda d, lang: _join(d.get("classifications", [])),
    ),
    ("accessibility", "Accessibility codes", lambda d, lang: _join(d.get("accessibility", []))),
    ("languages", "Spoken languages (ISO 639-1)", lambda d, lang: _join(d.get("languages", []))),
    ("image_url", "Main image", lambda d, lang: _image(d, "url")),
    ("image_credit", "Main image credit", lambda d, lang: _image(d, "credit")),
    ("licence", "Licence of the record", lambda d, lang: licence_code(d.get("licence"))),
    ("source_system", "Source system", lambda d, lang: (d.get("source") or {}).get("system", "")),
    (
        "source_id",
        "Identifier in the source",
        lambda d, lang: (d.get("source") or {}).get("id", ""),
    ),
    (
        "updated_at",
        "Last update here: import or edit (ISO 8601)",
        lambda d, lang: d.get("updated_at", ""),
    ),
    # Added later: at the end, so that the columns above keep their positions.
    (
        "image_licence",
        "Licence code of the main image (cc-by-4.0...)",
        lambda d, lang: _image_licence(d),
    ),
    ("prices", 'Prices, one per line ("; "-separated)', lambda d, lang: prices_text(d, lang)),
    (
        "source_updated_at",
        "Last update in the source system (ISO 8601)",
        lambda d, lang: _source_updated(d),
    ),
    ("aspects", "Aspects the object has (winter, groups...)", lambda d, lang: _join(aspects_of(d))),
]
HEADER = [name for name, _, _ in COLUMNS]


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    byte_order_mark: bool
    decimal_comma: bool


DIALECTS = {
    "standard": Dialect(",", byte_order_mark=False, decimal_comma=False),
    "excel-fr": Dialect(";", byte_order_mark=True, decimal_comma=True),
}
BYTE_ORDER_MARK = "\ufeff"


def _decimal_comma(cell: Any) -> Any:
    """A decimal number written as French spreadsheets read it; other cells as they are."""
    if isinstance(cell, float):
        return repr(cell).replace(".", ",")
    return cell


def _bool(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def row(document: Row, lang: str, today: date | None = None) -> list[Any]:
    """The cells of one object, neutralised (`safety.csv_cell`)."""
    doc = as_public_form(document, today)
    return [csv_cell(get(doc, lang)) for _, _, get in COLUMNS]


def render_stream(
    documents: Iterable[Row],
    lang: str | None = None,
    *,
    today: date | None = None,
    report: RenderReport | None = None,
    dialect: str = "standard",
) -> Iterator[bytes]:
    """Rows are written in batches of 500 to keep the per-object cost low."""
    lang = lang or default_language()
    today = today or timezone.localdate()
    style = DIALECTS[dialect]
    buffer = io.StringIO()
    if style.byte_order_mark:
        buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    rows = each_rendered(documents, lambda document: row(document, lang, today), "csv", report)
    for count, cells in enumerate(rows, start=1):
        if style.decimal_comma:
            cells = [_decimal_comma(cell) for cell in cells]
        writer.writerow(cells)
        if report is not None:
            report.wrote()
        if count % 500 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
