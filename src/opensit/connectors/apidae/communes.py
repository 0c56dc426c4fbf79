"""Apidae communes: `communes.json` of an export -> `network.Commune` rows, and a commune given
without an INSEE code resolved to one.

Communes already known (e.g. loaded from the official geographic code) keep their name; only
missing postal codes are added to them. A commune named by its Apidae id only is resolved by the
export's `communes.json`, else by postal code and name against the official reference that
`opensit communes` loads (names compared without case, accents, hyphens, articles, and with
"St"/"Ste" read as "Saint"/"Sainte").
"""

import re
import unicodedata
from typing import Any

from django.db import transaction

from opensit.network.models import Commune, department_of

_INSEE = re.compile(r"^\d[\dAB]\d{3}$")


def upsert_communes(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Create missing communes and complete postal codes. Returns (created, updated).

    Foreign communes (Apidae also covers Switzerland and Italy) have no INSEE code: skipped.
    """
    wanted: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = str(row.get("code") or "")
        if not _INSEE.match(code) or not row.get("nom"):
            continue
        postal = row.get("codesPostaux") or [row.get("codePostal")]
        known = wanted.setdefault(code, {"name": str(row["nom"]), "postal_codes": []})
        for value in postal:
            if value and str(value) not in known["postal_codes"]:
                known["postal_codes"].append(str(value))
    if not wanted:
        return 0, 0
    with transaction.atomic():
        existing = Commune.objects.in_bulk(list(wanted))
        new, changed = [], []
        for code, values in wanted.items():
            commune = existing.get(code)
            if commune is None:
                new.append(
                    Commune(
                        insee=code,
                        name=values["name"],
                        postal_codes=sorted(values["postal_codes"]),
                        department=department_of(code),
                    )
                )
                continue
            merged = sorted(set(commune.postal_codes) | set(values["postal_codes"]))
            if merged != sorted(commune.postal_codes):
                commune.postal_codes = merged
                changed.append(commune)
        Commune.objects.bulk_create(new)
        Commune.objects.bulk_update(changed, ["postal_codes"])
    return len(new), len(changed)


_ARTICLES = {"le", "la", "les", "l", "d", "de", "du", "des", "lez"}  # "lès" is "les" unaccented
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes", "mt": "mont"}


def name_key(name: str) -> str:
    """A commune name compared loosely: "St-Martin-de-Belleville" == "Saint Martin Belleville",
    "Monêtier-les-Bains (Le)" == "Le Monetier les Bains"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w not in _ARTICLES)


class CommuneResolver:
    """Resolves a commune without INSEE code; loads the reference once, when first needed."""

    def __init__(self) -> None:
        self.by_apidae_id: dict[int, dict[str, Any]] = {}
        self._by_postal: dict[str, list[tuple[str, str, str]]] | None = None
        self._by_name: dict[str, list[tuple[str, str]]] = {}

    def use_export(self, rows: list[dict[str, Any]]) -> None:
        """The communes of an export, which objects name by their Apidae id only."""
        self.by_apidae_id = {r["id"]: r for r in rows if isinstance(r.get("id"), int)}

    def _load(self) -> dict[str, list[tuple[str, str, str]]]:
        if self._by_postal is None:
            self._by_postal = {}
            for insee, name, postal_codes in Commune.objects.values_list(
                "insee", "name", "postal_codes"
            ):
                key = name_key(name)
                self._by_name.setdefault(key, []).append((insee, name))
                for postal in postal_codes or []:
                    self._by_postal.setdefault(str(postal), []).append((insee, name, key))
        return self._by_postal

    def from_export(self, apidae_id: Any) -> tuple[str, str] | None:
        row = self.by_apidae_id.get(apidae_id) if isinstance(apidae_id, int) else None
        if row and _INSEE.match(str(row.get("code") or "")):
            return str(row["code"]), str(row.get("nom") or "")
        return None

    def resolve(self, postal: str, name: str) -> tuple[str, str] | None:
        """(INSEE, official name) of the one commune of that postal code and name; by name
        alone when the postal code is unknown; by the postal code alone when it has one
        commune and no name is given. None when nothing or several match."""
        by_postal = self._load()
        key = name_key(name)
        here = by_postal.get(postal.strip(), [])
        if key:
            found = {(i, n) for i, n, k in here if k == key}
            if not found and not here:
                found = set(self._by_name.get(key, []))
        else:
            found = {(i, n) for i, n, _k in here}
        return found.pop() if len(found) == 1 else None
