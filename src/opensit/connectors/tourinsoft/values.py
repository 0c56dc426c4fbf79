"""Tourinsoft syndication values: the delimited strings of v2 feeds and the dates of both versions.

A v2 syndication flattens lists into one string: items separated by `#`, the parts of an item
by `|`, and a list inside a part by `$` (`"Téléphone filaire|02 37 53 43 60#Mél|a@b.fr"`).
These parsers never raise on odd input: what cannot be read comes back empty, and the mapping
warns naming the field.
"""

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

ITEM, PART, SUBPART = "#", "|", "$"
PARIS = ZoneInfo("Europe/Paris")

#: Spoken languages as Tourinsoft lists name them (slugs) -> ISO 639-1 / BCP 47.
LANGUAGE_NAMES = {
    "francais": "fr", "anglais": "en", "allemand": "de", "italien": "it", "espagnol": "es",
    "neerlandais": "nl", "hollandais": "nl", "flamand": "nl", "portugais": "pt", "russe": "ru",
    "chinois": "zh", "japonais": "ja", "arabe": "ar", "polonais": "pl", "danois": "da",
    "suedois": "sv", "norvegien": "no", "finnois": "fi", "tcheque": "cs", "grec": "el",
    "turc": "tr", "hebreu": "he", "hongrois": "hu", "roumain": "ro", "coreen": "ko",
    "catalan": "ca", "occitan": "oc", "breton": "br", "basque": "eu", "corse": "co",
    "alsacien": "gsw", "croate": "hr", "slovaque": "sk", "slovene": "sl", "bulgare": "bg",
    "ukrainien": "uk", "hindi": "hi", "langue-des-signes-francaise": "fsl", "lsf": "fsl",
}  # fmt: skip
_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?$")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_INSEE = re.compile(r"^\d[\dAB]\d{3}$")
_POSTAL = re.compile(r"^\d{5}$")


def slug(value: str) -> str:
    """Lower case, no accents, words joined by `-`: to compare labels and make codes."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def text(value: Any) -> str:
    """A scalar as stripped text ('' for None, lists and objects)."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def items(value: Any, separator: str = ITEM) -> list[str]:
    """The non-empty items of a `#`-separated string (a JSON list of strings is accepted)."""
    if isinstance(value, list):
        return [t for v in value if (t := text(v))]
    return [t for part in text(value).split(separator) if (t := part.strip())]


def parts(item: str) -> list[str]:
    return [p.strip() for p in item.split(PART)]


def parse_datetime(value: Any) -> datetime | None:
    """`/Date(ms)/` (v2), ISO 8601 (v3; without offset: French local time) or `dd/mm/yyyy`."""
    raw = text(value)
    if not raw:
        return None
    found = _MS_DATE.match(raw.replace("\\/", "/"))
    if found:
        try:
            return datetime.fromtimestamp(0, UTC) + timedelta(milliseconds=int(found.group(1)))
        except OverflowError:
            return None
    if _ISO_DATE.match(raw):
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS)
    day = parse_date(raw)
    return datetime.combine(day, time(), PARIS) if day else None


def parse_date(value: Any) -> date | None:
    """`dd/mm/yyyy`, ISO or `/Date(ms)/` -> a date; None when it is not one."""
    raw = text(value)
    if not raw:
        return None
    found = _FR_DATE.match(raw)
    try:
        if found:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        if _ISO_DATE.match(raw):
            return date.fromisoformat(raw[:10])
    except ValueError:
        return None
    if _MS_DATE.match(raw.replace("\\/", "/")):  # not any "/Date(": parse_datetime comes back
        moment = parse_datetime(raw)
        return moment.astimezone(PARIS).date() if moment else None
    return None


def parse_time(value: str) -> time | None:
    """`08:00`, `8h`, `18h30` -> a time; None otherwise."""
    found = _TIME.match(value.strip())
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if hour == 24 and minute == 0:
        return time(23, 59)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_number(value: Any) -> float | None:
    """The first number of `45,50 €`, `1 200`, `45.5`; None when there is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    raw = text(value).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    found = _NUMBER.search(raw)
    if not found:
        return None
    number = float(found.group().replace(",", "."))
    return number if number == number and abs(number) != float("inf") else None


def parse_count(value: Any) -> int | None:
    number = parse_number(value)
    if number is None or number < 0 or number > 10_000_000:
        return None
    return int(number)


def is_insee(value: str) -> bool:
    return bool(_INSEE.match(value.upper()))


def split_address(value: Any) -> tuple[list[str], str, str, str]:
    """`AdresseComplete` -> (lines, postal code, commune name, INSEE code).

    Real feeds give `line1|line2|line3|postal code|commune|INSEE`, some with one more line
    (Geotrek-admin saw 6 and 7 parts): the INSEE code is the last part when it looks like one,
    the postal code the last five-digit part before the commune.
    """
    pieces = parts(text(value))
    insee = ""
    if len(pieces) >= 3 and is_insee(pieces[-1]):
        insee = pieces.pop().upper()
    postal, commune = "", ""
    for index in range(len(pieces) - 1, -1, -1):
        if _POSTAL.match(pieces[index]) and index < len(pieces) - 1:
            postal = pieces[index]
            commune = " ".join(p for p in pieces[index + 1 :] if p)
            pieces = pieces[:index]
            break
    return [p for p in pieces if p], postal, commune, insee
