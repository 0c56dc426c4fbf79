"""Apidae `illustrations` and `multimedias` -> media, each with its credit and end of rights.

An illustration has one file per language (`traductionFichiers`); each distinct URL becomes
one media. A broken illustration (no URL) is a warning, never a failed record.
"""

from typing import Any

from django.utils.translation import gettext as _

from opensit.catalog.document import Media
from opensit.connectors.apidae.references import lang_text
from opensit.connectors.apidae.timing import parse_datetime
from opensit.connectors.base import RecordReport
from opensit.core.licences import recognise

MULTIMEDIA_KINDS = {
    "PLAN": "trace",
    "VIDEO": "video",
    "CHAINE_YOUTUBE": "video",
    "CHAINE_DAILYMOTION": "video",
    "DOCUMENT": "document",
    "BROCHURE_VIRTUELLE": "document",
    "BON_PLAN": "document",
    "VISITE_VIRTUELLE": "link",
    "WEBCAM": "link",
    "SON": "audio",
    "LOGO": "image",
    "IMAGE": "image",
}
MIME_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "gpx": "application/gpx+xml",
    "kml": "application/vnd.google-earth.kml+xml",
    "kmz": "application/vnd.google-earth.kmz",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
}
_KNOWN_KEYS = {
    "type",
    "traductionFichiers",
    "nom",
    "legende",
    "copyright",
    "dateLimiteDePublication",
    "link",
}


def _credit(value: Any) -> str:
    texts = lang_text(value)
    return texts.get("fr") or next(iter(texts.values()), "")


def _rights(credit: str) -> dict[str, str]:
    """Apidae media carry no licence, only a `copyright`: the credit. When it states a licence
    ("CC BY-SA Jean Dupont", "Tous droits réservés"), that licence is the medium's; a "©"
    before a name is a credit, not a licence. Otherwise the source's media policy gives one
    at import (`connectors.media_policy`)."""
    code = recognise(credit, copyright_sign=False)
    return {"licence": code, "rights": credit} if code else {}


def _extension(file: dict[str, Any]) -> str:
    ext = str(file.get("extension") or "").lower()
    if not ext:
        url = str(file.get("url") or "").split("?")[0]
        ext = url.rsplit(".", 1)[-1].lower() if "." in url.rsplit("/", 1)[-1] else ""
    return ext


def _one(
    entry: dict[str, Any], kind: str, field: str, report: RecordReport
) -> tuple[list[Media], dict[str, Any]]:
    end = parse_datetime(entry.get("dateLimiteDePublication"), f"{field}.dateLimiteDePublication")
    title = lang_text(entry.get("nom"))
    description = lang_text(entry.get("legende"))
    credit = _credit(entry.get("copyright"))
    out: list[Media] = []
    seen: set[str] = set()
    for file in entry.get("traductionFichiers") or []:
        url = str(file.get("url") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        ext = _extension(file)
        media_kind = kind
        if kind == "document" and ext in ("gpx", "kml", "kmz"):
            media_kind = "trace"
        out.append(
            Media(
                kind=media_kind,
                url=url,
                title=title,
                description=description,
                credit=credit,
                **_rights(credit),
                publication_end=end.date() if end else None,
                mime_type=MIME_TYPES.get(ext, ""),
                width=file.get("largeur") if isinstance(file.get("largeur"), int) else None,
                height=file.get("hauteur") if isinstance(file.get("hauteur"), int) else None,
            )
        )
    if not out:
        report.warn(f"{field}.traductionFichiers", _("no file URL; the media is skipped"))
    rest = {k: v for k, v in entry.items() if k not in _KNOWN_KEYS}
    return out, rest


def media(obj: dict[str, Any], report: RecordReport) -> tuple[list[Media], dict[str, Any]]:
    """Illustrations first (the first one, or `imagePrincipale`, is the main image), then the
    multimedias. `images` and `imagePrincipale` repeat illustrations in the 2014 format."""
    out: list[Media] = []
    leftovers: dict[str, Any] = {}
    for key, default_kind in (("illustrations", "image"), ("multimedias", "")):
        for index, entry in enumerate(obj.get(key) or []):
            if not isinstance(entry, dict):
                continue
            kind = default_kind or MULTIMEDIA_KINDS.get(str(entry.get("type")), "document")
            items, rest = _one(entry, kind, f"{key}[{index}]", report)
            out.extend(items)
            if rest:
                leftovers.setdefault(key, []).append(rest)
    urls = {m.url for m in out}
    for key in ("imagePrincipale", "imagePrincipaleHiver", "images"):
        entries = obj.get(key)
        entries = entries if isinstance(entries, list) else [entries] if entries else []
        for index, entry in enumerate(entries):
            items, _rest = _one(entry, "image", f"{key}[{index}]", report)
            out.extend(m for m in items if m.url not in urls)
            urls.update(m.url for m in items)
    main_url = ""
    principal = obj.get("imagePrincipale")
    if isinstance(principal, dict):
        main_url = next((f.get("url") for f in principal.get("traductionFichiers") or []), "")
    images = [m for m in out if m.kind == "image"]
    main = next((m for m in images if m.url == main_url), images[0] if images else None)
    if main is not None:
        main.main = True
    winter = obj.get("imagePrincipaleHiver")
    if isinstance(winter, dict):  # the winter aspect's main image, kept by URL
        files = winter.get("traductionFichiers") or [{}]
        leftovers["imagePrincipaleHiver"] = files[0].get("url", "")
    return out, leftovers
