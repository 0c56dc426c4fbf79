"""Text helpers shared by the indexer and the query: what is indexed per language, and how a
user's query becomes search terms (case and accents folded, a light plural stemming)."""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from opensit.core.langtext import pick

# Languages with their own text columns; any other language searches every language: on
# PostgreSQL the `all` vector, which holds them all; on SQLite the fr, en and `other` columns
# together (`other` holds the languages without columns, so no text is indexed twice).
TEXT_LANGUAGES = ("fr", "en")

# Elided articles and the words that carry no meaning in a name ("château de chambord"): they
# count only in a query that has nothing else, and not in a name's length.
STOP_WORDS = frozenset(
    [
        "l",
        "d",
        "j",
        "m",
        "n",
        "s",
        "t",
        "c",
        "qu",
        "le",
        "la",
        "les",
        "de",
        "du",
        "des",
        "un",
        "une",
        "et",
        "en",
        "au",
        "aux",
        "a",
        "sur",
        "sous",
        "par",
        "pour",
        "dans",
        "avec",
        "the",
        "of",
        "and",
        "in",
        "at",
        "on",
        "to",
        "an",
        "for",
        "with",
    ]
)

_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """Lower case without diacritics: "Château" -> "chateau"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def query_words(q: str) -> list[str]:
    """The folded words of a query, in order, without repeats: the text index's own analyzer
    (so "Œuvre" is "oeuvre" in the query as in the index)."""
    from opensit.search.textindex import analyze

    return list(dict.fromkeys(analyze("fold", q)))


def light_stem(word: str) -> str:
    """Drop a plural ending so that prefix matching joins singular and plural
    ("randonnees" -> "randonnee", which prefix-matches "randonnée" and "randonnées")."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _joined(text: Mapping[str, str] | None, group: str) -> str:
    """The texts of a language map that belong to a mixed group: `all` takes every language,
    `other` those without a group of their own."""
    if not text:
        return ""
    return " ".join(v for k, v in text.items() if group == "all" or k not in TEXT_LANGUAGES)


def document_texts(
    doc: Mapping[str, Any], groups: Iterable[str] = (*TEXT_LANGUAGES, "all", "other")
) -> dict[str, tuple[str, str]]:
    """(name, text) per text column group of the engine (`groups`): each language with
    fallbacks, `all` (every language) and `other` (the languages without their own group)."""
    location = doc.get("location") or {}
    commune = (location.get("commune") or {}).get("name", "")
    out: dict[str, tuple[str, str]] = {}
    for group in groups:
        if group in TEXT_LANGUAGES:
            name = pick(doc.get("name"), group)
            parts = [pick(doc.get(key), group) for key in ("short_description", "description")]
            parts += [pick(location.get("place_name"), group), commune]
        else:
            name = _joined(doc.get("name"), group)
            parts = [_joined(doc.get(key), group) for key in ("short_description", "description")]
            parts.append(_joined(location.get("place_name"), group))
            if group == "all":  # the commune is in the fr and en groups already
                parts.append(commune)
        out[group] = (name, _TAG.sub(" ", _join(*parts)))
    return out


def text_group(lang: str) -> str:
    return lang if lang in TEXT_LANGUAGES else "all"
