"""Apidae special days (`PREMIER_JANVIER`, "1er mai", "Noël"...) -> `catalog.holidays` codes.

Why: Apidae closes objects on special days every year; written as its enum or as French words
by hand, they must all become `Closure.holiday`, not be dropped.
"""

import re
import unicodedata

from opensit.catalog.holidays import HOLIDAYS

_WORDS = {
    "jan-1": ("premier janvier", "1 janvier", "jour an", "nouvel an"),
    "easter-monday": ("lundi paques",),
    "may-1": ("premier mai", "1 mai", "fete travail"),
    "may-8": ("huit mai", "8 mai", "victoire 1945"),
    "ascension": ("ascension", "jeudi ascension"),
    "whit-monday": ("lundi pentecote",),
    "jul-14": ("quatorze juillet", "14 juillet", "fete nationale"),
    "aug-15": ("quinze aout", "15 aout", "assomption"),
    "nov-1": ("premier novembre", "1 novembre", "toussaint"),
    "nov-11": ("onze novembre", "11 novembre", "armistice"),
    "dec-25": ("noel", "25 decembre", "jour noel"),
    "dec-26": ("saint etienne", "26 decembre", "lendemain noel"),
}
_DROPPED = {"le", "la", "les", "de", "du", "des", "l", "d", "er", "jour", "ferie"}


def _key(text: str) -> str:
    """Lower case, no accents, no articles: "Lundi de Pâques" -> "lundi paques"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"(\d+)\s*(er|e|eme)\b", r"\1", plain)
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in _DROPPED]
    return " ".join(words)


_CODES = {_key(word): code for code, words in _WORDS.items() for word in words}
_CODES.update({_key(code): code for code in HOLIDAYS})


def holiday_code(value: str) -> str:
    """The holiday code of an Apidae special day, or "" when it is none."""
    return _CODES.get(_key(value), "") if value else ""
