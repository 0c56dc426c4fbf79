"""Organisations, memberships and invitations: network admins create and edit organisations
(with their territory of communes); a tourist office invites a provider by email; accepting the
invitation creates the user and its contributor membership.

Tokens are random, sent once by email, stored only as their SHA-256, and expire after
`OPENSIT_INVITATION_DAYS` days.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator, validate_email, validate_slug
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.core.audit import log_action
from opensit.network.models import Commune, Invitation, Membership, Organisation
from opensit.network.permissions import Actor, can_manage_members, require

Role = Membership.Role
MIN_PASSWORD_LENGTH = 10  # on top of AUTH_PASSWORD_VALIDATORS, which may be empty


class FieldError(ValueError):
    """Bad input for one named field (`field`), so that a form can show it next to it."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_provider(actor: Actor, name: str, slug: str, email: str = "") -> Organisation:
    """A provider organisation under the actor's organisation (its tourist office)."""
    require(
        actor.is_network_admin or actor.role in (Role.ADMIN, Role.EDITOR),
        _("You may not create organisations."),
    )
    provider = Organisation.objects.create(
        name=name,
        slug=slug,
        email=email,
        kind=Organisation.Kind.PROVIDER,
        parent=actor.organisation,
    )
    log_action(actor, "network.create_provider", str(provider.pk), slug=slug)
    return provider


ORGANISATION_FIELDS = ("name", "kind", "parent", "email", "website", "communes")


def _clean_organisation(fields: dict[str, Any], organisation: Organisation | None) -> dict:
    """Check every given field before anything is written; FieldError names the bad one."""
    clean: dict[str, Any] = {}
    if "name" in fields:
        clean["name"] = (fields["name"] or "").strip()
        if not clean["name"]:
            raise FieldError("name", _("A name is required."))
        if len(clean["name"]) > Organisation._meta.get_field("name").max_length:
            raise FieldError("name", _("The name is too long."))
    if "kind" in fields:
        if fields["kind"] not in Organisation.Kind.values:
            raise FieldError("kind", _("Unknown kind: %(kind)s") % {"kind": fields["kind"]})
        clean["kind"] = fields["kind"]
    if "parent" in fields:
        parent = fields["parent"]
        ancestor = parent
        while organisation is not None and ancestor is not None:
            if ancestor.pk == organisation.pk:
                raise FieldError(
                    "parent", _("An organisation cannot be its own parent or ancestor.")
                )
            ancestor = ancestor.parent
        clean["parent"] = parent
    if "email" in fields:
        clean["email"] = (fields["email"] or "").strip()
        if clean["email"]:
            try:
                validate_email(clean["email"])
            except ValidationError:
                raise FieldError(
                    "email", _("“%(email)s” is not a valid address.") % {"email": clean["email"]}
                ) from None
    if "website" in fields:
        clean["website"] = (fields["website"] or "").strip()
        if clean["website"]:
            try:
                URLValidator(schemes=["http", "https"])(clean["website"])
            except ValidationError:
                raise FieldError(
                    "website", _("“%(url)s” is not a valid address.") % {"url": clean["website"]}
                ) from None
    if "communes" in fields:
        codes = list(dict.fromkeys(code.strip() for code in fields["communes"] if code.strip()))
        found = set(Commune.objects.filter(insee__in=codes).values_list("insee", flat=True))
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise FieldError(
                "communes",
                _("Unknown INSEE code: %(codes)s") % {"codes": ", ".join(unknown)},
            )
        clean["communes"] = codes
    return clean


