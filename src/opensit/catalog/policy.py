"""One permission policy for tourism objects: "which objects may this actor act on" and "may it
act on this one" come from the same table, so the two can never disagree.

The table (`RIGHTS`) is data: for each action, the roles that may take it and the relations
their organisation must have with the object (it owns it, co-edits it, is its provider, or
none at all). Network admins (and the system) may take every action on every live object;
published objects are readable by everybody. Services call `require_allowed`; views, the APIs
and commands fetch objects with `get_or_refuse`, which reads the object and its relation to the
actor in one query and answers 404 for what the actor may not even read (never naming it) and
403 for what it may read but not act on. docs/governance.md shows the same table.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from opensit.catalog.models import TourismObject
from opensit.network.models import Membership

if TYPE_CHECKING:
    from opensit.network.permissions import Actor

Role = Membership.Role


class Relation(StrEnum):
    """How the actor's organisation stands to an object (the strongest tie wins)."""

    OWNER = "owner"
    COEDITOR = "coeditor"
    PROVIDER = "provider"
    NONE = "none"


class Action(StrEnum):
    VIEW = "view"  # in the actor's back-office scope (lists, dashboards, drafts)
    READ = "read"  # VIEW, or published
    CHANGE = "change"  # open in the editor: edit it, or propose changes to it from within scope
    EDIT = "edit"
    REVIEW = "review"  # approve or reject proposals
    PUBLISH = "publish"  # publish, unpublish, archive
    SUBMIT = "submit"  # ask to publish a draft
    PROPOSE = "propose"  # send a modification request
    DELETE = "delete"  # delete, merge away
    MANAGE = "manage"  # transfer ownership, grant and revoke co-editing


OWNER, COEDITOR, PROVIDER, NONE = Relation
MINE = frozenset({OWNER, COEDITOR})
OWN = frozenset({OWNER})
EVERY = frozenset(Relation)

#: The back-office scope: members see what their organisation owns or co-edits, contributors
#: their establishments.
SCOPE = {
    Role.ADMIN: MINE,
    Role.EDITOR: MINE,
    Role.READER: MINE,
    Role.CONTRIBUTOR: frozenset({OWNER, PROVIDER}),
}
#: action -> role -> the relations that allow it. Absent: never (but for network admins).
RIGHTS: dict[Action, dict[str, frozenset[Relation]]] = {
    Action.VIEW: SCOPE,
    Action.READ: SCOPE,  # and published objects, for anybody (PUBLIC)
    Action.CHANGE: {
        Role.ADMIN: MINE,
        Role.EDITOR: MINE,
        Role.CONTRIBUTOR: frozenset({OWNER, PROVIDER}),
    },
    Action.EDIT: {Role.ADMIN: MINE, Role.EDITOR: MINE},
    Action.REVIEW: {Role.ADMIN: MINE, Role.EDITOR: MINE},
    Action.PUBLISH: {Role.ADMIN: MINE, Role.EDITOR: MINE},
    Action.SUBMIT: {Role.ADMIN: MINE, Role.EDITOR: MINE, Role.CONTRIBUTOR: OWN},
    # Editors of any organisation may send a modification request (Apidae's third-party
    # requests); contributors only on their own establishments.
    Action.PROPOSE: {
        Role.ADMIN: EVERY,
        Role.EDITOR: EVERY,
        Role.CONTRIBUTOR: frozenset({OWNER, PROVIDER}),
    },
    Action.DELETE: {Role.ADMIN: OWN, Role.EDITOR: OWN},
    Action.MANAGE: {Role.ADMIN: OWN},
}
#: Actions anybody may take on a published object.
PUBLIC = frozenset({Action.READ})
#: A deleted object is in no list and nobody reads or opens it. The services that act on one
#: (edit, publish...) check the rights as for a live object, then say why they refuse: it is
#: deleted.
HIDDEN_WHEN_DELETED = frozenset({Action.VIEW, Action.READ, Action.CHANGE})


def _relations(actor: "Actor", action: Action) -> frozenset[Relation]:
    return RIGHTS[action].get(actor.role or "", frozenset())


def may_ever(actor: "Actor", action: Action) -> bool:
    """Whether the actor's role allows `action` on any object at all: screens offer only the
    actions that may succeed (the services still decide object by object)."""
    return actor.is_network_admin or bool(_relations(actor, action))


def _ties(org_id: int) -> dict[str, Exists]:
    """Whether the organisation co-edits or provides the object: subqueries, so that a list
    needs no join (and no DISTINCT) and a single object comes with its relation."""
    coeditors = TourismObject.coeditors.through.objects.filter(
        tourismobject_id=OuterRef("pk"), organisation_id=org_id
    )
    providers = TourismObject.providers.through.objects.filter(
        tourismobject_id=OuterRef("pk"), organisation_id=org_id
    )
    return {"policy_coeditor": Exists(coeditors), "policy_provider": Exists(providers)}


