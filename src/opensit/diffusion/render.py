"""The public representation of an object, rendered once per language when it is written.

Private data (document.private, contacts marked not public, raw source leftovers) never enters
it; media whose licence is not open or whose publication has ended are left out. The bytes are
stored in `PublicDocument` and the API splices them into responses as they are.
"""

import hashlib
from datetime import date
from typing import Any

import orjson
from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from opensit.catalog.models import TourismObject
from opensit.catalog.signals import objects_written
from opensit.catalog.types import TYPES, ancestors
from opensit.core import bulk
from opensit.core.langtext import pick
from opensit.core.licences import licence_info
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.formats import enrich
from opensit.formats.public import is_diffusable_medium

ALL = PublicDocument.ALL_LANGUAGES
# Never diffused: internal notes, provider-only data, raw source leftovers, storage fields.
PRIVATE_KEYS = ("private", "extra", "coeditors", "status")


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _diffusable_media(media: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """The media that may be diffused (`formats.public.is_diffusable_medium`), each with its
    licence's code, name, URL and openness, as a consumer needs them to credit it."""
    return [
        {**medium, "licence": licence_info(medium.get("licence"))}
        for medium in media
        if is_diffusable_medium(medium, today)
    ]


def _public_aspects(aspects: dict[str, Any], today: date) -> dict[str, Any]:
    """Aspects as diffused: their media go through the same rules as the main ones."""
    out = {}
    for code, aspect in aspects.items():
        if not aspect:
            continue
        aspect = enrich.with_opening_summary(aspect) if aspect.get("opening") else aspect
        if "media" in aspect:
            aspect = {**aspect, "media": _diffusable_media(aspect["media"], today)}
        out[code] = aspect
    return out


def public_dict(
    document: dict[str, Any], today: date | None = None, aspect: str | None = None
) -> dict[str, Any]:
    """The all-languages public form of a stored document (texts stay language maps), seen
    through `aspect` when one is asked for (`formats.enrich.apply_aspect`). The opening
    summary is the source's text, else the one written from the periods; `available_aspects`
    lists the aspects a consumer can ask for."""
    today = today or timezone.localdate()
    seen = enrich.apply_aspect(document, aspect, lambda m: is_diffusable_medium(m, today))
    document = enrich.with_opening_summary(seen)
    out = {key: value for key, value in document.items() if key not in PRIVATE_KEYS}
    out["contacts"] = [
        {k: v for k, v in contact.items() if k != "public"}
        for contact in document.get("contacts", [])
        if contact.get("public", True)
    ]
    out["media"] = _diffusable_media(document.get("media", []), today)
    out["licence"] = licence_info(document.get("licence", settings.OPENSIT_DEFAULT_LICENCE))
    if document.get("aspects"):
        out["aspects"] = _public_aspects(document["aspects"], today)
    out["available_aspects"] = enrich.aspects_of(document)
    if document.get("type") in TYPES:
        out["type_path"] = list(reversed(ancestors(document["type"])))
    return out


def _is_lang_text(value: Any) -> bool:
    """A language map: a non-empty dict of two-letter codes to strings (a plain loop: this
    runs on every dict of every document rendered)."""
    if not value or type(value) is not dict:
        return False
    for key, text in value.items():
        if type(key) is not str or len(key) != 2 or type(text) is not str:
            return False
    return True


def localise(value: Any, lang: str) -> Any:
    """Every language map becomes the string in `lang` (with the usual fallbacks)."""
    variants = _localise_all(value, (lang,))
    return value if variants is None else variants[0]


def _localise_all(value: Any, langs: tuple[str, ...]) -> list[Any] | None:
    """`localise(value, lang)` for each of `langs` in one pass, or None when `value` holds no
    language map (then it is the same in every language and is shared, not copied)."""
    if isinstance(value, dict):
        if _is_lang_text(value):
            return [pick(value, lang) for lang in langs]
        changed = None
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                sub = _localise_all(item, langs)
                if sub is not None:
                    if changed is None:
                        changed = {}
                    changed[key] = sub
        if changed is None:
            return None
        out = []
        for n in range(len(langs)):
            copy = dict(value)
            for key, sub in changed.items():
                copy[key] = sub[n]
            out.append(copy)
        return out
    if isinstance(value, list):
        changed = None
        for pos, item in enumerate(value):
            if isinstance(item, (dict, list)):
                sub = _localise_all(item, langs)
                if sub is not None:
                    if changed is None:
                        changed = {}
                    changed[pos] = sub
        if changed is None:
            return None
        out = []
        for n in range(len(langs)):
            copy = list(value)
            for pos, sub in changed.items():
                copy[pos] = sub[n]
            out.append(copy)
        return out
    return None


def next_media_end(document: dict[str, Any], today: date) -> date | None:
    """The first future publication end: the rendered form must be refreshed after it."""
    media = [
        *document.get("media", []),
        *(m for a in (document.get("aspects") or {}).values() for m in (a or {}).get("media", [])),
    ]
    ends = [date.fromisoformat(m["publication_end"]) for m in media if m.get("publication_end")]
    future = [end for end in ends if end >= today]
    return min(future) if future else None


def public_values(obj: TourismObject, today: date) -> list[dict[str, Any]]:
    """The field values of the object's `PublicDocument` rows: the all-languages form, then
    one per language. Plain dicts, so that the import's fast path builds rows without model
    instances (`diffusion.fresh_parts`)."""
    base = public_dict(obj.document, today)
    stale_after = next_media_end(obj.document, today)
    langs = tuple(languages())
    variants = _localise_all(base, langs) or [base] * len(langs)
    forms = [(ALL, base)] + [
        (lang, {**data, "lang": lang}) for lang, data in zip(langs, variants, strict=True)
    ]
    values = []
    for lang, data in forms:
        body = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        values.append(
            {
                "object_id": obj.id,
                "lang": lang,
                "body": body,
                "etag": hashlib.sha1(body).hexdigest(),
                "updated_at": obj.updated_at,
                "stale_after": stale_after,
            }
        )
    return values


def render_rows(obj: TourismObject, today: date | None = None) -> list[PublicDocument]:
    """One unsaved `PublicDocument` per language, plus the all-languages form."""
    return [PublicDocument(**v) for v in public_values(obj, today or timezone.localdate())]


def sync_public_documents(objects: list[TourismObject]) -> list[FeedEntry]:
    """Render published objects, drop the others' public form; return the feed entries
    of every change of public state (a never-published draft changes nothing public)."""
    ids = [obj.id for obj in objects]
    was_public = set(
        PublicDocument.objects.filter(object_id__in=ids, lang=ALL).values_list(
            "object_id", flat=True
        )
    )
    PublicDocument.objects.filter(object_id__in=ids).delete()
    rows: list[PublicDocument] = []
    entries: list[FeedEntry] = []
    for obj in objects:
        if obj.status == TourismObject.Status.PUBLISHED:
            rows.extend(render_rows(obj))
            action = FeedEntry.Action.UPDATED if obj.id in was_public else FeedEntry.Action.CREATED
        elif obj.id in was_public:
            action = (
                FeedEntry.Action.DELETED
                if obj.status == TourismObject.Status.DELETED
                else FeedEntry.Action.UNPUBLISHED
            )
        else:
            continue
        entries.append(FeedEntry(object_id=obj.id, action=action, updated_at=obj.updated_at))
    bulk.insert(PublicDocument, rows)
    FeedEntry.objects.bulk_create(entries, batch_size=500)
    return entries


@receiver(objects_written, dispatch_uid="diffusion.render_public_documents")
def _on_objects_written(sender: Any, objects: list[TourismObject], **kwargs: Any) -> None:
    if kwargs.get("fresh"):  # written by the fast creation path (diffusion.fresh_parts)
        return
    sync_public_documents(list(objects))


def refresh_stale(today: date | None = None, ids: set[str] | None = None) -> int:
    """Render again the objects whose media publication ended since their last render; the
    feed tells consumers they changed."""
    today = today or timezone.localdate()
    stale = PublicDocument.objects.filter(stale_after__lt=today)
    if ids is not None:
        stale = stale.filter(object_id__in=ids)
    stale_ids = set(stale.values_list("object_id", flat=True))
    if not stale_ids:
        return 0
    objects = list(TourismObject.objects.filter(id__in=stale_ids))
    PublicDocument.objects.filter(object_id__in=stale_ids).delete()
    rows = [
        row
        for obj in objects
        if obj.status == TourismObject.Status.PUBLISHED
        for row in render_rows(obj, today)
    ]
    PublicDocument.objects.bulk_create(rows, batch_size=500)
    now = timezone.now()
    FeedEntry.objects.bulk_create(
        [
            FeedEntry(object_id=obj.id, action=FeedEntry.Action.UPDATED, updated_at=now)
            for obj in objects
        ]
    )
    return len(objects)
