"""Who may do what: the actor of a write and the rules every service checks.

An `Actor` is a user acting for one organisation (or an import, acting for its owner
organisation). Services receive an actor and call `require(...)`; a refusal raises
`PermissionDenied`, which the views and the API turn into a 403.

Roles (docs/governance.md has the full matrix):
- network admin: an admin of a network-admin organisation (the regional board); every right;
- admin: manages the organisation's objects (transfer, co-editing, delete) and its members;
- editor: edits, publishes and reviews what the organisation owns or co-edits;
- contributor: a provider; proposes changes to its own establishments only;
- reader: reads the organisation's objects.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from opensit.network.models import Membership, Organisation

if TYPE_CHECKING:
    from opensit.catalog.models import TourismObject

Role = Membership.Role
EDIT_ROLES = {Role.ADMIN, Role.EDITOR}
PROPOSE_ROLES = {Role.ADMIN, Role.EDITOR, Role.CONTRIBUTOR}

# How an actor's organisation relates to an object.
OWNER, COEDITOR, PROVIDER, NONE = "owner", "coeditor", "provider", "none"


@dataclass(frozen=True)
class Actor:
    user: Any = None
    organisation: Organisation | None = None
    role: str | None = None
    origin: str = "backoffice"

    @classmethod
    def for_user(cls, user: Any, organisation: Organisation, origin: str = "backoffice") -> "Actor":
        """The actor of `user` acting for `organisation`; fails if the user is not a member."""
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
        if membership is None:
            raise PermissionDenied(
                _("%(user)s is not a member of %(org)s.") % {"user": user, "org": organisation}
            )
        return cls(user=user, organisation=organisation, role=membership.role, origin=origin)

    @classmethod
    def importer(cls, organisation: Organisation | None) -> "Actor":
        """Imports write with the rights of the owner organisation they load into."""
        return cls(organisation=organisation, role=Role.ADMIN, origin="import")

    @classmethod
    def system(cls) -> "Actor":
        return cls(role=Role.ADMIN, origin="system")

    @property
    def is_network_admin(self) -> bool:
        if self.origin == "system":
            return True
        return bool(
            self.organisation and self.organisation.is_network_admin and self.role == Role.ADMIN
        )

    @property
    def org_id(self) -> int | None:
        return self.organisation.pk if self.organisation else None


def relation(actor: Actor, obj: "TourismObject") -> str:
    """owner, coeditor, provider or none: the organisation's tie to the object."""
    org_id = actor.org_id
    if org_id is None:
        return NONE
    if obj.owner_id == org_id:
        return OWNER
    if obj.coeditors.filter(pk=org_id).exists():
        return COEDITOR
    if obj.providers.filter(pk=org_id).exists():
        return PROVIDER
    return NONE


def can_create(actor: Actor) -> bool:
    return actor.is_network_admin or actor.role in EDIT_ROLES


def can_edit(actor: Actor, obj: "TourismObject") -> bool:
    """Editors edit what their organisation owns or co-edits; network admins edit all."""
    if actor.is_network_admin:
        return True
    if actor.role not in EDIT_ROLES:
        return False
    return relation(actor, obj) in (OWNER, COEDITOR)


def can_review(actor: Actor, obj: "TourismObject") -> bool:
    """Approving or rejecting a proposal is an edit: the same people."""
    return can_edit(actor, obj)


def can_publish(actor: Actor, obj: "TourismObject") -> bool:
    return can_edit(actor, obj)


def can_delete(actor: Actor, obj: "TourismObject") -> bool:
    """Deleting (and merging away) belongs to the owner, not to co-editors."""
    if actor.is_network_admin:
        return True
    return actor.role in EDIT_ROLES and actor.org_id is not None and obj.owner_id == actor.org_id


def can_propose(actor: Actor, obj: "TourismObject") -> bool:
    """Contributors propose on their own establishments; editors of any organisation may send a
    modification request (Apidae's third-party requests); readers never."""
    if actor.is_network_admin or actor.role in EDIT_ROLES:
        return True
    if actor.role == Role.CONTRIBUTOR:
        return relation(actor, obj) in (OWNER, PROVIDER)
    return False


def can_submit(actor: Actor, obj: "TourismObject") -> bool:
    """Asking to publish a draft belongs to those who work on it: its editors, or the
    contributors of the organisation that owns it. A provider linked to an office's draft, or
    another office that may only propose changes, may not move it to "proposed"."""
    if can_edit(actor, obj):
        return True
    return actor.role == Role.CONTRIBUTOR and relation(actor, obj) == OWNER


def can_manage(actor: Actor, obj: "TourismObject") -> bool:
    """Ownership transfer and co-editing grants belong to the owner's admins."""
    if actor.is_network_admin:
        return True
    return actor.role == Role.ADMIN and actor.org_id is not None and obj.owner_id == actor.org_id


def can_manage_members(actor: Actor, organisation: Organisation) -> bool:
    """An organisation's admins manage its members; a tourist office's admins and editors also
    manage the providers it created (their child organisations)."""
    if actor.is_network_admin:
        return True
    if actor.org_id is None:
        return False
    if organisation.pk == actor.org_id:
        return actor.role == Role.ADMIN
    return actor.role in EDIT_ROLES and organisation.parent_id == actor.org_id


def visible_objects(actor: Actor) -> "QuerySet[TourismObject]":
    """The back-office scope of an actor: network admins see all; members see what their
    organisation owns or co-edits; contributors see only their establishments."""
    from opensit.catalog.models import TourismObject

    qs = TourismObject.objects.exclude(status=TourismObject.Status.DELETED)
    if actor.is_network_admin:
        return qs
    org_id = actor.org_id
    if org_id is None:
        raise PermissionDenied(_("An organisation is required to list objects."))
    if actor.role == Role.CONTRIBUTOR:
        return qs.filter(Q(providers=org_id) | Q(owner=org_id)).distinct()
    return qs.filter(Q(owner=org_id) | Q(coeditors=org_id)).distinct()


def can_read(actor: Actor, obj: "TourismObject") -> bool:
    """Published objects are public; others only inside the actor's back-office scope. A
    refusal about an object the actor may not read says "not found" and never names it."""
    from opensit.catalog.models import TourismObject

    if obj.status == TourismObject.Status.DELETED:
        return False
    if obj.status == TourismObject.Status.PUBLISHED or actor.is_network_admin:
        return True
    if actor.org_id is None:
        return False
    return visible_objects(actor).filter(pk=obj.pk).exists()


def provider_objects(actor: Actor) -> "QuerySet[TourismObject]":
    """A provider's establishments: the objects its organisation is linked to as provider."""
    from opensit.catalog.models import TourismObject

    if actor.org_id is None:
        raise PermissionDenied(_("An organisation is required to list objects."))
    return TourismObject.objects.exclude(status=TourismObject.Status.DELETED).filter(
        providers=actor.org_id
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
