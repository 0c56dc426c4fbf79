"""`communes.json` of an Apidae export -> `network.Commune` rows (INSEE code, name, postal codes).

Communes already known (e.g. loaded from the official geographic code) keep their name; only
missing postal codes are added to them.
"""

import re
from typing import Any

from django.db import transaction

from opensit.catalog.projection import department_of
from opensit.network.models import Commune

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
