"""The public form of an object (`formats.public`), rendered once per language when the
object is written (`diffusion.parts`). The bytes are stored in `PublicDocument` and the API
splices them into responses as they are.
"""

import hashlib
from datetime import date
from typing import Any

import orjson
from django.db import transaction
from django.utils import timezone

from opensit.catalog.models import TourismObject
from opensit.core.langtext import active_languages, pick
from opensit.core.logorder import ordered_append
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.formats.public import public_form

ALL = PublicDocument.ALL_LANGUAGES


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
    one per language. Plain dicts, so that the write pipeline builds rows without model
    instances (`diffusion.parts`)."""
    base = public_form(obj.document, today)
    stale_after = next_media_end(obj.document, today)
    langs = tuple(active_languages())
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


@transaction.atomic
def refresh_stale(today: date | None = None, ids: set[str] | None = None) -> int:
    """Render again the objects whose media publication ended since their last render; the
    feed tells consumers they changed.

    One transaction, whose reads go to the primary even in a request that reads a replica
    (`core.routers`): a lagging replica's stale rows are checked against the primary, and
    rendered once, not again by every request until the replica has replayed the first."""
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
    with ordered_append():  # the feed commits in seq order
        FeedEntry.objects.bulk_create(
            [
                FeedEntry(object_id=obj.id, action=FeedEntry.Action.UPDATED, updated_at=now)
                for obj in objects
            ]
        )
    return len(objects)
