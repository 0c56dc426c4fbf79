"""Values checked at the door: the kinds of text, URLs and language codes of the document.

Every write path validates through the document, so these rules hold for the editor, the write
API, merges and imports alike:

- a single-line text holds no control character but the tab; a multi-line text may also hold
  line breaks (CR, LF, U+2028, U+2029); every text has a bounded length;
- a URL field holds an absolute `http` or `https` URL (never `javascript:`, `data:`...);
- language codes are BCP 47 tags (`langcodes`), normalised (`FR` -> `fr`, `en_gb` -> `en-GB`),
  with common mistakes of source data mapped (`sp` -> `es`).

Input from people (editor, API) is refused with an error naming the field. Imports run inside
`lenient(report.warn)`: there a bad URL or language code is dropped and a control character
removed, each with a warning naming the field, so that the rest of the record is imported.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlsplit

import langcodes
from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from opensit.core.langtext import clean

# -- limits (docs/security.md lists them; real data stays far below, see tests/catalog) ---------

NAME_LENGTH = 300
LABEL_LENGTH = 1_000
CODE_LENGTH = 200
URL_LENGTH = 2_048
SHORT_TEXT_LENGTH = 5_000
LONG_TEXT_LENGTH = 50_000
LANGUAGES_PER_TEXT = 50

Warn = Callable[[str, str], None]
_LENIENT: ContextVar[Warn | None] = ContextVar("opensit_lenient_document", default=None)


@contextmanager
def lenient(warn: Warn) -> Iterator[None]:
    """Validate imports leniently: what a source got wrong is dropped or cleaned with a
    warning `warn(field, message)` rather than failing the whole record."""
    token = _LENIENT.set(warn)
    try:
        yield
    finally:
        _LENIENT.reset(token)


# Where a part sits in the document, to name the field of an import warning.
_PART_PATHS = {
    "TourismDocument": "",
    "SourceRef": "source",
    "Private": "private",
    "Aspect": "aspects",
    "Location": "location",
    "CommuneRef": "location.commune",
    "Contact": "contacts",
    "Link": "links",
    "Booking": "booking",
    "Media": "media",
    "Opening": "opening",
    "OpeningPeriod": "opening.periods",
    "Closure": "opening.closures",
    "Price": "pricing.prices",
    "PricePeriod": "pricing.prices.further_periods",
    "Pricing": "pricing",
    "Recurrence": "event.recurrences",
}


def field_path(info: ValidationInfo) -> str:
    """`media.url`, `name`...: the field being validated, for warnings."""
    part = _PART_PATHS.get(str((info.config or {}).get("title", "")), "")
    name = info.field_name or ""
    return f"{part}.{name}" if part and name else part or name


# -- texts ----------------------------------------------------------------------------------

# Cc (C0, DEL, C1), surrogates and the two non-characters XML refuses. Tab is text.
_NOT_TEXT = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_LINE_BREAKS = "\r\n\u2028\u2029"
_BAD_MULTI = re.compile(f"[{_NOT_TEXT}]")
_BAD_SINGLE = re.compile(f"[{_NOT_TEXT}{_LINE_BREAKS}]")
_BREAK_RUN = re.compile(f"[{_LINE_BREAKS}]+")


def _refuse(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, context or None)


def checked_text(value: str, multi_line: bool, where: str, part: str = "") -> str:
    """`value` if it holds no control character (nor, on one line, a line break); else
    refused, or cleaned in an import (with a warning naming the field `where`). Called only for the
    texts `str.isprintable` (tested in C) finds something in: a tab, a break, a no-break
    space... `part` names the language or item in the message."""
    bad = (_BAD_MULTI if multi_line else _BAD_SINGLE).search(value)
    if bad is None:
        return value
    warn = _LENIENT.get()
    if warn is None:
        prefix = f"{part}: " if part else ""
        if not multi_line and bad.group() in _LINE_BREAKS:
            raise _refuse(
                "line_break", prefix + "line breaks are not allowed in this single-line field"
            )
        raise _refuse(
            "control_character",
            prefix + "control character {char} is not allowed",
            char=f"U+{ord(bad.group()):04X}",
        )
    cleaned = value if multi_line else _BREAK_RUN.sub(" ", value)
    cleaned = _BAD_MULTI.sub("", cleaned).strip()
    warn(where, f"control characters or line breaks removed from {value[:60]!r}")
    return cleaned


def _single(value: str, info: ValidationInfo) -> str:
    if value.isprintable():
        return value
    return checked_text(value, False, field_path(info))


def _multi(value: str, info: ValidationInfo) -> str:
    if value.isprintable():
        return value
    return checked_text(value, True, field_path(info))


def single_line(max_length: int) -> Any:
    """A one-line text of at most `max_length` characters."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_single)]


