"""Which source format a file, folder or zip holds, from its first bytes and its structure.

`opensit import apidae datatourisme.json` would otherwise fail record after record with
errors that say nothing of the real mistake; the command asks `sniff` first and names the
format it recognised. Formats are named like the connectors that read them. `sniff` never
raises on what it reads: unreadable or unknown input is `None` (the connector then decides).
"""

import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

DATATOURISME = "datatourisme"
APIDAE = "apidae"
JSONL = "jsonl"
TOURINSOFT = "tourinsoft"
LEI = "lei"
TOURINFRANCE = "tourinfrance"

#: How each format is called in messages (brand names, not translated).
LABELS: dict[str, str] = {
    DATATOURISME: "DATAtourisme",
    APIDAE: "Apidae",
    JSONL: "OpenSIT JSON Lines",
    TOURINSOFT: "Tourinsoft",
    LEI: "LEI",
    TOURINFRANCE: "TourinFrance",
}

#: Bytes read from a file for the textual clues; whole files up to FULL_PARSE are parsed.
HEAD = 64 * 1024
FULL_PARSE = 8 * 1024 * 1024
#: Files looked at inside a folder or zip that has no tell-tale layout.
SAMPLE_FILES = 12

_CANONICAL_KEYS = frozenset(
    {"type", "name", "classes", "location", "contacts", "opening", "pricing", "media", "aspects"}
)
_TOURINSOFT_KEYS = ("SyndicObjectID", "SyndicObjectName", "ObjectTypeName", "SyndicStructureId")
_DT_TYPES = frozenset({"PointOfInterest", "PlaceOfInterest", "EntertainmentAndEvent", "Product"})
_XML_ROOT = re.compile(rb"<\s*([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_XML_SKIP = re.compile(rb"(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL)


#: Other names a connector may go by for the same format.
ALIASES: dict[str, str] = {"tif": TOURINFRANCE, "tourinfrance3": TOURINFRANCE, "sitra": APIDAE}


def format_of(connector: str) -> str | None:
    """The format a connector (by its `opensit import` name) reads, if the sniffer knows it."""
    name = ALIASES.get(connector, connector)
    return name if name in LABELS else None


def connector_for(fmt: str, connectors: Iterable[str]) -> str | None:
    """The registered connector that reads `fmt`, to name it in the refusal."""
    return next((name for name in sorted(connectors) if format_of(name) == fmt), None)


def label(fmt: str) -> str:
    """The name users know a format by."""
    return LABELS.get(fmt, fmt)


def sniff(path: Path | str) -> str | None:
    """The format `path` holds, or None when nothing is recognised (or it cannot be read)."""
    path = Path(path)
    try:
        if path.is_dir():
            return _sniff_folder(path)
        if zipfile.is_zipfile(path):
            return _sniff_zip(path)
        with path.open("rb") as handle:
            return _sniff_stream(handle)
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None


def _sniff_stream(handle: IO[bytes]) -> str | None:
    """Parse the whole content up to FULL_PARSE bytes, else look at its head only."""
    whole = handle.read(FULL_PARSE + 1)
    if len(whole) <= FULL_PARSE:
        return sniff_bytes(whole)
    return sniff_bytes(whole[:HEAD], complete=False)


def sniff_bytes(data: bytes, *, complete: bool = True) -> str | None:
    """The format of a file's content (`complete=False`: only its beginning)."""
    text = _strip_bom(data).lstrip()
    if not text:
        return None
    if text[:1] == b"<":
        return _sniff_xml(text)
    if text[:1] not in (b"{", b"["):
        return None
    parsed = _loads(text)
    if parsed is not _INVALID:
        found = classify(parsed)
        if found is not None:
            return found
    else:
        found = _sniff_lines(text, complete)
        if found is not None:
            return found
    return _json_clues(text[:HEAD])


def classify(value: Any) -> str | None:
    """The format of one parsed JSON document, from its structure."""
    if isinstance(value, list):
        return _classify_list(value)
    if not isinstance(value, dict):
        return None
    if "objetsTouristiques" in value or ("numFound" in value and "query" in value):
        return APIDAE
    if _is_tourinsoft(value):
        return TOURINSOFT
    if _is_datatourisme(value):
        return DATATOURISME
    if _is_canonical(value):
        return JSONL
    if "numFound" in value:
        return APIDAE
    return None


# -- JSON ---------------------------------------------------------------------------------------

_INVALID = object()


def _loads(text: bytes) -> Any:
    try:
        return orjson.loads(text)
    except (orjson.JSONDecodeError, RecursionError):
        return _INVALID


def _strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _classify_list(values: list[Any]) -> str | None:
    records = [v for v in values[:SAMPLE_FILES] if isinstance(v, dict)]
    if not records:
        return None
    # The index of a DATAtourisme flux archive: {label, lastUpdateDatatourisme, file}.
    if any("lastUpdateDatatourisme" in r for r in records):
        return DATATOURISME
    votes = Counter(found for r in records if (found := classify(r)) is not None)
    return votes.most_common(1)[0][0] if votes else None


def _is_tourinsoft(value: dict[str, Any]) -> bool:
    odata = value.get("d")
    if isinstance(odata, dict):
        rows = odata.get("results")
    elif isinstance(odata, list):
        rows = odata
    else:
        rows = value.get("value")
    if isinstance(rows, list):
        return any(isinstance(r, dict) and _tourinsoft_row(r) for r in rows[:SAMPLE_FILES]) or (
            not rows and _mentions_tourinsoft(value)
        )
    return _tourinsoft_row(value)


def _tourinsoft_row(row: dict[str, Any]) -> bool:
    if any(key in row for key in _TOURINSOFT_KEYS):
        return True
    meta = row.get("__metadata")
    return isinstance(meta, dict) and "tourinsoft" in str(meta.get("type", "")).lower()


def _mentions_tourinsoft(value: dict[str, Any]) -> bool:
    context = value.get("odata.metadata") or value.get("@odata.context") or ""
    return "tourinsoft" in str(context).lower()


def _is_datatourisme(value: dict[str, Any]) -> bool:
    context = value.get("@context")
    if context is not None and "datatourisme" in str(context)[:2000].lower():
        return True
    graph = value.get("@graph")
    if isinstance(graph, list):
        return any(isinstance(g, dict) and _is_datatourisme(g) for g in graph[:SAMPLE_FILES])
    identifier = value.get("@id")
    if isinstance(identifier, str) and "datatourisme" in identifier.lower():
        return True
    types = value.get("@type")
    if isinstance(types, str):
        types = [types]
    return isinstance(types, list) and bool(_DT_TYPES.intersection(map(str, types)))


def _is_canonical(value: dict[str, Any]) -> bool:
    name = value.get("name")
    return (
        isinstance(value.get("type"), str)
        and isinstance(name, dict)
        and len(_CANONICAL_KEYS.intersection(value)) >= 2
    )


def _sniff_lines(text: bytes, complete: bool) -> str | None:
    """JSON Lines: the first lines are each a JSON value (the last may be cut short)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the head ends mid-line
    parsed = [_loads(line) for line in lines[:SAMPLE_FILES]]
    if not parsed or any(p is _INVALID for p in parsed):
        return None
    votes = Counter(found for p in parsed if (found := classify(p)) is not None)
    return votes.most_common(1)[0][0] if votes else None


#: Keys and values that only one format writes near its top; the earliest one met wins (a
#: description that mentions another SIT comes after the structure that names the format).
_CLUES = [
    (re.compile(rb'"objetsTouristiques"\s*:'), APIDAE),
    (re.compile(rb'"@context"\s*:|"@id"\s*:\s*"https?://data\.datatourisme'), DATATOURISME),
    (re.compile(rb'"lastUpdateDatatourisme"\s*:'), DATATOURISME),
    (re.compile(rb'"https?://(?:www\.)?datatourisme\.(?:gouv\.)?fr/ontology'), DATATOURISME),
    (re.compile(rb'"(?:SyndicObjectID|SyndicObjectName)"\s*:|"TourInSoft\.', re.I), TOURINSOFT),
    (re.compile(rb'"numFound"\s*:'), APIDAE),
]


def _json_clues(head: bytes) -> str | None:
    """Clues from the beginning of a document too large to parse, or cut short."""
    found = [(m.start(), fmt) for pattern, fmt in _CLUES if (m := pattern.search(head))]
    return min(found)[1] if found else None


# -- XML ----------------------------------------------------------------------------------------


def _sniff_xml(text: bytes) -> str | None:
    head = text[:HEAD]
    lowered = head.lower()
    if b"tourinfrance" in lowered:
        return TOURINFRANCE
    root = _xml_root(head)
    if root is None:
        return None
    if root.upper() == b"LEI" or b"<sit_liste" in lowered:
        return LEI
    if root in (b"listeOI", b"OI"):
        return TOURINFRANCE
    return None


def _xml_root(head: bytes) -> bytes | None:
    """The root element's local name, past the declaration, comments and doctype."""
    rest = head.lstrip()
    while (skipped := _XML_SKIP.match(rest)) is not None:
        rest = rest[skipped.end() :].lstrip()
    match = _XML_ROOT.match(rest)
    return match.group(2) if match else None


# -- folders and zips ---------------------------------------------------------------------------


def _sniff_folder(root: Path) -> str | None:
    if (root / "objets_modifies").is_dir() or (root / "objets_supprimes.json").is_file():
        return APIDAE
    index = root / "index.json"
    if index.is_file() and sniff(index) == DATATOURISME:
        return DATATOURISME
    return _vote(_sample(root))


def _sample(root: Path) -> Iterable[Path]:
    seen = 0
    for path in sorted(root.rglob("*")):
        if seen >= SAMPLE_FILES:
            return
        if path.is_file() and not path.name.startswith("."):
            seen += 1
            yield path


def _vote(paths: Iterable[Path]) -> str | None:
    votes = Counter(found for path in paths if (found := sniff(path)) is not None)
    return votes.most_common(1)[0][0] if votes else None


def _sniff_zip(path: Path) -> str | None:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if not n.endswith("/"))
        bases = {n.rsplit("/", 1)[-1] for n in names}
        if any("objets_modifies/" in n for n in names) or "objets_supprimes.json" in bases:
            return APIDAE
        votes: Counter[str] = Counter()
        for name in [n for n in names if n.rsplit("/", 1)[-1] == "index.json"][:1] + names[
            :SAMPLE_FILES
        ]:
            with archive.open(name) as member:
                found = _sniff_stream(member)
            if found is not None:
                votes[found] += 1
        return votes.most_common(1)[0][0] if votes else None


def describe(path: Path | str) -> list[tuple[str, int]]:
    """What a folder or zip holds, by extension and count (`[(".xml", 3)]`), to say what
    was found where nothing was imported."""
    path = Path(path)
    counts: Counter[str] = Counter()
    try:
        if path.is_dir():
            names: Iterable[str] = [p.name for p in path.rglob("*") if p.is_file()]
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [n.rsplit("/", 1)[-1] for n in archive.namelist() if not n.endswith("/")]
        else:
            names = [path.name]
    except (OSError, zipfile.BadZipFile, ValueError):
        return []
    for name in names:
        counts[Path(name).suffix.lower() or "(no extension)"] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
