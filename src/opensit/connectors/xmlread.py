"""What the XML connectors (LEI, TourinFrance) share: a safe streaming reader, small value
parsers, the generic XML-to-data conversion that keeps unmapped elements, and the buffer of
vocabulary entries they register.

Reading is safe (defusedxml: no entity expansion, no external DTD or entity, no network) and
streaming (iterparse: each record is detached once read, so a big export stays in constant
memory).
"""

import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from opensit.catalog.document.values import language_code
from opensit.connectors.base import ReadError, RecordReport

Element = ET.Element
PARIS = ZoneInfo("Europe/Paris")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Longest source id the catalog stores (`SourceRecord.source_id`).
MAX_ID = 128
#: Errors of a broken input: malformed XML, a forbidden DTD or entity, an unknown encoding.
XML_ERRORS = (ET.ParseError, DefusedXmlException, ValueError, LookupError, UnicodeError)


def local(tag: object) -> str:
    """The tag without its namespace (`{uri}OI` -> `OI`); comments and PIs give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text(element: Element | None) -> str:
    """The element's own text, stripped ('' when absent)."""
    if element is None or element.text is None:
        return ""
    return element.text.strip()


def child(element: Element, name: str) -> Element | None:
    """The first child with this local name."""
    for sub in element:
        if local(sub.tag) == name:
            return sub
    return None


def children(element: Element, name: str) -> list[Element]:
    return [sub for sub in element if local(sub.tag) == name]


def child_text(element: Element, name: str) -> str:
    return text(child(element, name))


def path_find(element: Element, path: str) -> list[Element]:
    """Elements under `element` along a slash path of local names (`Adresses/DetailAdresse`)."""
    found = [element]
    for step in path.split("/"):
        found = [sub for parent in found for sub in parent if local(sub.tag) == step]
    return found


def lang_of(element: Element, default: str = "fr") -> str:
    """The element's xml:lang as a BCP 47 code (`FR` -> `fr`), else `default`."""
    raw = element.get(XML_LANG, "")
    return (language_code(raw) or default) if raw else default


def to_data(element: Element) -> Any:
    """A JSON-ready rendering of an element: its text alone when it has nothing else, else a
    dict of `@attribute`, `#text` and children (lists where repeated). Keeps what no field
    maps, so that no value a source gives is lost."""
    attrs = {f"@{local(k) or k}": v for k, v in element.attrib.items()}
    grouped: dict[str, list[Any]] = {}
    for sub in element:
        name = local(sub.tag)
        if name:
            grouped.setdefault(name, []).append(to_data(sub))
    subs = {name: values[0] if len(values) == 1 else values for name, values in grouped.items()}
    own = text(element)
    if not attrs and not subs:
        return own
    out: dict[str, Any] = {**attrs, **subs}
    if own:
        out["#text"] = own
    return out


# -- streaming ------------------------------------------------------------------------------


def stream(
    path: Path,
    is_record: Callable[[list[str]], bool],
    where: str,
    on_other: Callable[[Element, list[str]], None] | None = None,
) -> Iterator[tuple[Element, bytes] | ReadError]:
    """Yield (record element, its raw bytes) for each element whose path of local names
    `is_record` accepts, detached from the tree once read; or one ReadError naming the file
    and line where the XML breaks (the records before it are yielded). Elements outside any
    record are given to `on_other` when they end, then dropped."""
    stack: list[Element] = []
    names: list[str] = []
    inside = 0  # depth of the record being read, 0 when outside any
    try:
        for event, element in iterparse(str(path), events=("start", "end")):
            if event == "start":
                stack.append(element)
                names.append(local(element.tag))
                if not inside and is_record(names):
                    inside = len(stack)
                continue
            depth = len(stack)
            if inside == depth:
                yield element, ET.tostring(element, encoding="utf-8")
                inside = 0
            elif not inside and on_other is not None:
                on_other(element, names)
            stack.pop()
            names.pop()
            if not inside and stack:
                # drop what is read: the tree never holds more than the record being read
                stack[-1].remove(element)
    except XML_ERRORS as exc:
        yield ReadError(_where_broken(where, exc), _("malformed XML: %(error)s") % {"error": exc})
    except OSError as exc:
        yield ReadError(where, _("cannot read: %(error)s") % {"error": exc})


def _where_broken(where: str, exc: Exception) -> str:
    position = getattr(exc, "position", None)
    if isinstance(position, tuple) and position:
        return f"{where}:{position[0]}"
    return where


