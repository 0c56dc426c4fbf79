"""`opensit diffusion render|refresh|flush-usage`: maintenance of the diffusion data."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from opensit.catalog import pipeline
from opensit.catalog.models import TourismObject
from opensit.diffusion.management.commands import _common
from opensit.diffusion.render import refresh_stale
from opensit.diffusion.usage import BUFFER


class Command(BaseCommand):
    help = _("Render public documents again, refresh expired media, flush usage counters.")

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("render", help=_("Render every object's public form again"))
        sub.add_parser("refresh", help=_("Render again objects whose media publication ended"))
        sub.add_parser("flush-usage", help=_("Write this process's usage counts now"))

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        console = _common.console(self)
        if action == "render":
            ids = list(TourismObject.objects.values_list("id", flat=True))
            for start in range(0, len(ids), 500):
                with transaction.atomic():
                    objects = TourismObject.objects.filter(id__in=ids[start : start + 500])
                    pipeline.rebuild(["public"], list(objects))
            console.print(_("%(n)d objects rendered.") % {"n": len(ids)})
        elif action == "refresh":
            with transaction.atomic():
                count = refresh_stale()
            console.print(_("%(n)d objects rendered again.") % {"n": count})
        else:
            console.print(_("%(n)d counters written.") % {"n": BUFFER.flush()})
