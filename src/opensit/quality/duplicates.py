"""Duplicate candidates: a similar name within a few hundred metres, or the same phone, email
or website. Candidates only: a person decides, then `catalog.merge.merge_objects`."""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations

from django.db.models import QuerySet

from opensit.catalog.models import TourismObject
from opensit.quality.checks import distance_km

NAME_SIMILARITY = 0.85
NEAR_KM = 0.3
CELL = 0.005  # degrees, about 550 m of latitude: neighbours are in the 3x3 cells around
# A contact shared by more objects is an organiser's or a tourist office's, not a duplicate.
MAX_SHARED_CONTACT = 3


@dataclass
class Candidate:
    first: str
    second: str
    reasons: list[str] = field(default_factory=list)
    similarity: float = 0.0  # of the normalised names, 0-1


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _contact_keys(doc: dict) -> set[str]:
    keys = set()
    for contact in doc.get("contacts", []):
        value = contact.get("value", "").strip().lower()
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
    return keys


def find_duplicates(objects: QuerySet[TourismObject]) -> list[Candidate]:
    """Candidate pairs among `objects`, of the same kind (type root), with their reasons."""
    rows = list(
        objects.exclude(status="deleted").values_list(
            "id", "type_root", "name", "latitude", "longitude", "document"
        )
    )
    found: dict[tuple[str, str], Candidate] = {}

    def add(a: str, b: str, reason: str) -> None:
        key = (a, b) if a < b else (b, a)
        cand = found.setdefault(key, Candidate(*key))
        if reason not in cand.reasons:
            cand.reasons.append(reason)

    by_contact: dict[tuple[str, str], set[str]] = defaultdict(set)
    cells: dict[tuple[str, int, int], list[tuple]] = defaultdict(list)
    for object_id, root, name, lat, lon, doc in rows:
        for key in _contact_keys(doc):
            by_contact[(root, key)].add(object_id)
        if lat is not None and lon is not None:
            cells[(root, int(lat // CELL), int(lon // CELL))].append(
                (object_id, normalise_name(name), lat, lon)
            )
    for (_root, key), ids in by_contact.items():
        if len(ids) <= MAX_SHARED_CONTACT:
            for a, b in combinations(sorted(ids), 2):
                add(a, b, key.split(":", 1)[0])
    for (root, cy, cx), members in cells.items():
        near = [
            m
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            for m in cells.get((root, cy + dy, cx + dx), [])
        ]
        for a in members:
            for b in near:
                if a[0] >= b[0]:
                    continue
                if distance_km(a[2], a[3], b[2], b[3]) > NEAR_KM:
                    continue
                matcher = SequenceMatcher(None, a[1], b[1])
                if matcher.quick_ratio() >= NAME_SIMILARITY <= matcher.ratio():
                    add(a[0], b[0], "name")
    names = {row[0]: normalise_name(row[2]) for row in rows}
    for cand in found.values():
        cand.similarity = round(
            SequenceMatcher(None, names[cand.first], names[cand.second]).ratio(), 2
        )
    # Most likely first: similar names, then more shared contacts.
    return sorted(found.values(), key=lambda c: (-c.similarity, -len(c.reasons), c.first, c.second))
