"""Vocabulary governance: network admins add, translate and deprecate entries (naming a
replacement); other organisations request new entries, which network admins review."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog.models import VocabularyEntry, VocabularyRequest
from opensit.core.audit import log_action
from opensit.network.models import Membership
from opensit.network.permissions import Actor, require

Scheme = VocabularyEntry.Scheme


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
    """Deprecated entries stay readable (old records keep them) but are not offered anymore."""
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
    log_action(actor, "vocabulary.deprecate", code, replaced_by=replaced_by)
    return entry


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
