"""Self-service API access: anyone asks on the public page, a network admin decides.

Accepting registers what the network needs to know (the organisation, if it is not a member
yet, and its project, active at once) and invites the contact as the organisation's admin. The
contact then logs in to the back-office and makes the project's keys there, each shown once
(`services.create_key`). Nobody ever sends a key by email.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from opensit.core.audit import log_action
from opensit.diffusion import services
from opensit.diffusion.models import AccessRequest, DiffusionProject
from opensit.network import services as network
from opensit.network.models import Membership, Organisation
from opensit.network.permissions import Actor, require

Status = AccessRequest.Status

# How many requests one address may have waiting: a public form must not fill the queue.
MAX_PENDING_PER_EMAIL = 3


class RequestError(ValueError):
    """A refused field of the request form: `field` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _required(fields: dict[str, Any], name: str, label: str) -> str:
    value = str(fields.get(name) or "").strip()
    if not value:
        raise RequestError(name, _("%(field)s: this field is required.") % {"field": label})
    return value


@transaction.atomic
def submit(
    *,
    organisation_name: str,
    contact_name: str,
    email: str,
    project_name: str,
    intended_use: str,
    languages: Iterable[str],
    url: str = "",
    terms_accepted: bool = False,
    notify_url: str = "",
) -> AccessRequest:
    """Record a request from the public page and tell the network admins (`notify_url`: the
    back-office screen where they decide, put in their email)."""
    fields = {
        "organisation_name": organisation_name,
        "contact_name": contact_name,
        "email": email,
        "project_name": project_name,
        "intended_use": intended_use,
    }
    labels = {
        "organisation_name": _("Organisation"),
        "contact_name": _("Contact name"),
        "email": _("Email"),
        "project_name": _("Project name"),
        "intended_use": _("Intended use"),
    }
    clean = {name: _required(fields, name, label) for name, label in labels.items()}
    clean["email"] = clean["email"].lower()
    try:
        validate_email(clean["email"])
    except ValidationError:
        raise RequestError(
            "email", _("Email: “%(email)s” is not a valid address.") % {"email": email}
        ) from None
    url = (url or "").strip()
    if url:
        try:
            services.check_url(url, _("Website"))
        except ValueError as exc:
            raise RequestError("url", str(exc)) from None
    try:
        langs = services.check_languages(languages)
    except ValueError as exc:
        raise RequestError("languages", str(exc)) from None
    if not terms_accepted:
        raise RequestError("terms", _("Accept the terms of use of the data to ask for access."))
    waiting = AccessRequest.objects.filter(email=clean["email"], status=Status.PENDING).count()
    if waiting >= MAX_PENDING_PER_EMAIL:
        raise RequestError(
            "email",
            _("%(n)s requests from this address are already waiting for review.") % {"n": waiting},
        )
    request = AccessRequest.objects.create(
        **clean, url=url, languages=langs, terms_accepted_at=timezone.now()
    )
    _notify_network_admins(request, notify_url)
    return request


def _network_admin_emails() -> list[str]:
    rows = Membership.objects.filter(
        organisation__is_network_admin=True, role=Membership.Role.ADMIN
    ).values_list("user__email", flat=True)
    return sorted({email for email in rows if email})


def _notify_network_admins(request: AccessRequest, notify_url: str) -> None:
    recipients = _network_admin_emails()
    if not recipients:
        return
    subject = _("API access requested: %(project)s") % {"project": request.project_name}
    body = _(
        "%(contact)s (%(org)s) asks for API access for “%(project)s”.\n\nIntended use:\n%(use)s"
    ) % {
        "contact": request.contact_name,
        "org": request.organisation_name,
        "project": request.project_name,
        "use": request.intended_use,
    }
    if notify_url:
        body += "\n\n" + _("Review it here: %(url)s") % {"url": notify_url}
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def pending() -> list[AccessRequest]:
    return list(AccessRequest.objects.filter(status=Status.PENDING).order_by("created_at"))


def _open(request: AccessRequest) -> None:
    if request.status != Status.PENDING:
        raise ValueError(
            _("This request was already decided (%(status)s).")
            % {"status": request.get_status_display().lower()}
        )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "partner"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def accept(
    actor: Actor,
    request: AccessRequest,
    *,
    organisation: Organisation | None = None,
    tier: str = DiffusionProject.Tier.BASIC,
    accept_url: Callable[[str], str] | None = None,
    backoffice_url: str = "",
) -> DiffusionProject:
    """Register the project, active at once, for `organisation` (a new partner organisation
    named as in the request when None), and give the contact a way in: an invitation as the
    organisation's admin, or an email saying where to make keys when they are one already."""
    require(actor.is_network_admin, _("Only network admins decide on API access requests."))
    request = AccessRequest.objects.select_for_update().get(pk=request.pk)
    _open(request)
    if organisation is None:
        organisation = network.create_organisation(
            actor,
            request.organisation_name,
            _unique_slug(request.organisation_name),
            Organisation.Kind.PARTNER,
            email=request.email,
            website=request.url,
        )
    project = services.create_project(
        actor,
        request.project_name,
        organisation=organisation,
        contact=f"{request.contact_name} <{request.email}>",
        url=request.url,
        languages=request.languages,
        tier=tier,
        intended_use=request.intended_use,
    )
    services.validate_project(actor, project)
    request.status = Status.ACCEPTED
    request.project = project
    _decided(actor, request, "")
    user = get_user_model().objects.filter(email__iexact=request.email).first()
    is_admin = (
        user is not None
        and Membership.objects.filter(
            user=user, organisation=organisation, role=Membership.Role.ADMIN
        ).exists()
    )
    if is_admin:
        _tell(
            request,
            _("Your API access is granted"),
            _(
                "“%(project)s” may now read the API. Log in to the back-office to make its keys:"
                " %(url)s"
            )
            % {"project": project.name, "url": backoffice_url},
        )
    else:
        network.invite(
            actor, request.email, organisation, Membership.Role.ADMIN, accept_url=accept_url
        )
    return project


@transaction.atomic
def refuse(actor: Actor, request: AccessRequest, reason: str) -> AccessRequest:
    """Refuse with a reason, which the contact receives."""
    require(actor.is_network_admin, _("Only network admins decide on API access requests."))
    if not reason.strip():
        raise ValueError(_("reason: a reason is required."))
    request = AccessRequest.objects.select_for_update().get(pk=request.pk)
    _open(request)
    request.status = Status.REFUSED
    _decided(actor, request, reason.strip())
    _tell(
        request,
        _("Your API access request"),
        _("Your request for “%(project)s” was not accepted:\n%(reason)s")
        % {"project": request.project_name, "reason": request.reason},
    )
    return request


def _decided(actor: Actor, request: AccessRequest, reason: str) -> None:
    request.reason = reason
    request.decided_at = timezone.now()
    request.decided_by = actor.user
    request.save(update_fields=["status", "project", "reason", "decided_at", "decided_by"])
    log_action(
        actor, "diffusion.access_request", str(request.pk), status=request.status, reason=reason
    )


def _tell(request: AccessRequest, subject: str, body: str) -> None:
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [request.email])
    )
