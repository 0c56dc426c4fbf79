"""Vocabulary governance: network admins add, translate and deprecate entries (naming a
replacement); other organisations request new entries, which network admins review.

Deprecating an entry with a replacement rewrites the objects that use the old code, in batches,
through the catalog's write steps: each object gets a revision and a change-log entry.
"""

import json
from typing import Any

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject, VocabularyEntry, VocabularyRequest
from opensit.catalog.pipeline import Change, commit
from opensit.core.audit import log_action
from opensit.network.models import Membership
from opensit.network.permissions import Actor, require

Scheme = VocabularyEntry.Scheme
# Where documents hold vocabulary codes: top-level lists, and the pricing's payment methods.
CODE_LISTS = ("classifications", "labels", "amenities", "themes", "accessibility", "languages")
REWRITE_BATCH = 200


def _require_network_admin(actor: Actor) -> None:
    require(actor.is_network_admin, _("Only network admins manage the vocabularies."))


def _entry(code: str) -> VocabularyEntry:
    entry = VocabularyEntry.objects.filter(code=code).first()
    if entry is None:
        raise ValueError(_("Unknown vocabulary code: %(code)s") % {"code": code})
    return entry


def _check_new(scheme: str, code: str, labels: dict[str, str]) -> None:
    if scheme not in Scheme.values:
        raise ValueError(_("Unknown vocabulary scheme: %(scheme)s") % {"scheme": scheme})
    if not code.strip():
        raise ValueError(_("A vocabulary code is required."))
    if not any(value.strip() for value in labels.values()):
        raise ValueError(_("A label is required for %(code)s.") % {"code": code})
    if VocabularyEntry.objects.filter(code=code).exists():
        raise ValueError(_("The vocabulary code %(code)s already exists.") % {"code": code})


@transaction.atomic
def add_entry(
    actor: Actor, scheme: str, code: str, labels: dict[str, str], parent: str = ""
) -> VocabularyEntry:
    _require_network_admin(actor)
    _check_new(scheme, code, labels)
    entry = VocabularyEntry.objects.create(
        scheme=scheme, code=code, labels=labels, parent=parent, created_by=actor.organisation
    )
    log_action(actor, "vocabulary.add", code, labels=labels)
    return entry


@transaction.atomic
def translate_entry(actor: Actor, code: str, language: str, label: str) -> VocabularyEntry:
    _require_network_admin(actor)
    entry = _entry(code)
    if label.strip():
        entry.labels = {**entry.labels, language: label.strip()}
    else:
        entry.labels = {k: v for k, v in entry.labels.items() if k != language}
    entry.save(update_fields=["labels"])
    log_action(actor, "vocabulary.translate", code, language=language, label=label)
    return entry


@transaction.atomic
def deprecate_entry(actor: Actor, code: str, replaced_by: str = "") -> VocabularyEntry:
    """Deprecated entries stay readable but are not offered anymore. With a replacement, the
    objects using `code` are rewritten to it (`replace_code`); without one they keep it."""
    _require_network_admin(actor)
    entry = _entry(code)
    if replaced_by:
        replacement = _entry(replaced_by)
        if replacement.deprecated or replacement.code == code:
            raise ValueError(
                _("%(code)s cannot replace %(old)s.") % {"code": replaced_by, "old": code}
            )
    entry.deprecated = True
    entry.replaced_by = replaced_by
    entry.save(update_fields=["deprecated", "replaced_by"])
    rewritten = replace_code(actor, code, replaced_by) if replaced_by else 0
    log_action(actor, "vocabulary.deprecate", code, replaced_by=replaced_by, objects=rewritten)
    return entry


def _swap(codes: list[str], old: str, new: str) -> list[str]:
    out: list[str] = []
    for code in codes:
        code = new if code == old else code
        if code not in out:
            out.append(code)
    return out


