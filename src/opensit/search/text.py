"""Text helpers shared by the indexer and the query: what is indexed per language, and how a
user's query becomes search terms (case and accents folded, a light plural stemming)."""

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from opensit.core.langtext import pick

# Languages with their own text columns; any other language searches every language: on
# PostgreSQL the `all` vector, which holds them all; on SQLite the fr, en and `other` columns
# together (`other` holds the languages without columns, so no text is indexed twice).
TEXT_LANGUAGES = ("fr", "en")
PG_CONFIGS = {"fr": "french", "en": "english", "all": "simple"}

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """Lower case without diacritics: "Château" -> "chateau"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def query_words(q: str) -> list[str]:
    """The folded words of a query, in order, without repeats."""
    words: list[str] = []
    for word in _WORD.findall(fold(q)):
        if word not in words:
            words.append(word)
    return words


def light_stem(word: str) -> str:
    """Drop a plural ending so that prefix matching joins singular and plural
    ("randonnees" -> "randonnee", which prefix-matches "randonnée" and "randonnées")."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _all(text: Mapping[str, str] | None) -> str:
    return " ".join(text.values()) if text else ""


def _other(text: Mapping[str, str] | None) -> str:
    return " ".join(v for k, v in text.items() if k not in TEXT_LANGUAGES) if text else ""


def document_texts(doc: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """(name, text) per text column group: each language with fallbacks, `all` (every
    language) and `other` (the languages without their own group)."""
    location = doc.get("location") or {}
    commune = (location.get("commune") or {}).get("name", "")
    out: dict[str, tuple[str, str]] = {}
    for lang in TEXT_LANGUAGES:
        text = _join(
            pick(doc.get("short_description"), lang),
            pick(doc.get("description"), lang),
            pick(location.get("place_name"), lang),
            commune,
        )
        out[lang] = (pick(doc.get("name"), lang), _TAG.sub(" ", text))
    text_all = _join(
        _all(doc.get("short_description")),
        _all(doc.get("description")),
        _all(location.get("place_name")),
        commune,
    )
    out["all"] = (_all(doc.get("name")), _TAG.sub(" ", text_all))
    text_other = _join(
        _other(doc.get("short_description")),
        _other(doc.get("description")),
        _other(location.get("place_name")),
    )
    out["other"] = (_other(doc.get("name")), _TAG.sub(" ", text_other))
    return out


def text_group(lang: str) -> str:
    return lang if lang in TEXT_LANGUAGES else "all"
