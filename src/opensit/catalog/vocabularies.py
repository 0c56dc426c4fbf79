"""The multilingual thesaurus: amenities, themes, labels, classifications, accessibility,
payment methods and languages. Connectors register the entries they meet; a network extends it.

Codes are stable strings: DATAtourisme individuals keep their local name (`BoulesPitch`);
Apidae reference elements not mapped to one are `apidae:<id>`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from opensit.catalog.models import VocabularyEntry

Scheme = VocabularyEntry.Scheme


@dataclass
class Entry:
    scheme: str
    code: str
    labels: dict[str, str] = field(default_factory=dict)
    parent: str = ""
    datatourisme: str = ""
    apidae_ids: list[int] = field(default_factory=list)


def upsert_entries(entries: Iterable[Entry]) -> tuple[int, int]:
    """Create missing entries and complete the labels of known ones (never erase a label that a
    network admin translated). Returns (created, updated)."""
    by_code: dict[str, Entry] = {}
    for entry in entries:
        known = by_code.get(entry.code)
        if known:
            known.labels = {**entry.labels, **known.labels}
            known.apidae_ids = sorted(set(known.apidae_ids) | set(entry.apidae_ids))
        else:
            by_code[entry.code] = entry
    if not by_code:
        return 0, 0
    created = updated = 0
    with transaction.atomic():
        existing = {e.code: e for e in VocabularyEntry.objects.filter(code__in=list(by_code))}
        new, changed = [], []
        for code, entry in by_code.items():
            row = existing.get(code)
            if row is None:
                new.append(
                    VocabularyEntry(
                        scheme=entry.scheme,
                        code=code,
                        labels=entry.labels,
                        parent=entry.parent,
                        datatourisme=entry.datatourisme,
                        apidae_ids=sorted(set(entry.apidae_ids)),
                    )
                )
                continue
            labels = {**entry.labels, **row.labels}
            apidae_ids = sorted(set(row.apidae_ids) | set(entry.apidae_ids))
            if labels != row.labels or apidae_ids != row.apidae_ids:
                row.labels, row.apidae_ids = labels, apidae_ids
                changed.append(row)
        VocabularyEntry.objects.bulk_create(new, batch_size=500)
        VocabularyEntry.objects.bulk_update(changed, ["labels", "apidae_ids"], batch_size=500)
        created, updated = len(new), len(changed)
    return created, updated


def labels_for(codes: Iterable[str]) -> dict[str, dict[str, str]]:
    """Labels of many codes in one query (for rendering)."""
    return dict(VocabularyEntry.objects.filter(code__in=list(codes)).values_list("code", "labels"))