def uses_code(document: dict[str, Any], code: str) -> bool:
    if any(code in document.get(key, []) for key in CODE_LISTS):
        return True
    return code in (document.get("pricing") or {}).get("payment_methods", [])


def rewrite_document(document: dict[str, Any], old: str, new: str) -> dict[str, Any] | None:
    """The document with `old` replaced by `new` in every code list; None if it has no `old`."""
    changed = False
    doc = dict(document)
    for key in CODE_LISTS:
        if old in doc.get(key, []):
            doc[key] = _swap(doc[key], old, new)
            changed = True
    pricing = doc.get("pricing") or {}
    if old in pricing.get("payment_methods", []):
        doc["pricing"] = {**pricing, "payment_methods": _swap(pricing["payment_methods"], old, new)}
        changed = True
    return doc if changed else None


def objects_using(code: str) -> list[str]:
    """Ids of the live objects whose document holds `code`: a text pre-filter on the JSON
    (UTF-8 or ASCII-escaped, as either may be stored), confirmed on the parsed document."""
    text = Cast("document", TextField())
    needles = {f'"{code}"', json.dumps(code)}
    match = Q()
    for needle in needles:
        match |= Q(text__contains=needle)
    rows = (
        TourismObject.objects.exclude(status=TourismObject.Status.DELETED)
        .annotate(text=text)
        .filter(match)
        .values_list("id", "document")
    )
    return [pk for pk, document in rows if uses_code(document, code)]


def replace_code(actor: Actor, old: str, new: str, batch: int = REWRITE_BATCH) -> int:
    """Rewrite every object using `old` to `new`, `batch` objects per transaction; each object
    gets a new version, a revision (action `vocabulary`) and a change-log entry. Returns the
    number of objects rewritten."""
    _require_network_admin(actor)
    ids = objects_using(old)
    comment = _("Vocabulary: %(old)s replaced by %(new)s") % {"old": old, "new": new}
    done = 0
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            changes = []
            for obj in TourismObject.objects.select_for_update().filter(
                pk__in=ids[start : start + batch]
            ):
                document = rewrite_document(obj.document, old, new)
                if document is not None:
                    changes.append(Change(obj, TourismDocument.model_validate(document)))
            done += len(commit(actor, changes, action="vocabulary", comment=comment))
    return done


def active_entries(scheme: str) -> list[VocabularyEntry]:
    return list(VocabularyEntry.objects.filter(scheme=scheme, deprecated=False))


@transaction.atomic
def request_entry(
    actor: Actor, scheme: str, code: str, labels: dict[str, str], reason: str = ""
) -> VocabularyRequest:
    require(
        actor.is_network_admin or actor.role in (Membership.Role.ADMIN, Membership.Role.EDITOR),
        _("You may not request vocabulary entries."),
    )
    _check_new(scheme, code, labels)
    request = VocabularyRequest.objects.create(
        scheme=scheme,
        code=code,
        labels=labels,
        reason=reason,
        requested_by=actor.user,
        organisation=actor.organisation,
        created_at=timezone.now(),
    )
    log_action(actor, "vocabulary.request", code, request=request.pk)
    return request


@transaction.atomic
def review_request(
    actor: Actor, request: VocabularyRequest, approve: bool, comment: str = ""
) -> VocabularyRequest:
    """Approving creates the entry; rejecting needs a comment."""
    _require_network_admin(actor)
    request = VocabularyRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != VocabularyRequest.Status.PENDING:
        raise ValueError(_("This request was already reviewed."))
    if approve:
        add_entry(actor, request.scheme, request.code, request.labels)
        request.status = VocabularyRequest.Status.APPROVED
    else:
        if not comment.strip():
            raise ValueError(_("A rejection needs a comment."))
        request.status = VocabularyRequest.Status.REJECTED
    request.reviewer = actor.user
    request.review_comment = comment
    request.reviewed_at = timezone.now()
    request.save()
    log_action(actor, "vocabulary.review", request.code, approved=approve, comment=comment)
    return request