# -- values ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def number(raw: str) -> float | None:
    """`49,0316` or `13.5` -> float; anything else None (a French decimal comma is common)."""
    raw = raw.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(raw):
        return None
    return float(raw.replace(",", "."))


def integer(raw: str) -> int | None:
    value = number(raw)
    if value is None or value != int(value) or value < 0:
        return None
    return int(value)


def day(raw: str) -> date | None:
    """A date as the feeds write it: ISO `2014-04-01`, `01/04/2014`, or TourinFrance's
    two-digit-year `14-03-26` (year first)."""
    raw = raw.strip()[:10]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def moment(raw: str) -> datetime | None:
    """A French local date-time (`29/11/2022 11:32:41`, or an ISO one), made aware."""
    raw = raw.strip()
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(raw[:19], fmt).replace(tzinfo=PARIS)
        except ValueError:
            continue
    only_day = day(raw)
    if only_day is None:
        return None
    return datetime.combine(only_day, time(0, 0), tzinfo=PARIS)


def clock(raw: str) -> time | None:
    """`10:00`, `10h00`, `10:00:00` -> time."""
    match = re.match(r"^(\d{1,2})\s*[:hH]\s*(\d{2})", raw.strip())
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if hours == 24 and minutes == 0:
        return time(23, 59)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def folded(value: str) -> str:
    """Lower case without accents, for matching labels against keyword tables."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def first_match(label: str, table: Iterable[tuple[tuple[str, ...], Any]]) -> Any:
    """The value of the first row of `table` whose keywords one appears in `label`."""
    name = folded(label)
    for keywords, value in table:
        if any(_has_word(name, word) for word in keywords):
            return value
    return None


def _has_word(name: str, word: str) -> bool:
    """`word` starts a word of `name` (`bar` in `bar a vin`, not in `cabaret`)."""
    start = name.find(word)
    while start != -1:
        if start == 0 or not name[start - 1].isalnum():
            return True
        start = name.find(word, start + 1)
    return False


def coordinates(
    lat_raw: str, lon_raw: str, report: RecordReport, field: tuple[str, str]
) -> tuple[float | None, float | None]:
    """Latitude and longitude, or (None, None) with a warning naming the field when either is
    missing, unreadable or out of range (the rest of the record still imports)."""
    lat, lon = number(lat_raw), number(lon_raw)
    if not lat_raw and not lon_raw:
        return None, None
    if lat is None or lon is None:
        message = _("unreadable coordinates %(lat)r, %(lon)r; dropped")
        report.warn(field[0], message % {"lat": lat_raw, "lon": lon_raw})
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        message = _("coordinates out of range (%(lat)s, %(lon)s); dropped")
        report.warn(field[0], message % {"lat": lat, "lon": lon})
        return None, None
    return lat, lon


def is_absolute_url(value: str) -> bool:
    return bool(re.match(r"^https?://[^\s/]+", value, re.IGNORECASE))


def add_unique(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)


# -- vocabulary -----------------------------------------------------------------------------


#: `VocabularyEntry.code` length: a longer source code is not registered (PostgreSQL would
#: refuse it at the end of the run).
VOCABULARY_CODE_LENGTH = 100


def source_code(prefix: str, raw: str) -> str:
    """`prefix:raw`, a vocabulary code; a source key too long for the catalog's code columns
    is cut and given a hash of the whole (stable, distinct; the raw payload keeps it)."""
    code = f"{prefix}:{raw.strip()}"
    if len(code) <= VOCABULARY_CODE_LENGTH:
        return code
    digest = hashlib.sha1(code.encode()).hexdigest()[:12]
    return f"{code[: VOCABULARY_CODE_LENGTH - 13]}~{digest}"


# -- shared keyword tables ------------------------------------------------------------------

#: Source category labels -> catalog.types codes, most specific first (folded keywords).
TYPE_KEYWORDS: list[tuple[tuple[str, ...], str]] = [
    (("concert", "recital"), "concert"),
    (("exposition",), "exhibition"),
    (("festival",), "festival"),
    (("spectacle", "theatre"), "show"),
    (("marche", "foire", "brocante", "vide-grenier"), "market_fair"),
    (("competition", "manifestation sportive", "evenement sportif"), "sports_event"),
    (("manifestation", "evenement", "event", "fete", "animation", "agenda"), "event"),
    (("auberge de jeunesse",), "hostel"),
    (("village de vacances", "villages de vacances", "centre de vacances"), "holiday_village"),
    (("gite d'etape", "gites d'etape", "gite de groupe", "refuge", "collectif"),
     "collective_accommodation"),
    (("hotel-restaurant", "hotel restaurant"), "hotel_restaurant"),
    (("hotel",), "hotel"),
    (("camping-car", "camping car"), "camper_van_area"),
    (("camping", "plein air"), "campsite"),
    (("chambre d'hote", "chambres d'hote"), "bed_and_breakfast"),
    (("chalet",), "chalet"),
    (("meuble", "gite", "locatif", "location de vacances"), "rental"),
    (("hebergement",), "accommodation"),
    (("ferme-auberge", "ferme auberge"), "farmhouse_inn"),
    (("gastronomique",), "gourmet_restaurant"),
    (("restauration rapide",), "fast_food"),
    (("bar", "cafe", "brasserie"), "cafe_bar"),
    (("restaurant",), "restaurant"),
    (("restauration",), "food"),
    (("musee", "ecomusee"), "museum"),
    (("chateau",), "castle"),
    (("eglise", "abbaye", "chapelle", "cathedrale"), "religious_site"),
    (("parc et jardin", "jardin"), "park_garden"),
    (("grotte", "gouffre"), "cave"),
    (("patrimoine naturel", "site naturel"), "natural_site"),
    (("patrimoine", "monument", "site culturel"), "cultural_site"),
    (("randonnee", "itineraire", "circuit", "balade"), "itinerary"),
    (("piscine", "baignade"), "swimming_pool"),
    (("golf",), "golf_course"),
    (("loisir", "equipement"), "leisure"),
    (("activite", "sport"), "activity"),
    (("degustation", "cave", "vignoble", "producteur"), "tasting"),
    (("office de tourisme", "point info", "syndicat d'initiative"), "tourist_office"),
    (("commerce", "boutique", "magasin"), "shop"),
    (("service",), "service"),
    (("sejour", "forfait", "package"), "package"),
]  # fmt: skip

#: Price labels -> audience codes of `Price.audiences`.
AUDIENCE_KEYWORDS: list[tuple[tuple[str, ...], str]] = [
    (("enfant", "child", "kind"), "children"),
    (("adulte", "adult", "erwachsen"), "adults"),
    (("groupe", "group", "gruppe"), "groups"),
    (("etudiant", "student"), "students"),
    (("senior",), "seniors"),
    (("famille", "family", "familie"), "families"),
    (("bebe", "baby"), "babies"),
    (("jeune", "junior"), "youth"),
]

#: Capacity labels -> `Capacity` fields.
CAPACITY_KEYWORDS: list[tuple[tuple[str, ...], str]] = [
    (("emplacement", "pitch"), "pitches"),
    (("chambre", "room"), "rooms"),
    (("lit", "bed"), "beds"),
    (("couvert", "place assise", "places assises", "siege", "seat"), "seats"),
    (("logement", "gite", "chalet", "appartement", "mobil", "bungalow", "meuble"), "units"),
    (("personne", "pers", "adulte", "occupant"), "persons"),
]


def type_from_labels(labels: Iterable[str], within: str | None = None) -> str | None:
    """The first source category label that names a type, or None. With `within`, only a
    type at or below it (a sub-category may refine the main category, never contradict it)."""
    from opensit.catalog.types import ancestors

    for label in labels:
        found = first_match(label, TYPE_KEYWORDS)
        if found and (within is None or within in ancestors(found)):
            return found
    return None


def audiences(label: str) -> list[str]:
    name = folded(label)
    return [code for words, code in AUDIENCE_KEYWORDS if any(_has_word(name, w) for w in words)]


_BREAKS = re.compile(r"<br\s*/?>", re.IGNORECASE)


def plain(value: str) -> str:
    """Line breaks written as `<br/>` become new lines (the sanitiser handles other tags)."""
    return _BREAKS.sub("\n", value).strip()


_SEASON = re.compile(
    r"\b((?:tr[eè]s\s+)?(?:haute|moyenne|basse)\s+saison|hors[\s-]+saison|"
    r"saison\s+(?:haute|moyenne|basse)|[eé]t[eé]|hiver)\b",
    re.IGNORECASE,
)


def season(label: str) -> dict[str, str]:
    """The season a price label names (`Location Semaine Basse Saison` -> `Basse Saison`)."""
    match = _SEASON.search(label)
    return {"fr": match[1]} if match else {}
