"""`opensit sites demo`: the two demo destination sites over the demo catalog (docs/sites.md)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from opensit.network.models import Organisation
from opensit.sites.demo import build_demo_sites


class Command(BaseCommand):
    help = gettext_lazy(
        "Destination sites: `demo` makes the two demo sites (after `opensit demo`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["demo"])
        parser.add_argument(
            "--port", type=int, default=8000, help=gettext_lazy("Port the sites are served on.")
        )

    def handle(self, *args, action: str, port: int, **options) -> None:
        if not Organisation.objects.filter(slug="adt-touraine").exists():
            raise CommandError(_("Load the demo catalog first: opensit demo."))
        for site in build_demo_sites(port):
            state = pgettext("demo site", "created") if site.created else _("already there")
            self.stdout.write(f"  {site.name:<28} http://{site.hostname}:{port}/  ({state})")
