"""The organisation a staff user acts for, chosen in the UI and kept in the session."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from opensit.network.models import Membership, Organisation
from opensit.network.permissions import Actor

SESSION_KEY = "opensit_organisation"


def memberships(request: HttpRequest) -> list[Membership]:
    """The user's memberships, first joined first: the first one is the default organisation."""
    cached = getattr(request, "_opensit_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=request.user)
            .select_related("organisation")
            .order_by("pk")
        )
        request._opensit_memberships = cached
    return cached


def current_organisation(request: HttpRequest) -> Organisation:
    """The organisation chosen in the session, else the first one; 403 for non-members."""
    rows = memberships(request)
    if not rows:
        raise PermissionDenied(_("You are not a member of any organisation."))
    chosen = request.session.get(SESSION_KEY)
    for row in rows:
        if row.organisation_id == chosen:
            return row.organisation
    return rows[0].organisation


def current_actor(request: HttpRequest) -> Actor:
    return Actor.for_user(request.user, current_organisation(request))


def choose_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    for row in memberships(request):
        if row.organisation_id == organisation_id:
            request.session[SESSION_KEY] = organisation_id
            return row.organisation
    raise PermissionDenied(_("You are not a member of this organisation."))
