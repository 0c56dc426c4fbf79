"""Who runs a management command: the system (the operator at the console) by default, or a
member of an organisation with `--as-user NAME --as-org SLUG`, whose rights the services then
check. Shared by every app's commands."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from opensit.network.models import Organisation
from opensit.network.permissions import Actor


def add_actor_arguments(parser: Any) -> None:
    parser.add_argument("--as-user", help=_("Act as this user (default: the system operator)"))
    parser.add_argument("--as-org", help=_("…for this organisation (slug), with --as-user"))


def actor_from(username: str | None, org_slug: str | None) -> Actor:
    """The system, or the member `username` acting for `org_slug`; a CommandError naming the
    option otherwise."""
    if not username and not org_slug:
        return Actor.system()
    if not username:
        raise CommandError(_("--as-user: required with --as-org."))
    if not org_slug:
        raise CommandError(_("--as-org: required with --as-user."))
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("--as-user: unknown user %(name)r.") % {"name": username})
    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None:
        raise CommandError(_("--as-org: unknown organisation %(slug)r.") % {"slug": org_slug})
    try:  # not origin="system": that origin is a network admin's (Actor.is_network_admin)
        return Actor.for_user(user, organisation)
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from exc


def actor_from_options(options: dict[str, Any]) -> Actor:
    return actor_from(options.get("as_user"), options.get("as_org"))
