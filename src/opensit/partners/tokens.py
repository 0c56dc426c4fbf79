"""Write-API tokens: created and revoked by network admins or the organisation's own admins.

A token is `opw_<8 hex>.<secret>`; only its SHA-256 is stored (as for API keys, see
`opensit.diffusion.keys`), beside the prefix that finds the row. It is shown once.
"""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.core.audit import log_action
from opensit.diffusion.keys import hash_key, matches
from opensit.network.models import Membership, Organisation
from opensit.network.permissions import Actor, require
from opensit.partners.models import PartnerToken

TOKEN_PREFIX = "opw_"
PREFIX_LENGTH = 8
Role = Membership.Role


def default_role(organisation: Organisation) -> str:
    """Providers write as contributors (their establishments only), others as editors."""
    if organisation.kind == Organisation.Kind.PROVIDER:
        return Role.CONTRIBUTOR
    return Role.EDITOR


def can_manage_tokens(actor: Actor, organisation: Organisation) -> bool:
    if actor.is_network_admin:
        return True
    return actor.role == Role.ADMIN and actor.org_id == organisation.pk


@transaction.atomic
def create_token(
    actor: Actor, organisation: Organisation, name: str = "", role: str | None = None
) -> tuple[PartnerToken, str]:
    """A new token for `organisation`; returns it with the raw token, to show once."""
    require(
        can_manage_tokens(actor, organisation),
        _("You may not manage the write-API tokens of %(org)s.") % {"org": organisation},
    )
    role = role or default_role(organisation)
    if role not in (Role.EDITOR, Role.CONTRIBUTOR):
        raise ValueError(
            _("A token's role is editor or contributor, not %(role)s.") % {"role": role}
        )
    if organisation.kind == Organisation.Kind.PROVIDER and role != Role.CONTRIBUTOR:
        raise ValueError(_("A provider's token has the contributor role."))
    prefix = TOKEN_PREFIX + secrets.token_hex(PREFIX_LENGTH // 2)
    raw = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = PartnerToken.objects.create(
        organisation=organisation,
        name=name or prefix,
        role=role,
        prefix=prefix,
        token_hash=hash_key(raw),
        created_at=timezone.now(),
    )
    log_action(actor, "partners.create_token", str(token.pk), prefix=prefix, role=role)
    return token, raw


@transaction.atomic
def revoke_token(actor: Actor, token: PartnerToken) -> PartnerToken:
    require(
        can_manage_tokens(actor, token.organisation),
        _("You may not manage the write-API tokens of %(org)s.") % {"org": token.organisation},
    )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(actor, "partners.revoke_token", str(token.pk), prefix=token.prefix)
    return token


def find_token(raw: str) -> PartnerToken | None:
    """The live token matching `raw`, or None (unknown, malformed or revoked)."""
    prefix, dot, secret = raw.strip().partition(".")
    if not dot or not secret or not prefix.startswith(TOKEN_PREFIX):
        return None
    if len(prefix) != len(TOKEN_PREFIX) + PREFIX_LENGTH:
        return None
    token = (
        PartnerToken.objects.select_related("organisation")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if token is None or not matches(raw.strip(), token.token_hash):
        return None
    return token


def actor_of(token: PartnerToken) -> Actor:
    """The token acts for its organisation, with its role, from the API: no user."""
    return Actor(organisation=token.organisation, role=token.role, origin="api")