def multi_line(max_length: int) -> Any:
    """A text that may hold line breaks, of at most `max_length` characters."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_multi)]


Code = single_line(CODE_LENGTH)
"""Vocabulary codes, identifiers, slugs, kinds."""
Name = single_line(NAME_LENGTH)
Label = single_line(LABEL_LENGTH)
Notes = multi_line(LONG_TEXT_LENGTH)


# -- URLs -----------------------------------------------------------------------------------

URL_SCHEMES = frozenset({"http", "https"})


_PLAIN_WEB_URL = re.compile(r"https?://[\w.-]+(?::\d{1,5})?(?:[/?#]\S*)?", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL_INVISIBLE = re.compile("[\t\r\n]")  # browsers drop them from URLs: java<TAB>script:


def is_web_url(value: str) -> bool:
    """An absolute http(s) URL with a host, and nothing a browser would read otherwise."""
    if not value.isprintable():
        return False
    if _PLAIN_WEB_URL.fullmatch(value):  # most URLs, quickly
        return True
    if " " in value.strip():
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # an invalid IPv6 host, a bad port
        return False
    return parts.scheme.lower() in URL_SCHEMES and bool(parts.hostname)


def check_url(value: str, info: ValidationInfo) -> str:
    """`value` when it is empty or a web URL; else refused, or dropped ("") in imports."""
    if not value or is_web_url(value):
        return value
    warn = _LENIENT.get()
    if warn is None:
        raise _refuse(
            "url_scheme",
            "{value} is not an http or https URL",
            value=repr(value[:80]),
        )
    warn(field_path(info), f"{value[:80]!r} is not an http or https URL; dropped")
    return ""


def check_web_address(value: str, info: ValidationInfo) -> str:
    """A website typed by a person: with a scheme, an http(s) URL (never `javascript:`);
    without one (`bistrot-halles.fr`, `@handle`) it is kept, and the quality checks flag it."""
    if _SCHEME.match(_URL_INVISIBLE.sub("", value)):
        return check_url(value, info)
    return value


WebUrl = Annotated[
    str, Field(max_length=URL_LENGTH), AfterValidator(_single), AfterValidator(check_url)
]
"""An absolute http(s) URL (media, source), or empty where the field is optional."""
WebAddress = Annotated[
    str, Field(max_length=URL_LENGTH), AfterValidator(_single), AfterValidator(check_web_address)
]
"""A website's address: an http(s) URL, or a bare address without a scheme; never another
scheme."""


# -- language codes -------------------------------------------------------------------------

# Mistakes met in source data: country codes or habits used as language codes.
LANGUAGE_FIXES = {
    "sp": "es", "gb": "en", "uk-en": "en-GB", "en-uk": "en-GB", "us": "en", "jp": "ja",
    "cz": "cs", "dk": "da", "gr": "el", "cn": "zh", "kr": "ko", "ua": "uk", "vn": "vi",
    "ee": "et", "si": "sl", "rs": "sr", "ge": "ka", "at": "de", "ch-de": "de-CH",
    "fr-fr": "fr-FR", "français": "fr", "francais": "fr", "french": "fr", "anglais": "en",
    "english": "en", "espagnol": "es", "spanish": "es", "allemand": "de", "german": "de",
    "italien": "it", "italian": "it", "néerlandais": "nl", "dutch": "nl",
}  # fmt: skip


@lru_cache(maxsize=1024)
def language_code(raw: str) -> str | None:
    """The normalised BCP 47 tag of `raw`, a known mistake mapped, or None."""
    code = raw.strip()
    code = LANGUAGE_FIXES.get(code.lower(), code)
    if not code or len(code) > 35 or not code.isascii():
        return None
    try:
        if not langcodes.tag_is_valid(code):
            return None
        return langcodes.standardize_tag(code)
    except (ValueError, langcodes.LanguageTagError):
        return None


def _unknown_language(code: object, where: str) -> None:
    warn = _LENIENT.get()
    if warn is None:
        raise _refuse(
            "language_code", "{code} is not a BCP 47 language code", code=repr(str(code)[:40])
        )
    warn(where, f"unknown language code {str(code)[:40]!r}; dropped")


def _lang_text(value: object, info: ValidationInfo, multi_line: bool) -> object:
    """Strip, drop empty texts, check them, normalise the language codes (one text per
    language). One call per text rather than one per language: imports validate millions."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        return value
    if len(value) > LANGUAGES_PER_TEXT:
        raise _refuse("too_long", "at most {n} languages", n=LANGUAGES_PER_TEXT)
    out: dict[str, str] = {}
    for raw, text in clean(value).items():
        if not text.isprintable():
            where = f"{field_path(info)}.{raw}"
            text = checked_text(text, multi_line, where, str(raw))
            if not text:  # an import removed all of it
                continue
        code = language_code(raw) if isinstance(raw, str) else None
        if code is None:
            _unknown_language(raw, f"{field_path(info)}.{raw}")
        elif code in out and out[code] != text:
            if _LENIENT.get() is None:
                raise _refuse(
                    "language_code",
                    "{raw} and {code} are the same language",
                    raw=repr(raw),
                    code=repr(code),
                )
            _LENIENT.get()(field_path(info), f"{raw!r} repeats language {code!r}; dropped")
        elif code not in out:
            out[code] = text
    return out


