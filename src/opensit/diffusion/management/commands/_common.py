"""Shared bits of the diffusion commands: the console, the acting identity, lookups."""

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from rich.console import Console

from opensit.diffusion.models import DiffusionProject, Selection
from opensit.network.models import Organisation


def console(command: Any) -> Console:
    return Console(file=command.stdout._out, highlight=False, soft_wrap=True)


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