def _condition(org_id: int, relations: frozenset[Relation]) -> Q:
    if NONE in relations:
        return Q()
    ties = _ties(org_id)
    condition = Q(pk__in=[])
    if OWNER in relations:
        condition |= Q(owner_id=org_id)
    if COEDITOR in relations:
        condition |= Q(ties["policy_coeditor"])
    if PROVIDER in relations:
        condition |= Q(ties["policy_provider"])
    return condition


def live_objects() -> QuerySet[TourismObject]:
    return TourismObject.objects.exclude(status=TourismObject.Status.DELETED)


def objects_for(actor: "Actor", action: Action) -> QuerySet[TourismObject]:
    """The live objects `actor` may take `action` on."""
    qs = live_objects()
    if actor.is_network_admin:
        return qs
    if actor.org_id is None:
        if action in PUBLIC:
            return qs.filter(status=TourismObject.Status.PUBLISHED)
        raise PermissionDenied(_("An organisation is required to list objects."))
    condition = _condition(actor.org_id, _relations(actor, action))
    if action in PUBLIC:
        condition |= Q(status=TourismObject.Status.PUBLISHED)
    return qs.filter(condition)


def relation(actor: "Actor", obj: TourismObject) -> Relation:
    """The organisation's tie to the object: from the annotations `get_or_refuse` adds, else
    one query."""
    org_id = actor.org_id
    if org_id is None:
        return NONE
    if obj.owner_id == org_id:
        return OWNER
    if getattr(obj, "policy_org", None) == org_id:
        coedits, provides = obj.policy_coeditor, obj.policy_provider
    else:
        ties = TourismObject.objects.filter(pk=obj.pk).annotate(**_ties(org_id))
        found = ties.values_list("policy_coeditor", "policy_provider").first()
        coedits, provides = found or (False, False)
    if coedits:
        return COEDITOR
    if provides:
        return PROVIDER
    return NONE


def allows(actor: "Actor", action: Action, obj: TourismObject) -> bool:
    """Whether `actor` may take `action` on `obj` (the same rule as `objects_for`)."""
    if obj.status == TourismObject.Status.DELETED and action in HIDDEN_WHEN_DELETED:
        return False
    if actor.is_network_admin:
        return True
    if action in PUBLIC and obj.status == TourismObject.Status.PUBLISHED:
        return True
    relations = _relations(actor, action)
    if not relations:
        return False
    return NONE in relations or relation(actor, obj) in relations


def require_allowed(actor: "Actor", action: Action, obj: TourismObject, message: str) -> None:
    """The services' check: PermissionDenied with `message` unless allowed."""
    if not allows(actor, action, obj):
        raise PermissionDenied(message)


def get_or_refuse(
    actor: "Actor",
    action: Action,
    pk: object,
    message: str = "",
    queryset: QuerySet[TourismObject] | None = None,
) -> TourismObject:
    """The object `pk` if `actor` may take `action` on it: Http404 when it does not exist or
    the actor may not even read it (its name is never shown), PermissionDenied (naming it)
    when the actor reads it but may not act, with `message` (its `%(name)s` is the object's
    name). One query: the object and its relation."""
    qs = (queryset if queryset is not None else TourismObject.objects).exclude(
        status=TourismObject.Status.DELETED
    )
    annotated = actor.org_id is not None and not actor.is_network_admin
    if annotated:
        qs = qs.annotate(**_ties(actor.org_id))
    obj = qs.filter(pk=pk).first() if isinstance(pk, (str, int)) else None
    if obj is None:
        raise Http404(_("No such object."))
    if annotated:
        obj.policy_org = actor.org_id  # type: ignore[attr-defined]
    if not allows(actor, Action.READ, obj):
        raise Http404(_("No such object."))
    if not allows(actor, action, obj):
        template = message or _("You may not do this on “%(name)s”.")
        raise PermissionDenied(template % {"name": obj.name})
    return obj


def table_rows() -> list[str]:
    """`RIGHTS` as the Markdown rows of docs/governance.md (a test keeps the two equal)."""
    roles = (Role.ADMIN, Role.EDITOR, Role.CONTRIBUTOR, Role.READER)
    order = (OWNER, COEDITOR, PROVIDER, NONE)
    rows = []
    for action in Action:
        cells = []
        for role in roles:
            relations = RIGHTS[action].get(role, frozenset())
            cell = "any" if NONE in relations else ", ".join(r for r in order if r in relations)
            cells.append(cell or "–")
        anybody = "published" if action in PUBLIC else "–"
        rows.append(f"| `{action}` | all | " + " | ".join(cells) + f" | {anybody} |")
    return rows