def _single_lang_text(value: object, info: ValidationInfo) -> object:
    return _lang_text(value, info, multi_line=False)


def _multi_lang_text(value: object, info: ValidationInfo) -> object:
    return _lang_text(value, info, multi_line=True)


def lang_text(max_length: int, multi_line: bool) -> Any:
    """A text in several languages, `{"fr": ..., "en": ...}`, each of at most `max_length`
    characters, on one line or not."""
    return Annotated[
        dict[str, Annotated[str, Field(max_length=max_length)]],
        BeforeValidator(_multi_lang_text if multi_line else _single_lang_text),
        Field(json_schema_extra={"maxProperties": LANGUAGES_PER_TEXT}),
    ]


NameText = lang_text(NAME_LENGTH, multi_line=False)
LabelText = lang_text(LABEL_LENGTH, multi_line=False)
ShortText = lang_text(SHORT_TEXT_LENGTH, multi_line=True)
LongText = lang_text(LONG_TEXT_LENGTH, multi_line=True)


def _languages(value: object, info: ValidationInfo) -> object:
    if not isinstance(value, list):
        return value
    out: list[str] = []
    for raw in value:
        code = language_code(raw) if isinstance(raw, str) else None
        if code is None:
            _unknown_language(raw, field_path(info))
        elif code not in out:
            out.append(code)
    return out


Languages = Annotated[
    list[Annotated[str, Field(max_length=CODE_LENGTH)]],
    BeforeValidator(_languages),
    Field(max_length=LANGUAGES_PER_TEXT * 2),
]
"""Spoken languages: BCP 47 tags, normalised and without repeats."""


def _codes(value: list[str], info: ValidationInfo) -> list[str]:
    """One call per list: each code on one line (an import drops what it empties)."""
    if all(code.isprintable() for code in value):
        return value
    out = []
    for index, code in enumerate(value):
        if not code.isprintable():
            code = checked_text(code, False, field_path(info), f"item {index}")
        if code:
            out.append(code)
    return out


def codes(max_items: int) -> Any:
    """A list of at most `max_items` vocabulary codes."""
    return Annotated[
        list[Annotated[str, Field(max_length=CODE_LENGTH)]],
        Field(max_length=max_items),
        AfterValidator(_codes),
    ]
