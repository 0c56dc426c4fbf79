"""The only code that changes diffusion projects, keys, selections and webhooks.

Network admins validate and suspend projects; an organisation's admins manage its own projects
(keys, webhooks, scope); editors of an organisation maintain its selections. Every change is
audited through `log_action`.
"""

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.core.audit import log_action
from opensit.core.langtext import active_languages
from opensit.diffusion import keys
from opensit.diffusion.models import (
    ApiKey,
    DiffusionProject,
    FeedEntry,
    Selection,
    Webhook,
)
from opensit.diffusion.selections import check_query, evaluate
from opensit.diffusion.webhook_targets import check_target
from opensit.network.models import Membership, Organisation
from opensit.network.permissions import EDIT_ROLES, Actor, require

Status = DiffusionProject.Status


def _is_org_admin(actor: Actor, organisation: Organisation) -> bool:
    return (
        actor.organisation is not None
        and actor.organisation.pk == organisation.pk
        and actor.role == Membership.Role.ADMIN
    )


def can_manage_project(actor: Actor, project: DiffusionProject) -> bool:
    return actor.is_network_admin or _is_org_admin(actor, project.organisation)


def can_edit_selection(actor: Actor, selection: Selection) -> bool:
    if actor.is_network_admin:
        return True
    return (
        actor.organisation is not None
        and actor.organisation.pk == selection.organisation_id
        and actor.role in EDIT_ROLES
    )


def _check_url(url: str, field: str) -> None:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValueError(
            _("%(field)s: “%(url)s” is not a valid URL.") % {"field": field, "url": url}
        ) from exc


# --- Projects ---------------------------------------------------------------------------------


@transaction.atomic
def create_project(
    actor: Actor,
    name: str,
    *,
    organisation: Organisation | None = None,
    contact: str = "",
    url: str = "",
    languages: Iterable[str] = (),
    tier: str = DiffusionProject.Tier.BASIC,
    selections: Iterable[Selection] = (),
) -> DiffusionProject:
    """Register a project; it stays pending until a network admin validates it."""
    organisation = organisation or actor.organisation
    require(organisation is not None, _("A project belongs to an organisation."))
    require(
        actor.is_network_admin or _is_org_admin(actor, organisation),
        _("Only the admins of %(org)s may register its projects.") % {"org": organisation},
    )
    if not name.strip():
        raise ValueError(_("name: a project needs a name."))
    langs = list(languages) or active_languages()[:1]
    unknown = [code for code in langs if code not in active_languages()]
    if unknown:
        raise ValueError(_("languages: unknown language “%(code)s”.") % {"code": unknown[0]})
    if tier not in DiffusionProject.Tier.values:
        raise ValueError(_("tier: unknown tier “%(tier)s”.") % {"tier": tier})
    if url:
        _check_url(url, "url")
    chosen = list(selections)
    project = DiffusionProject.objects.create(
        organisation=organisation,
        name=name.strip(),
        contact=contact,
        url=url,
        languages=langs,
        tier=tier,
        scope=DiffusionProject.Scope.SELECTIONS if chosen else DiffusionProject.Scope.ALL,
    )
    project.selections.set(chosen)
    log_action(actor, "diffusion.project_create", str(project.pk), name=project.name)
    return project


def _set_status(actor: Actor, project: DiffusionProject, status: str, reason: str) -> None:
    require(actor.is_network_admin, _("Only network admins validate or suspend projects."))
    project.status = status
    project.status_reason = reason
    if status == Status.ACTIVE:
        project.validated_at = timezone.now()
    project.save(update_fields=["status", "status_reason", "validated_at"])
    log_action(actor, "diffusion.project_status", str(project.pk), status=status, reason=reason)


@transaction.atomic
def validate_project(actor: Actor, project: DiffusionProject) -> DiffusionProject:
    """Pending or suspended -> active."""
    _set_status(actor, project, Status.ACTIVE, "")
    return project


@transaction.atomic
def suspend_project(actor: Actor, project: DiffusionProject, reason: str) -> DiffusionProject:
    if not reason.strip():
        raise ValueError(_("reason: a reason is required."))
    _set_status(actor, project, Status.SUSPENDED, reason)
    return project


@transaction.atomic
def set_scope(
    actor: Actor, project: DiffusionProject, selections: Iterable[Selection] | None
) -> None:
    """None opens the whole catalog; a list restricts the project to those selections."""
    require(can_manage_project(actor, project), _("You may not manage this project."))
    if selections is None:
        project.scope = DiffusionProject.Scope.ALL
        project.selections.clear()
    else:
        project.scope = DiffusionProject.Scope.SELECTIONS
        project.selections.set(list(selections))
    project.save(update_fields=["scope"])
    log_action(actor, "diffusion.project_scope", str(project.pk), scope=project.scope)


# --- Keys -------------------------------------------------------------------------------------


@transaction.atomic
def create_key(actor: Actor, project: DiffusionProject, name: str = "") -> tuple[ApiKey, str]:
    """A new key; the raw key is returned here once and never stored."""
    require(can_manage_project(actor, project), _("You may not manage this project."))
    raw, prefix, digest = keys.generate_key()
    key = ApiKey.objects.create(project=project, name=name, prefix=prefix, key_hash=digest)
    log_action(actor, "diffusion.key_create", str(project.pk), prefix=prefix)
    return key, raw


