"""CSV: UTF-8, the documented header, one row per object, read back with the csv module."""

import csv
import io
from pathlib import Path

import pytest

from opensit.formats.csv_format import COLUMNS, HEADER
from opensit.formats.export import write_export

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


@pytest.mark.django_db
def test_rows_read_back(catalog):
    out = io.BytesIO()
    write_export("csv", out, lang="fr")
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))
    assert len(rows) == 3
    assert list(rows[0]) == HEADER
    by_name = {row["name"]: row for row in rows}
    hotel = by_name["Hôtel de l'Univers"]
    assert hotel["address"] == "5 boulevard Heurteloup, 37000 Tours"
    assert (hotel["commune_insee"], hotel["latitude"]) == ("37261", "47.3905")
    assert (hotel["price_min"], hotel["price_max"]) == ("189.0", "420.0")
    assert hotel["amenities"] == "Wifi | Elevator"
    assert hotel["email"] == "info@exemple.fr"
    assert hotel["image_url"].endswith("open.jpg")
    festival = by_name["Festival Terres du Son"]
    assert (festival["first_date"], festival["last_date"]) == ("2026-06-06", "2026-08-03")
    assert festival["type_label"] == "Festival"


def test_every_column_is_documented():
    text = DOCS.read_text()
    for name, _description, _get in COLUMNS:
        assert f"`{name}`" in text, f"column {name} missing from docs/formats.md"


def test_multiline_text_stays_in_one_row():
    from opensit.formats.csv_format import render_stream

    doc = {"id": "x", "type": "museum", "name": {"fr": 'Musée "du, Grand\nPressigny"'}}
    rows = list(csv.reader(io.StringIO(b"".join(render_stream([doc], "fr")).decode(), newline="")))
    assert len(rows) == 2 and rows[1][3] == 'Musée "du, Grand\nPressigny"'
