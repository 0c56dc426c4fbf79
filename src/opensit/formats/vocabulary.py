"""Vocabulary codes as DATAtourisme individuals (`kb:Wifi`) with their labels, loaded once
per export rather than once per object."""

from dataclasses import dataclass

from django.db import DatabaseError

from opensit.catalog.models import VocabularyEntry


@dataclass(frozen=True)
class Term:
    kb: str
    """Local name of the DATAtourisme individual, or "" when the code has none."""
    labels: dict[str, str]


Vocabulary = dict[str, Term]


def _kb_name(code: str, datatourisme: str) -> str:
    if datatourisme:
        return datatourisme.rsplit("#", 1)[-1].removeprefix("kb:")
    # The catalog's convention: codes of DATAtourisme individuals are their local names.
    return code if code.isidentifier() else ""


def load_vocabulary() -> Vocabulary:
    """Every entry of the thesaurus; empty when the database is not reachable (plain rendering)."""
    try:
        rows = list(VocabularyEntry.objects.values_list("code", "datatourisme", "labels"))
    except DatabaseError:
        return {}
    return {code: Term(_kb_name(code, dt), labels or {}) for code, dt, labels in rows}


def term(vocabulary: Vocabulary, code: str) -> Term:
    return vocabulary.get(code) or Term(_kb_name(code, ""), {})