@transaction.atomic
def revoke_key(actor: Actor, key: ApiKey) -> ApiKey:
    require(can_manage_project(actor, key.project), _("You may not manage this project."))
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        log_action(actor, "diffusion.key_revoke", str(key.project_id), prefix=key.prefix)
    return key


@transaction.atomic
def rotate_key(actor: Actor, key: ApiKey) -> tuple[ApiKey, str]:
    """Replace a key: the new one works at once, the old one stops at once."""
    require(key.revoked_at is None, _("A revoked key cannot be rotated."))
    new_key, raw = create_key(actor, key.project, key.name)
    revoke_key(actor, key)
    key.replaced_by = new_key
    key.save(update_fields=["replaced_by"])
    return new_key, raw


def find_key(raw: str) -> ApiKey | None:
    """The live key matching a presented raw key, with its project; None otherwise."""
    prefix = keys.split_prefix(raw or "")
    if prefix is None:
        return None
    key = ApiKey.objects.select_related("project").filter(prefix=prefix).first()
    if key is None or key.revoked_at is not None or not keys.matches(raw, key.key_hash):
        return None
    return key


# --- Webhooks ---------------------------------------------------------------------------------


@transaction.atomic
def add_webhook(
    actor: Actor, project: DiffusionProject, url: str, *, from_now: bool = True
) -> tuple[Webhook, str]:
    """Register a URL; returns the webhook and its signing secret (shown once to the user).

    `from_now`: deliveries start at the current end of the feed, not its beginning."""
    require(can_manage_project(actor, project), _("You may not manage this project."))
    _check_url(url, "url")
    check_target(url)  # not into the platform's own network (webhook_targets)
    secret = secrets.token_urlsafe(32)
    last = FeedEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    webhook = Webhook.objects.create(
        project=project, url=url, secret=secret, last_seq=last if from_now else 0
    )
    log_action(actor, "diffusion.webhook_add", str(project.pk), url=url)
    return webhook, secret


# --- Selections -------------------------------------------------------------------------------


@transaction.atomic
def create_selection(
    actor: Actor,
    slug: str,
    name: str,
    *,
    query: dict[str, Any] | None = None,
    object_ids: Iterable[str] | None = None,
    description: str = "",
    organisation: Organisation | None = None,
) -> Selection:
    """A stored query or a hand-picked list (give exactly one)."""
    organisation = organisation or actor.organisation
    require(organisation is not None, _("A selection belongs to an organisation."))
    require(
        actor.is_network_admin or (actor.organisation == organisation and actor.role in EDIT_ROLES),
        _("You may not create selections for %(org)s.") % {"org": organisation},
    )
    if (query is None) == (object_ids is None):
        raise ValueError(_("A selection is either a query or a list of objects."))
    if Selection.objects.filter(slug=slug).exists():
        raise ValueError(_("slug: a selection “%(slug)s” already exists.") % {"slug": slug})
    if query is not None:
        check_query(query)
    selection = Selection.objects.create(
        slug=slug,
        name=name,
        description=description,
        organisation=organisation,
        kind=Selection.Kind.QUERY if query is not None else Selection.Kind.LIST,
        query=query or {},
        object_ids=list(dict.fromkeys(object_ids or [])),
    )
    log_action(actor, "diffusion.selection_create", selection.slug)
    return selection


def _record_membership(selection: Selection, before: set[str], after: set[str]) -> None:
    now = timezone.now()
    entries = [
        FeedEntry(object_id=i, action=FeedEntry.Action.ADDED, selection=selection, updated_at=now)
        for i in sorted(after - before)
    ] + [
        FeedEntry(object_id=i, action=FeedEntry.Action.REMOVED, selection=selection, updated_at=now)
        for i in sorted(before - after)
    ]
    FeedEntry.objects.bulk_create(entries)


def _change_selection(actor: Actor, selection: Selection, action: str, **changes: Any) -> None:
    require(can_edit_selection(actor, selection), _("You may not edit this selection."))
    before = set(evaluate(selection))
    for field, value in changes.items():
        setattr(selection, field, value)
    selection.save()
    _record_membership(selection, before, set(evaluate(selection)))
    log_action(actor, "diffusion.selection_change", selection.slug, change=action)


@transaction.atomic
def add_to_selection(actor: Actor, selection: Selection, object_ids: Iterable[str]) -> None:
    if selection.kind != Selection.Kind.LIST:
        raise ValueError(_("Objects are added to hand-picked lists only."))
    ids = list(dict.fromkeys([*selection.object_ids, *object_ids]))
    _change_selection(actor, selection, "add", object_ids=ids)


@transaction.atomic
def remove_from_selection(actor: Actor, selection: Selection, object_ids: Iterable[str]) -> None:
    if selection.kind != Selection.Kind.LIST:
        raise ValueError(_("Objects are removed from hand-picked lists only."))
    gone = set(object_ids)
    ids = [i for i in selection.object_ids if i not in gone]
    _change_selection(actor, selection, "remove", object_ids=ids)


@transaction.atomic
def set_selection_query(actor: Actor, selection: Selection, query: dict[str, Any]) -> None:
    if selection.kind != Selection.Kind.QUERY:
        raise ValueError(_("Only query selections have a query."))
    check_query(query)
    _change_selection(actor, selection, "query", query=query)
