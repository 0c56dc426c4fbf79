"""Hypothesis strategies for canonical documents: every part of the schema, texts in several
languages (some the interface does not show), values the editor's lists do not offer (a
source's licence or contact kind), several time ranges, dated and undated rows.

`documents()` draws a dict that `TourismDocument` accepts; tests store its normalised form.
"""

from datetime import date
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st
from pydantic import ValidationError

from opensit.catalog.document import TourismDocument
from opensit.catalog.types import TYPES

LANGS = ["fr", "en", "de", "es", "nl"]
LINE = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Zs")),
    min_size=1,
    max_size=12,
)
WORDS = st.lists(LINE, min_size=1, max_size=3).map(" ".join)
PARAGRAPHS = st.lists(WORDS, min_size=1, max_size=3).map("\n".join)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)).map(str)
TIMES = st.times().map(lambda t: t.replace(second=0, microsecond=0).isoformat())


def lang_text(values: st.SearchStrategy[str] = WORDS) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(LANGS), values, max_size=3)


CONTACTS = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["phone", "email", "website", "twitter", "fax", "other"]),
        "value": WORDS,
    },
    optional={
        "role": st.sampled_from(["booking", "management", "information"]),
        "label": WORDS,
        "public": st.just(False),
    },
)
PERIODS = st.fixed_dictionaries(
    {},
    optional={
        "start": DAYS,
        "weekdays": st.lists(st.sampled_from(["mon", "wed", "sat", "sun"]), unique=True),
        "times": st.lists(
            st.fixed_dictionaries({"opens": TIMES}, optional={"closes": TIMES}), max_size=3
        ),
        "closed": st.just(True),
        "recurs_yearly": st.just(True),
        "label": lang_text(),
    },
)
PRICES = st.fixed_dictionaries(
    {},
    optional={
        "label": lang_text(),
        "min": st.integers(0, 500).map(lambda n: n / 4),
        "currency": st.sampled_from(["GBP", "CHF"]),
        "unit": WORDS,
        "period_start": DAYS,
        "free": st.just(True),
    },
)
MEDIA = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["image", "video", "document", "trace"]),
        "url": LINE.map(lambda s: f"https://img.exemple.fr/{abs(hash(s))}.jpg"),
    },
    optional={
        "title": lang_text(),
        "description": lang_text(PARAGRAPHS),
        "credit": WORDS,
        "licence": st.sampled_from(["cc-by-4.0", "etalab-2.0", "CC BY 2.5", "by-nc-nd-4.0"]),
        "publication_end": DAYS,
        "main": st.just(True),
        "width": st.integers(1, 5000),
    },
)
LINKS = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["related", "venue", "near"]),
        "target": st.integers(1, 10**6).map(lambda n: f"apidae:{n}"),
    },
    optional={"order": st.integers(0, 9), "label": lang_text()},
)
CODES = st.lists(st.sampled_from(["Wifi", "CarPark", "Spa", "SourceOnlyCode"]), unique=True)


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    """A valid canonical document, normalised as the catalog stores it."""
    type_code = draw(st.sampled_from(sorted(TYPES)))
    doc: dict[str, Any] = {
        "type": type_code,
        "name": draw(st.dictionaries(st.sampled_from(LANGS), WORDS, min_size=1, max_size=3)),
        "description": draw(lang_text(PARAGRAPHS)),
        "practical_info": draw(lang_text(PARAGRAPHS)),
        "contacts": draw(st.lists(CONTACTS, max_size=4)),
        "opening": {"periods": draw(st.lists(PERIODS, max_size=3))},
        "pricing": {
            "prices": draw(st.lists(PRICES, max_size=3)),
            "payment_methods": draw(CODES),
        },
        "media": draw(st.lists(MEDIA, max_size=3)),
        "links": draw(st.lists(LINKS, max_size=2)),
        "amenities": draw(CODES),
        "languages": draw(st.lists(st.sampled_from(LANGS), unique=True)),
        "booking": {"notes": draw(lang_text())},
        "location": {"address_lines": draw(st.lists(WORDS, max_size=2)), "access": {}},
        "private": {"notes": draw(PARAGRAPHS)},
        "extra": draw(st.dictionaries(st.sampled_from(["raw", "x"]), st.integers(-999, 999))),
    }
    if draw(st.booleans()):
        doc["location"] |= {"latitude": draw(st.floats(-89, 89)), "longitude": 1.5}
    try:
        return TourismDocument.model_validate(doc).to_json()
    except ValidationError:  # a value the door refuses (a rare draw): not a stored document
        reject()
