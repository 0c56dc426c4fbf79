"""Values checked at the door (catalog/document/values.py): URLs, control characters, lengths,
list sizes and language codes, refused with an error naming the field, or (imports) dropped
with a warning. Property tests feed arbitrary text to every kind of field."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from opensit.catalog.document import TourismDocument, lenient
from opensit.catalog.document.values import (
    _BAD_MULTI,
    LONG_TEXT_LENGTH,
    NAME_LENGTH,
    is_web_url,
    language_code,
)

BASE = {"type": "hotel", "name": {"fr": "Hôtel du Lac"}}
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def doc(**fields) -> dict:
    return {**BASE, **fields}


def errors(data: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as caught:
        TourismDocument.model_validate(data)
    return [(error["loc"], error["msg"]) for error in caught.value.errors()]


def imported(data: dict) -> tuple[dict, list[tuple[str, str]]]:
    warnings: list[tuple[str, str]] = []
    with lenient(lambda field, message: warnings.append((field, message))):
        document = TourismDocument.model_validate(data)
    return document.to_json(), warnings


# -- URLs ---------------------------------------------------------------------------------------

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.com/x",
    "http://",
    "https:///path-only",
    "http://exa mple.com/",
]
NOT_ABSOLUTE = ["//evil.example/x", "bistrot-halles.fr", "/media/a.jpg"]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_are_refused_naming_the_field(url):
    media = {"kind": "image", "url": url}
    assert errors(doc(media=[media]))[0][0] == ("media", 0, "url")
    assert errors(doc(booking={"url": url}))[0][0] == ("booking", "url")
    for kind in ("website", "facebook", "instagram", "tripadvisor"):
        contacts = [{"kind": kind, "value": url}]
        assert errors(doc(contacts=contacts))[0][0] == ("contacts", 0, "value")
    source = {"system": "apidae", "id": "1", "url": url}
    assert errors(doc(source=source))[0][0] == ("source", "url")


@pytest.mark.parametrize("url", NOT_ABSOLUTE)
def test_media_urls_are_absolute_websites_may_lack_a_scheme(url):
    """A media is fetched: its URL is absolute. A website typed without its scheme is kept
    (the quality checks flag it); it can never run a script."""
    assert errors(doc(media=[{"kind": "image", "url": url}]))[0][0] == ("media", 0, "url")
    document = TourismDocument.model_validate(
        doc(booking={"url": url}, contacts=[{"kind": "website", "value": url}])
    )
    assert document.booking.url == url


def test_web_urls_and_handles_are_accepted():
    document = TourismDocument.model_validate(
        doc(
            media=[{"kind": "image", "url": "https://img.example.fr/a b.jpg".replace(" ", "%20")}],
            booking={"url": "HTTP://Example.FR/réserver?x=1"},
            contacts=[
                {"kind": "website", "value": "http://localhost:8000/page"},
                {"kind": "instagram", "value": "@hotel_du_lac"},
                {"kind": "facebook", "value": "https://www.facebook.com/hotel"},
                {"kind": "phone", "value": "+33 2 47 00 00 00"},
                {"kind": "other", "value": "Note: ask at the desk"},
            ],
        )
    )
    assert len(document.contacts) == 5
    assert errors(doc(contacts=[{"kind": "twitter", "value": "javascript:alert(1)"}]))
    assert errors(doc(contacts=[{"kind": "social", "value": "data:,x"}]))


def test_an_import_drops_a_bad_url_with_a_warning_and_keeps_the_rest():
    data, warnings = imported(
        doc(
            media=[
                {"kind": "image", "url": "javascript:alert(1)"},
                {"kind": "image", "url": "https://img.example.fr/1.jpg"},
            ],
            contacts=[
                {"kind": "website", "value": "data:text/html,x"},
                {"kind": "phone", "value": "02 47 00 00 00"},
            ],
            booking={"url": "vbscript:x", "email": "resa@example.fr"},
        )
    )
    assert [m["url"] for m in data["media"]] == ["https://img.example.fr/1.jpg"]
    assert [c["kind"] for c in data["contacts"]] == ["phone"]
    assert data["booking"] == {"email": "resa@example.fr"}
    assert sorted(field for field, _ in warnings) == ["booking.url", "contacts.value", "media.url"]
    assert any("javascript:alert(1)" in message for _, message in warnings)


# -- control characters and line breaks ---------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\ufffe", "\ud800"])
def test_control_characters_are_refused_everywhere(char):
    [(loc, message)] = errors(doc(name={"fr": f"Hô{char}tel"}))
    assert loc == ("name",) and message.startswith("fr: control character U+")
    assert errors(doc(description={"fr": f"a\n{char}b"}))[0][0] == ("description",)
    [(loc, message)] = errors(doc(amenities=["Wifi", f"Pi{char}scine"]))
    assert loc[0] == "amenities"
    if char != "\ud800":  # Pydantic refuses a lone surrogate in a string first
        assert message == f"item 1: control character U+{ord(char):04X} is not allowed"
    assert errors(doc(media=[{"kind": "image", "url": "https://x.fr/a", "credit": f"a{char}b"}]))


def test_line_breaks_only_in_multi_line_fields():
    assert errors(doc(name={"fr": "Hôtel\ndu Lac"})) == [
        (("name",), "fr: line breaks are not allowed in this single-line field")
    ]
    assert errors(doc(contacts=[{"kind": "phone", "value": "02\r47"}]))[0][0] == (
        "contacts",
        0,
        "value",
    )
    text = "Ligne 1\r\nLigne 2\u2028Ligne 3\tcolonne"
    document = TourismDocument.model_validate(
        doc(
            description={"fr": text},
            location={"access": {"fr": text}},
            private={"notes": text},
            name={"fr": "Hôtel\tdu Lac"},  # a tab is text
        )
    )
    assert document.description["fr"] == text


def test_an_import_cleans_control_characters_with_a_warning():
    data, warnings = imported(
        doc(
            name={"fr": "Hôtel\r\ndu\x00 Lac"},
            media=[{"kind": "image", "url": "https://x.fr/a", "credit": "\x81©R. Fergeau"}],
        )
    )
    assert data["name"] == {"fr": "Hôtel du Lac"}
    assert data["media"][0]["credit"] == "©R. Fergeau"
    assert [field for field, _ in warnings] == ["name.fr", "media.credit"]


# -- lengths and list sizes ---------------------------------------------------------------------


def test_lengths_are_bounded():
    assert errors(doc(name={"fr": "x" * (NAME_LENGTH + 1)}))[0] == (
        ("name", "fr"),
        f"String should have at most {NAME_LENGTH} characters",
    )
    TourismDocument.model_validate(doc(name={"fr": "x" * NAME_LENGTH}))
    assert errors(doc(description={"fr": "x" * (LONG_TEXT_LENGTH + 1)}))[0][0] == (
        "description",
        "fr",
    )
    assert errors(doc(name={"fr": "x" * 2_000_000}))[0][0] == ("name", "fr")
    with pytest.raises(ValidationError):  # an import refuses it too: nothing to clean
        imported(doc(name={"fr": "x" * 2_000_000}))


def test_lists_are_bounded():
    media = [{"kind": "image", "url": f"https://x.fr/{n}.jpg"} for n in range(201)]
    assert errors(doc(media=media))[0][0] == ("media",)
    assert errors(doc(amenities=[f"A{n}" for n in range(501)]))[0][0] == ("amenities",)
    contacts = [{"kind": "phone", "value": str(n)} for n in range(101)]
    assert errors(doc(contacts=contacts))[0][0] == ("contacts",)
    many = {f"x{n}": "?" for n in range(51)}
    assert errors(doc(name=many)) == [(("name",), "at most 50 languages")]
    occurrences = [{"start_date": "2026-01-01"}] * 5001
    assert errors(doc(type="festival", event={"occurrences": occurrences}))[0][0] == (
        "event",
        "occurrences",
    )


# -- language codes -----------------------------------------------------------------------------


def test_language_codes_are_normalised_and_common_mistakes_mapped():
    document = TourismDocument.model_validate(
        doc(
            name={"FR": "Hôtel", "sp": "Hotel", "en_gb": "Hotel"},
            languages=["fr", "sp", "EN", "ger", "fr"],
        )
    )
    assert document.name == {"fr": "Hôtel", "es": "Hotel", "en-GB": "Hotel"}
    assert document.languages == ["fr", "es", "en", "de"]
    assert language_code("jp") == "ja" and language_code("iw") == "he"
    assert language_code("uk") == "uk"  # Ukrainian, not the United Kingdom


def test_unknown_language_codes_are_refused_or_dropped_by_imports():
    assert errors(doc(name={"fr": "Hôtel", "xx": "?"})) == [
        (("name",), "'xx' is not a BCP 47 language code")
    ]
    assert errors(doc(languages=["fr", "klingon!"]))[0][0] == ("languages",)
    assert errors(doc(name={"es": "Hotel", "sp": "Otro"}))  # the same language twice
    data, warnings = imported(
        doc(name={"fr": "Hôtel", "xx": "?"}, languages=["fr", "français", "zz"])
    )
    assert data["name"] == {"fr": "Hôtel"} and data["languages"] == ["fr"]
    assert warnings == [
        ("name.xx", "unknown language code 'xx'; dropped"),
        ("languages", "unknown language code 'zz'; dropped"),
    ]


# -- properties ---------------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=60) | st.sampled_from(
    ["javascript:alert(1)", "https://ok.example/x", "\x00", "a\nb", "sp", "fr", "x" * 400]
)
SINGLE_LINE_FIELDS = [
    lambda v: {"name": {"fr": v}},
    lambda v: {"location": {"address_lines": [v]}},
    lambda v: {"contacts": [{"kind": "phone", "value": v}]},
    lambda v: {"contacts": [{"kind": "website", "value": v}]},
    lambda v: {"media": [{"kind": "image", "url": v}]},
    lambda v: {"media": [{"kind": "image", "url": "https://x.fr/a", "credit": v}]},
    lambda v: {"booking": {"url": v}},
    lambda v: {"amenities": [v]},
    lambda v: {"languages": [v]},
    lambda v: {"name": {v: "Hôtel"}},
    lambda v: {"links": [{"kind": "venue", "target": v}]},
    lambda v: {"description": {"fr": v}},
    lambda v: {"pricing": {"prices": [{"label": {"en": v}}]}},
]


def _walk_strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_strings(item)
    elif isinstance(value, str):
        yield value


@PROPERTY
@given(value=TEXT, where=st.sampled_from(range(len(SINGLE_LINE_FIELDS))))
def test_any_text_is_accepted_clean_or_refused_naming_the_field(value, where):
    fields = SINGLE_LINE_FIELDS[where](value)
    try:
        document = TourismDocument.model_validate(doc(**fields))
    except ValidationError as exc:
        top = next(iter(fields))
        assert all(error["loc"] and error["loc"][0] == top for error in exc.errors())
        return
    stored = document.to_json()  # serialisable, and clean
    multi = "description" in fields or "pricing" in fields
    for text in _walk_strings(stored):
        assert not _BAD_MULTI.search(text)
        assert multi or not any(brk in text for brk in "\r\n\u2028\u2029")
    assert TourismDocument.model_validate(stored).to_json() == stored  # stable


@PROPERTY
@given(value=TEXT, where=st.sampled_from(range(len(SINGLE_LINE_FIELDS))))
def test_an_import_never_fails_on_what_it_may_drop(value, where):
    fields = SINGLE_LINE_FIELDS[where](value)
    try:
        data, _warnings = imported(doc(**fields))
    except ValidationError as exc:  # only lengths, required values and patterns remain
        kinds = {error["type"] for error in exc.errors()}
        # The document's own checks have types of their own (name_required...), no longer
        # value_error: those are required values too.
        required = {"missing", "name_required", "value_error"}
        assert kinds <= {"string_too_long", "string_too_short", *required}, kinds
        assert "url_scheme" not in kinds and "language_code" not in kinds
        return
    assert TourismDocument.model_validate(data).to_json() == data  # strict validation agrees


@PROPERTY
@given(url=st.text(max_size=40) | st.from_regex(r"\A[a-zA-Z]{1,10}:[ -~]{0,30}\Z"))
def test_only_web_urls_pass(url):
    accepted = is_web_url(url.strip())
    if accepted:
        assert url.strip().lower().startswith(("http://", "https://"))
