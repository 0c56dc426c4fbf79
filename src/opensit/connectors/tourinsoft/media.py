"""Tourinsoft photos, videos and documents -> media, each with its title, credit and licence.

v2 gives `url|title|credit#...` (a further part may be a licence or the end of publication,
recognised by its look); v3 gives lists of objects (`MediaPhotoss: [{"Photo": {"Url",
"Titre", "Credit"}}]`). A media without a URL is a warning, never a failed record.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Media
from opensit.connectors.base import RecordReport
from opensit.connectors.tourinsoft.values import (
    PARIS,
    items,
    parse_date,
    parse_datetime,
    parts,
    slug,
    text,
)

#: Keys of a v3 media object, by what they hold (compared lower case).
URL_KEYS = ("url", "lien", "uri", "fichier")
TITLE_KEYS = ("titre", "title", "nom", "libelle")
DESCRIPTION_KEYS = ("legende", "description", "descriptif")
CREDIT_KEYS = ("credit", "credits", "copyright", "auteur", "photographe")
LICENCE_KEYS = ("licence", "license", "droits")
END_KEYS = ("datefinpublication", "datefin", "finpublication", "datelimitepublication")
KNOWN_KEYS = {*URL_KEYS, *TITLE_KEYS, *DESCRIPTION_KEYS, *CREDIT_KEYS, *LICENCE_KEYS, *END_KEYS}
_LICENCE = re.compile(
    r"^(cc[\s-]|cc0|creative commons|licence ouverte|etalab|odbl|domaine public|public domain)",
    re.IGNORECASE,
)
MIME_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "mp4": "video/mp4",
    "mp3": "audio/mpeg",
    "gpx": "application/gpx+xml",
    "kml": "application/vnd.google-earth.kml+xml",
}


def media_kind(key: str, url: str) -> str:
    """`image`, `video`, `document` or `audio`, by the field's name and the file's extension."""
    extension = _extension(url)
    lowered = key.lower()
    if "video" in lowered or extension == "mp4":
        return "video"
    if "audio" in lowered or "son" in lowered.split("_") or extension == "mp3":
        return "audio"
    if extension in ("gpx", "kml"):
        return "trace"
    if any(w in lowered for w in ("document", "brochure", "pdf", "plan")) or extension == "pdf":
        return "document"
    return "image"


def _extension(url: str) -> str:
    path = url.split("?", 1)[0].rsplit("/", 1)[-1]
    return path.rsplit(".", 1)[-1].lower() if "." in path else ""


def licence_code(value: str) -> str:
    """A licence as a code: `CC BY-SA 4.0` -> `cc-by-sa-4.0`, `Licence Ouverte` -> `etalab-2.0`."""
    key = slug(value.replace(".", "_")).replace("_", ".")
    if key.startswith(("licence-ouverte", "etalab")):
        return "etalab-2.0"
    return key


def _rest(pieces: list[str]) -> tuple[str, Any, str]:
    """Further v2 parts: a date is the end of publication, a licence name the licence, the
    rest the description."""
    licence, end, notes = "", None, []
    for piece in pieces:
        day = parse_date(piece)
        if day is not None:
            end = day
        elif _LICENCE.match(piece):
            licence = licence_code(piece)
        else:
            notes.append(piece)
    return licence, end, " ".join(notes)


def absolute_url(url: str) -> str:
    """`//host/a.jpg` and `host/a.jpg` (seen in feeds) as absolute URLs; others unchanged."""
    if url.startswith("//"):
        return f"https:{url}"
    if "://" not in url and re.match(r"^[\w-]+(\.[\w-]+)+/", url):
        return f"http://{url}"
    return url


def _media(key: str, url: str, main: bool, **values: Any) -> Media:
    url = absolute_url(url)
    title, description = values.pop("title", ""), values.pop("description", "")
    return Media(
        kind=media_kind(key, url),
        url=url,
        title={"fr": title} if title else {},
        description={"fr": description} if description else {},
        mime_type=MIME_TYPES.get(_extension(url), ""),
        main=main,
        **values,
    )


def from_string(key: str, value: Any, report: RecordReport, first: bool) -> list[Media]:
    """The media of a v2 `url|title|credit#...` string."""
    out = []
    for index, item in enumerate(items(value)):
        pieces = parts(item)
        if not pieces[0]:
            report.warn(f"{key}[{index}]", _("media without a URL; ignored"))
            continue
        title = pieces[1] if len(pieces) > 1 else ""
        credit = pieces[2] if len(pieces) > 2 else ""
        licence, end, description = _rest(pieces[3:])
        out.append(
            _media(
                key,
                pieces[0],
                first and not out,
                title=title,
                description=description,
                credit=credit,
                licence=licence,
                publication_end=end,
            )
        )
    return out


def _pick(obj: dict[str, Any], names: tuple[str, ...]) -> tuple[str, str]:
    for name, value in obj.items():
        if name.lower() in names and text(value):
            return name, text(value)
    return "", ""


def from_objects(
    key: str, values: list[Any], report: RecordReport, first: bool
) -> tuple[list[Media], list[str]]:
    """The media of a v3 list of objects, and the paths of the sub-keys no rule knows."""
    out: list[Media] = []
    unknown: list[str] = []
    for index, entry in enumerate(values):
        path = f"{key}[]"
        obj = entry
        if isinstance(obj, dict) and len(obj) == 1 and isinstance(next(iter(obj.values())), dict):
            inner = next(iter(obj))
            obj, path = obj[inner], f"{path}.{inner}"
        if not isinstance(obj, dict):
            report.warn(f"{key}[{index}]", _("media is not an object; ignored"))
            continue
        for name, value in obj.items():
            if name.lower() not in KNOWN_KEYS and value not in (None, "", [], {}):
                unknown.append(f"{path}.{name}")
        url = _pick(obj, URL_KEYS)[1]
        if not url:
            report.warn(f"{key}[{index}]", _("media without a URL; ignored"))
            continue
        end = parse_datetime(_pick(obj, END_KEYS)[1])
        licence = _pick(obj, LICENCE_KEYS)[1]
        media = _media(
            key,
            url,
            first and not out,
            title=_pick(obj, TITLE_KEYS)[1],
            description=_pick(obj, DESCRIPTION_KEYS)[1],
            credit=_pick(obj, CREDIT_KEYS)[1],
            licence=licence_code(licence) if licence else "",
            publication_end=end.astimezone(PARIS).date() if end else None,
        )
        out.append(media)
    return out, unknown
