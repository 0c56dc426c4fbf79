"""Duplicate candidates: a similar name within a few hundred metres, or the same phone, email
or website. Candidates only: a person decides, then `catalog.merge.merge_objects`, or dismisses
the pair (`DuplicateDismissal`), which is never proposed again.

Scales by SQL: every write stores the object's normalised contacts and its grid cell in
`DuplicateKey` (`quality.parts`). Shared contacts come from a grouped query; names are compared
only between objects of neighbouring cells, found by a join. No document is loaded.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from opensit.catalog.models import TourismObject
from opensit.quality.checks import distance_km
from opensit.quality.models import DuplicateDismissal, DuplicateKey

NAME_SIMILARITY = 0.85
NEAR_KM = 0.3
CELL = 0.005  # degrees: about 550 m of latitude, 340 m of longitude at 51°N (> NEAR_KM)
# A contact shared by more objects is an organiser's or a tourist office's, not a duplicate.
MAX_SHARED_CONTACT = 3
CELL_KEY = "cell"
_CHUNK = 2000  # ids per IN (...) query


@dataclass
class Candidate:
    first: str
    second: str
    reasons: list[str] = field(default_factory=list)
    similarity: float = 0.0  # of the normalised names, 0-1


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def contact_keys(doc: dict[str, Any]) -> set[str]:
    """Normalised contacts: `phone:0247610000`, `email:a@b.fr`, `web:b.fr/page`."""
    keys = set()
    for contact in doc.get("contacts", []):
        value = str(contact.get("value", "")).strip().lower()
        if contact.get("kind") in ("phone", "mobile"):
            digits = re.sub(r"\D", "", value)
            if digits.startswith("33"):
                digits = "0" + digits[2:]
            if len(digits) >= 9:
                keys.add(f"phone:{digits}")
        elif contact.get("kind") == "email" and value:
            keys.add(f"email:{value}")
        elif contact.get("kind") == "website" and value:
            keys.add("web:" + re.sub(r"^https?://(www\.)?", "", value).rstrip("/"))
    return {key[:300] for key in keys}


def cell_of(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // CELL), int(lon // CELL)


def key_values(obj: Any) -> list[dict[str, Any]]:
    """The field values of the key rows of one object (an object or a historical model
    instance in migrations)."""
    rows: list[dict[str, Any]] = [
        {"object_id": obj.pk, "type_root": obj.type_root, "key": key}
        for key in sorted(contact_keys(obj.document or {}))
    ]
    if obj.latitude is not None and obj.longitude is not None:
        cy, cx = cell_of(obj.latitude, obj.longitude)
        rows.append(
            {
                "object_id": obj.pk,
                "type_root": obj.type_root,
                "key": CELL_KEY,
                "cell_y": cy,
                "cell_x": cx,
                "name_key": normalise_name(obj.name)[:300],
            }
        )
    return rows


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _contact_pairs(scope: QuerySet[TourismObject] | None) -> Iterator[tuple[str, str, str]]:
    table = connection.ops.quote_name(DuplicateKey._meta.db_table)
    sql = (
        f"SELECT k.type_root, k.key, k.object_id FROM {table} k JOIN ("
        f"  SELECT key, type_root FROM {table} WHERE key <> %s"
        f"  GROUP BY key, type_root HAVING COUNT(*) BETWEEN 2 AND %s"
        f") g ON g.key = k.key AND g.type_root = k.type_root"
    )
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    with connection.cursor() as cursor:
        cursor.execute(sql, [CELL_KEY, MAX_SHARED_CONTACT])
        for root, key, object_id in cursor.fetchall():
            shared[(root, key)].add(object_id)
    if scope is not None:  # keep the keys touching the scope
        ids = sorted({i for members in shared.values() for i in members})
        seen = _in_scope(scope, ids)
        shared = {k: v for k, v in shared.items() if v & seen}
    for (_root, key), members in shared.items():
        for a, b in combinations(sorted(members), 2):
            yield a, b, key.split(":", 1)[0]


def _in_scope(scope: QuerySet[TourismObject], ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(scope.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def _name_pairs(scope: QuerySet[TourismObject] | None) -> Iterator[tuple[str, str, float]]:
    """Objects of the same kind in neighbouring cells, NEAR_KM apart, with similar names."""
    keys = connection.ops.quote_name(DuplicateKey._meta.db_table)
    objects = connection.ops.quote_name(TourismObject._meta.db_table)
    # With a scope, `a` runs over the scope (one semi-join) and `b` over every neighbour.
    where, params, order = "", [], "a.object_id < b.object_id"
    if scope is not None:
        sub, params = scope.order_by().values("pk").query.sql_with_params()
        where, order = f" AND a.object_id IN ({sub})", "a.object_id <> b.object_id"
    sql = (
        f"SELECT a.object_id, b.object_id, a.name_key, b.name_key,"
        f" oa.latitude, oa.longitude, ob.latitude, ob.longitude"
        f" FROM {keys} a JOIN {keys} b"
        f"  ON b.key = a.key AND b.type_root = a.type_root AND {order}"
        f"  AND b.cell_y BETWEEN a.cell_y - 1 AND a.cell_y + 1"
        f"  AND b.cell_x BETWEEN a.cell_x - 1 AND a.cell_x + 1"
        f" JOIN {objects} oa ON oa.id = a.object_id JOIN {objects} ob ON ob.id = b.object_id"
        f" WHERE a.key = %s{where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [CELL_KEY, *params])
        while rows := cursor.fetchmany(2000):
            for a, b, name_a, name_b, lat_a, lon_a, lat_b, lon_b in rows:
                if distance_km(lat_a, lon_a, lat_b, lon_b) > NEAR_KM:
                    continue
                if a > b:  # SequenceMatcher is not symmetric: always the same order
                    a, b, name_a, name_b = b, a, name_b, name_a
                matcher = SequenceMatcher(None, name_a, name_b)
                if matcher.quick_ratio() >= NAME_SIMILARITY <= matcher.ratio():
                    yield a, b, matcher.ratio()


def dismissed_pairs(ids: Iterable[str]) -> set[tuple[str, str]]:
    """The dismissed pairs among `ids`."""
    ids = sorted(set(ids))
    found: set[tuple[str, str]] = set()
    for chunk in _chunks(ids):
        found.update(
            DuplicateDismissal.objects.filter(first__in=chunk).values_list("first", "second")
        )
    return found


def find_duplicates(
    scope: QuerySet[TourismObject] | None = None,
    *,
    partners: QuerySet[TourismObject] | None = None,
    include_dismissed: bool = False,
) -> list[Candidate]:
    """Candidate pairs of the same kind (type root) with their reasons, most likely first.

    A pair has at least one object in `scope` (all objects when None); the other is in
    `scope` too, or in `partners` when given (the screen adds the published catalog, so that
    an office sees the other office's copy of its hotel). Dismissed pairs are left out.
    """
    found: dict[tuple[str, str], Candidate] = {}
    for a, b, reason in _contact_pairs(scope):
        cand = found.setdefault((a, b), Candidate(a, b))
        if reason not in cand.reasons:
            cand.reasons.append(reason)
    for a, b, _ratio in _name_pairs(scope):
        cand = found.setdefault((a, b), Candidate(a, b))
        if "name" not in cand.reasons:  # both in scope: the pair comes twice
            cand.reasons.insert(0, "name")
    if not found:
        return []
    ids = sorted({i for pair in found for i in pair})
    names: dict[str, str] = {}
    for chunk in _chunks(ids):
        names.update(
            TourismObject.objects.filter(pk__in=chunk)
            .exclude(status="deleted")
            .values_list("pk", "name")
        )
    allowed: set[str] | None = None
    if scope is not None:
        allowed = _in_scope(scope, ids)
        if partners is not None:
            allowed |= _in_scope(partners, ids)
    skip = set() if include_dismissed else dismissed_pairs(ids)
    out = []
    for (a, b), cand in found.items():
        if a not in names or b not in names or (a, b) in skip:
            continue
        if allowed is not None and not (a in allowed and b in allowed):
            continue
        name_a, name_b = normalise_name(names[a]), normalise_name(names[b])
        cand.similarity = round(SequenceMatcher(None, name_a, name_b).ratio(), 2)
        out.append(cand)
    # Most likely first: similar names, then more shared contacts.
    return sorted(out, key=lambda c: (-c.similarity, -len(c.reasons), c.first, c.second))