@transaction.atomic
def create_organisation(
    actor: Actor,
    name: str,
    slug: str,
    kind: str,
    parent: Organisation | None = None,
    communes: list[str] | None = None,
    email: str = "",
    website: str = "",
) -> Organisation:
    """A new organisation of the network, with its territory given as INSEE codes.

    Network admins only; the network admin flag is never set here (it runs the network)."""
    require(actor.is_network_admin, _("Only network administrators create organisations."))
    slug = (slug or "").strip()
    try:
        validate_slug(slug)
    except ValidationError:
        raise FieldError("slug", _("The slug may only hold letters, digits, - and _.")) from None
    if len(slug) > Organisation._meta.get_field("slug").max_length:
        raise FieldError("slug", _("The slug is too long."))
    if Organisation.objects.filter(slug=slug).exists():
        raise FieldError("slug", _("The slug %(slug)s is taken.") % {"slug": slug})
    clean = _clean_organisation(
        {
            "name": name,
            "kind": kind,
            "parent": parent,
            "email": email,
            "website": website,
            "communes": communes or [],
        },
        None,
    )
    codes = clean.pop("communes")
    organisation = Organisation.objects.create(slug=slug, **clean)
    organisation.communes.set(codes)
    log_action(
        actor, "network.create_organisation", str(organisation.pk), slug=slug, communes=codes
    )
    return organisation


@transaction.atomic
def update_organisation(actor: Actor, organisation: Organisation, **fields: Any) -> Organisation:
    """Change some of name, kind, parent, email, website and communes (INSEE codes).

    The slug (used in addresses) and the network admin flag are not editable here."""
    require(
        actor.is_network_admin,
        _("Only network administrators edit organisations."),
    )
    for key in fields:
        if key not in ORGANISATION_FIELDS:
            raise FieldError(key, _("%(field)s may not be changed here.") % {"field": key})
    clean = _clean_organisation(fields, organisation)
    codes = clean.pop("communes", None)
    changed = sorted(key for key, value in clean.items() if getattr(organisation, key) != value)
    for key, value in clean.items():
        setattr(organisation, key, value)
    if changed:
        organisation.save(update_fields=changed)
    data: dict[str, Any] = {"fields": changed}
    if codes is not None:
        before = set(organisation.communes.values_list("insee", flat=True))
        if before != set(codes):
            organisation.communes.set(codes)
            data["communes_added"] = sorted(set(codes) - before)
            data["communes_removed"] = sorted(before - set(codes))
            changed.append("communes")
    log_action(actor, "network.update_organisation", str(organisation.pk), **data)
    return organisation


