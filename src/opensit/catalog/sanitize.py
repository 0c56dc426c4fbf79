"""Rich text is sanitised when written: descriptions may hold a little HTML, nothing more.

Only texts that contain a `<` go through nh3, so plain text (most imports) is left untouched
and the import path pays a substring test per text.
"""

from typing import Any

import nh3

from opensit.catalog.document import TourismDocument

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
RICH_TEXT_FIELDS = ("description", "short_description", "practical_info")


def clean_html(text: str) -> str:
    if "<" not in text:
        return text
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


def _clean_langtext(text: dict[str, str]) -> dict[str, str] | None:
    """The cleaned text, or None when nothing had to change (the common case). A language
    left empty by the cleaning (a text that was only tags) is dropped, as validation drops
    empty texts, so that a stored document validates to itself."""
    if not any("<" in value for value in text.values()):
        return None
    cleaned = {lang: clean_html(value).strip() for lang, value in text.items()}
    return {lang: value for lang, value in cleaned.items() if value}


def sanitise(doc: TourismDocument) -> TourismDocument:
    """The document with its rich texts cleaned; the same object when nothing changed."""
    update: dict[str, Any] = {}
    for name in RICH_TEXT_FIELDS:
        cleaned = _clean_langtext(getattr(doc, name))
        if cleaned is not None:
            update[name] = cleaned
    aspects = {}
    for key, aspect in doc.aspects.items():
        parts = {}
        for name in ("short_description", "description", "practical_info"):
            cleaned = _clean_langtext(getattr(aspect, name))
            if cleaned is not None:
                parts[name] = cleaned
        if parts:
            aspects[key] = aspect.model_copy(update=parts)
    if aspects:
        update["aspects"] = {**doc.aspects, **aspects}
    return doc.model_copy(update=update) if update else doc
