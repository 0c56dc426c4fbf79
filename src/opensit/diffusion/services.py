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
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.core.audit import log_action
from opensit.core.langtext import active_languages
from opensit.core.logorder import ordered_append
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


def projects_for(actor: Actor) -> QuerySet[DiffusionProject]:
    """The projects `actor` manages: all for network admins, their organisation's for its
    admins, none for anyone else."""
    projects = DiffusionProject.objects.select_related("organisation")
    if actor.is_network_admin:
        return projects
    if actor.organisation is None or actor.role != Membership.Role.ADMIN:
        return projects.none()
    return projects.filter(organisation=actor.organisation)


def can_edit_selection(actor: Actor, selection: Selection) -> bool:
    if actor.is_network_admin:
        return True
    return (
        actor.organisation is not None
        and actor.organisation.pk == selection.organisation_id
        and actor.role in EDIT_ROLES
    )


def check_url(url: str, field: str) -> None:
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
    intended_use: str = "",
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
    langs = check_languages(languages)
    if tier not in DiffusionProject.Tier.values:
        raise ValueError(_("tier: unknown tier “%(tier)s”.") % {"tier": tier})
    if url:
        check_url(url, "url")
    chosen = list(selections)
    project = DiffusionProject.objects.create(
        organisation=organisation,
        name=name.strip(),
        contact=contact,
        url=url,
        languages=langs,
        intended_use=intended_use,
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
def set_tier(actor: Actor, project: DiffusionProject, tier: str) -> DiffusionProject:
    """The tier sets the rate limit (ratelimit.limit_for): the network decides it."""
    require(actor.is_network_admin, _("Only network admins set the tier of a project."))
    if tier not in DiffusionProject.Tier.values:
        raise ValueError(_("tier: unknown tier “%(tier)s”.") % {"tier": tier})
    if project.tier != tier:
        project.tier = tier
        project.save(update_fields=["tier"])
        log_action(actor, "diffusion.project_tier", str(project.pk), tier=tier)
    return project


PROJECT_FIELDS = ("name", "contact", "url", "languages", "intended_use")


@transaction.atomic
def update_project(actor: Actor, project: DiffusionProject, **fields: Any) -> DiffusionProject:
    """Change some of the project's description (PROJECT_FIELDS); its status, tier and scope
    have their own services."""
    require(can_manage_project(actor, project), _("You may not manage this project."))
    for field in fields:
        if field not in PROJECT_FIELDS:
            raise ValueError(_("%(field)s may not be changed here.") % {"field": field})
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
        if not fields["name"]:
            raise ValueError(_("name: a project needs a name."))
    if fields.get("url"):
        check_url(fields["url"], "url")
    if "languages" in fields:
        fields["languages"] = check_languages(fields["languages"])
    changed = sorted(f for f, value in fields.items() if getattr(project, f) != value)
    for field in changed:
        setattr(project, field, fields[field])
    if changed:
        project.save(update_fields=changed)
        log_action(actor, "diffusion.project_update", str(project.pk), fields=changed)
    return project


def check_languages(languages: Iterable[str]) -> list[str]:
    langs = list(dict.fromkeys(languages)) or active_languages()[:1]
    unknown = [code for code in langs if code not in active_languages()]
    if unknown:
        raise ValueError(_("languages: unknown language “%(code)s”.") % {"code": unknown[0]})
    return langs


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
    # From the primary even where the request reads a replica: a key revoked (or a project
    # suspended) a moment ago is refused now, not once the replica has replayed it.
    key = (
        ApiKey.objects.using(DEFAULT_DB_ALIAS).select_related("project").filter(prefix=prefix)
    ).first()
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
    check_url(url, "url")
    check_target(url)  # not into the platform's own network (webhook_targets)
    secret = secrets.token_urlsafe(32)
    last = FeedEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    webhook = Webhook.objects.create(
        project=project, url=url, secret=secret, last_seq=last if from_now else 0
    )
    log_action(actor, "diffusion.webhook_add", str(project.pk), url=url)
    return webhook, secret


@transaction.atomic
def set_webhook_active(actor: Actor, webhook: Webhook, active: bool) -> Webhook:
    """Pause or resume deliveries; a resumed webhook goes on from where it stopped."""
    require(can_manage_project(actor, webhook.project), _("You may not manage this project."))
    if webhook.active != active:
        webhook.active = active
        webhook.save(update_fields=["active"])
        log_action(
            actor,
            "diffusion.webhook_active",
            str(webhook.project_id),
            url=webhook.url,
            active=active,
        )
    return webhook


@transaction.atomic
def remove_webhook(actor: Actor, webhook: Webhook) -> None:
    require(can_manage_project(actor, webhook.project), _("You may not manage this project."))
    log_action(actor, "diffusion.webhook_remove", str(webhook.project_id), url=webhook.url)
    webhook.delete()


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
    if entries:
        with ordered_append():  # the feed commits in seq order
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