@transaction.atomic
def invite(
    actor: Actor,
    email: str,
    organisation: Organisation,
    role: str = Role.CONTRIBUTOR,
    accept_url: Callable[[str], str] | None = None,
) -> tuple[Invitation, str]:
    """Invite `email` to join `organisation` with `role`. Returns the invitation and the token
    (already emailed; returned for the back-office to show a link). `accept_url(token)` gives
    the acceptance page's address put in the mail (the back-office passes its own)."""
    require(
        can_manage_members(actor, organisation),
        _("You may not invite members to %(org)s.") % {"org": organisation},
    )
    try:
        validate_email(email.strip())
    except ValidationError:
        raise ValueError(
            _("Email: “%(email)s” is not a valid address.") % {"email": email}
        ) from None
    if role not in Role.values:
        raise ValueError(_("Unknown role: %(role)s") % {"role": role})
    if role == Role.ADMIN and not (actor.is_network_admin or actor.org_id == organisation.pk):
        raise ValueError(_("Only the organisation's own admins may invite admins."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        organisation=organisation,
        role=role,
        token_hash=hash_token(token),
        invited_by=actor.user,
        invited_for=actor.organisation,
        created_at=now,
        expires_at=now + timedelta(days=settings.OPENSIT_INVITATION_DAYS),
    )
    log_action(actor, "network.invite", str(invitation.pk), email=invitation.email, role=role)
    body = _(
        "%(inviter)s invites you to join %(org)s on OpenSIT as %(role)s.\n"
        "Your invitation code: %(token)s\nIt expires on %(date)s."
    ) % {
        "inviter": actor.organisation or "OpenSIT",
        "org": organisation,
        "role": Role(role).label,
        "token": token,
        "date": f"{invitation.expires_at:%Y-%m-%d}",
    }
    if accept_url is not None:
        body += "\n\n" + _("Accept the invitation here: %(url)s") % {"url": accept_url(token)}
    subject = _("Invitation to OpenSIT")
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    )
    return invitation, token


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations neither used, revoked nor expired, newest first."""
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked=False,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def check_invitation(token: str) -> Invitation:
    """The open invitation of `token` (read only), or ValueError saying why it is not."""
    return _open_invitation(token, lock=False)


def _open_invitation(token: str, lock: bool = True) -> Invitation:
    qs = Invitation.objects.select_for_update() if lock else Invitation.objects.all()
    invitation = (
        qs.filter(token_hash=hash_token(token.strip())).select_related("organisation").first()
    )
    if invitation is None or invitation.revoked:
        raise ValueError(_("This invitation code is not valid."))
    if invitation.accepted_at is not None:
        raise ValueError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise ValueError(
            _("This invitation expired on %(date)s; ask for a new one.")
            % {"date": f"{invitation.expires_at:%Y-%m-%d}"}
        )
    return invitation


@transaction.atomic
def accept_invitation(token: str, username: str, password: str, **profile: Any) -> Membership:
    """Create the user (or reuse the one with this email) and its membership."""
    invitation = _open_invitation(token)
    users = get_user_model()
    user = users.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        if not username.strip():
            raise FieldError("username", _("A username is required."))
        if users.objects.filter(username=username).exists():
            raise FieldError("username", _("The username %(name)s is taken.") % {"name": username})
        if len(password) < MIN_PASSWORD_LENGTH:
            raise FieldError(
                "password",
                _("The password needs at least %(n)s characters.") % {"n": MIN_PASSWORD_LENGTH},
            )
        try:
            validate_password(password, users(username=username, email=invitation.email))
        except ValidationError as exc:
            raise FieldError("password", " ".join(exc.messages)) from None
        user = users.objects.create_user(
            username=username, email=invitation.email, password=password, **profile
        )
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    actor = Actor(user=user, organisation=invitation.organisation, role=invitation.role)
    log_action(actor, "network.accept_invitation", str(invitation.pk))
    return membership


@transaction.atomic
def revoke_invitation(actor: Actor, invitation: Invitation) -> None:
    require(
        can_manage_members(actor, invitation.organisation),
        _("You may not manage the members of %(org)s.") % {"org": invitation.organisation},
    )
    if invitation.accepted_at is not None:
        raise ValueError(_("This invitation has already been used."))
    invitation.revoked = True
    invitation.save(update_fields=["revoked"])
    log_action(actor, "network.revoke_invitation", str(invitation.pk))


def _keep_an_admin(user: Any, organisation: Organisation) -> None:
    """Refuse to demote or remove the last admin: nobody could manage the members after."""
    admins = Membership.objects.select_for_update().filter(
        organisation=organisation, role=Role.ADMIN
    )
    ids = list(admins.values_list("user_id", flat=True))
    if ids == [user.pk]:
        raise ValueError(
            _("%(user)s is the last administrator of %(org)s; appoint another one first.")
            % {"user": user, "org": organisation}
        )


@transaction.atomic
def set_membership(actor: Actor, user: Any, organisation: Organisation, role: str) -> Membership:
    """Add a member or change its role."""
    require(
        can_manage_members(actor, organisation),
        _("You may not manage the members of %(org)s.") % {"org": organisation},
    )
    if role not in Role.values:
        raise ValueError(_("Unknown role: %(role)s") % {"role": role})
    if role != Role.ADMIN:
        _keep_an_admin(user, organisation)
    if role == Role.ADMIN and not (actor.is_network_admin or actor.org_id == organisation.pk):
        raise ValueError(_("Only the organisation's own admins may appoint admins."))
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    log_action(actor, "network.set_membership", str(membership.pk), user=user.pk, role=role)
    return membership


@transaction.atomic
def remove_membership(actor: Actor, user: Any, organisation: Organisation) -> None:
    require(
        can_manage_members(actor, organisation),
        _("You may not manage the members of %(org)s.") % {"org": organisation},
    )
    _keep_an_admin(user, organisation)
    Membership.objects.filter(user=user, organisation=organisation).delete()
    log_action(actor, "network.remove_membership", "", user=user.pk, organisation=organisation.slug)
