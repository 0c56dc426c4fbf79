"""Who acts: the actor of a write, and the rules about organisations (creating objects,
managing members). What an actor may do with tourism objects is `catalog.policy`'s one table.

An `Actor` is a user acting for one organisation (or an import, acting for its owner
organisation). Services receive an actor and call `require(...)` or
`policy.require_allowed(...)`; a refusal raises `PermissionDenied`, which the views and the
API turn into a 403.

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
from django.utils.translation import gettext as _

from opensit.network.models import Membership, Organisation

if TYPE_CHECKING:
    pass

Role = Membership.Role
EDIT_ROLES = {Role.ADMIN, Role.EDITOR}
PROPOSE_ROLES = {Role.ADMIN, Role.EDITOR, Role.CONTRIBUTOR}


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


def can_create(actor: Actor) -> bool:
    return actor.is_network_admin or actor.role in EDIT_ROLES


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


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
