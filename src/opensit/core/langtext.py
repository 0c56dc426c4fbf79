"""Language strings: texts are maps from a language code to a string, `{"fr": ..., "en": ...}`."""

from collections.abc import Iterable, Mapping

from django.conf import settings

LangText = dict[str, str]


def active_languages() -> list[str]:
    """The platform's languages (`settings.LANGUAGES`), in order: the first is the default."""
    return [code for code, _name in settings.LANGUAGES]


def pick(text: Mapping[str, str] | None, lang: str, fallbacks: Iterable[str] = ("fr", "en")) -> str:
    """The text in `lang`, else in the first fallback language that has one, else any."""
    if not text:
        return ""
    if text.get(lang):
        return text[lang]
    for code in fallbacks:
        if text.get(code):
            return text[code]
    return next((value for value in text.values() if value), "")


def clean(text: Mapping[str, object] | None) -> LangText:
    """Drop empty values and strip whitespace; keep only non-empty strings."""
    if not text:
        return {}
    out: LangText = {}
    for lang, value in text.items():
        if isinstance(value, str):
            value = value.strip()
            if value:
                out[lang] = value
    return out
