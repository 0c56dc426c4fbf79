"""Who may do what: the actor of a write and the rules every service checks.

An `Actor` is a user acting for one organisation (or an import, acting for its owner
organisation). Services receive an actor and call `require(...)`; a refusal raises
`PermissionDenied`, which the views and the API turn into a 403.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from opensit.network.models import Membership, Organisation

if TYPE_CHECKING:
    from opensit.catalog.models import TourismObject

EDIT_ROLES = {Membership.Role.ADMIN, Membership.Role.EDITOR}


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
        return cls(organisation=organisation, role=Membership.Role.ADMIN, origin="import")

    @classmethod
    def system(cls) -> "Actor":
        return cls(role=Membership.Role.ADMIN, origin="system")

    @property
    def is_network_admin(self) -> bool:
        if self.origin == "system":
            return True
        return bool(
            self.organisation
            and self.organisation.is_network_admin
            and self.role == Membership.Role.ADMIN
        )


def _org_id(obj: "TourismObject") -> int | None:
    return obj.owner_id


def can_create(actor: Actor) -> bool:
    return actor.is_network_admin or actor.role in EDIT_ROLES


def can_edit(actor: Actor, obj: "TourismObject") -> bool:
    """Editors edit what their organisation owns or co-edits; network admins edit all."""
    if actor.is_network_admin:
        return True
    if actor.organisation is None or actor.role not in EDIT_ROLES:
        return False
    if _org_id(obj) == actor.organisation.pk:
        return True
    return obj.coeditors.filter(pk=actor.organisation.pk).exists()


def can_manage(actor: Actor, obj: "TourismObject") -> bool:
    """Ownership transfer and co-editing grants belong to the owner's admins."""
    if actor.is_network_admin:
        return True
    return (
        actor.organisation is not None
        and actor.role == Membership.Role.ADMIN
        and _org_id(obj) == actor.organisation.pk
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
