"""Shared bits of the diffusion commands: the console, the acting identity, lookups."""

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from rich.console import Console

from opensit.diffusion.models import DiffusionProject, Selection
from opensit.network.commands import actor_from_options
from opensit.network.models import Organisation
from opensit.network.permissions import Actor


def console(command: Any) -> Console:
    return Console(file=command.stdout._out, highlight=False, soft_wrap=True)


def actor(options: dict[str, Any]) -> Actor:
    """The operator running the command acts as the system, unless told to act as a member."""
    return actor_from_options(options)


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
