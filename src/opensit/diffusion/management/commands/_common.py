"""Shared bits of the diffusion commands: the console, the acting identity, lookups."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from rich.console import Console

from opensit.diffusion.models import DiffusionProject, Selection
from opensit.network.models import Organisation
from opensit.network.permissions import Actor


def console(command: Any) -> Console:
    return Console(file=command.stdout._out, highlight=False, soft_wrap=True)


def add_actor_arguments(parser: Any) -> None:
    parser.add_argument("--as-user", help=_("Act as this user (default: the system operator)"))
    parser.add_argument("--as-org", help=_("…for this organisation (slug), with --as-user"))


def actor(options: dict[str, Any]) -> Actor:
    """The operator running the command acts as the system, unless told to act as a member."""
    if not options.get("as_user"):
        return Actor.system()
    user = get_user_model().objects.filter(username=options["as_user"]).first()
    if user is None:
        raise CommandError(_("Unknown user %(name)r.") % {"name": options["as_user"]})
    return Actor.for_user(user, organisation(options.get("as_org") or ""))


def organisation(slug: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(_("Unknown organisation %(slug)r.") % {"slug": slug})
    return found


def project(ident: str) -> DiffusionProject:
    found = DiffusionProject.objects.filter(pk=int(ident)).first() if ident.isdigit() else None
    if found is None:
        raise CommandError(_("Unknown project %(id)r.") % {"id": ident})
    return found


def selection(slug: str) -> Selection:
    found = Selection.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(_("Unknown selection %(slug)r.") % {"slug": slug})
    return found
