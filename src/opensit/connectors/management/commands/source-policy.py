"""`opensit source-policy [SOURCE] [--owner ORG] [--media-licence CODE] [--reserved-media
network|withhold]`: show or set how a source's media are diffused (docs/media.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from opensit.connectors import media_policy
from opensit.connectors.models import SourcePolicy
from opensit.connectors.registry import CONNECTORS
from opensit.core.licences import LICENCES
from opensit.network.models import Organisation
from opensit.network.permissions import Actor


class Command(BaseCommand):
    help = _("Show or set the media policy of a source: the licence of media without one.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "source", nargs="?", choices=sorted(CONNECTORS), help=_("Source system")
        )
        parser.add_argument("--owner", help=_("Slug of the organisation the policy is for"))
        parser.add_argument(
            "--media-licence",
            metavar="CODE",
            help=_("Licence of the media the source gives none (see --licences)"),
        )
        parser.add_argument(
            "--reserved-media",
            choices=media_policy.RESERVED_CHOICES,
            help=_(
                "Media marked all rights reserved: diffused under the network's terms or kept out"
            ),
        )
        parser.add_argument(
            "--licences", action="store_true", help=_("List the licence codes and stop")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.console = Console(file=self.stdout._out, highlight=False, soft_wrap=True)
        if options["licences"]:
            self._licences()
            return
        source, licence, reserved = (
            options["source"],
            options["media_licence"],
            options["reserved_media"],
        )
        owner = self._owner(options["owner"]) if options["owner"] else None
        if (licence is not None or reserved is not None or owner) and not source:
            raise CommandError(_("Name the source whose policy to set."))
        if source and (licence is not None or reserved is not None):
            try:
                media_policy.save_policy(
                    Actor.system(), source, owner, licence=licence, reserved=reserved
                )
            except media_policy.PolicyError as exc:
                raise CommandError(str(exc)) from exc
            self.console.print(
                _("Media policy of %(source)s saved: the next import re-maps its records.")
                % {"source": source}
            )
        self._show(source)

    @staticmethod
    def _owner(slug: str) -> Organisation:
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(_("Unknown organisation %(slug)r.") % {"slug": slug})
        return found

    def _show(self, source: str | None) -> None:
        default = media_policy.default_policy()
        table = Table(title=_("Media policies"))
        for column in (_("source"), _("owner"), _("licence of media without one"), _("reserved")):
            table.add_column(column)
        rows = SourcePolicy.objects.select_related("owner")
        if source:
            rows = rows.filter(system=source)
        for row in rows:
            table.add_row(
                row.system,
                row.owner.slug if row.owner else "",
                row.media_licence or _("%(code)s (default)") % {"code": default.licence},
                row.reserved_media,
            )
        table.add_row(_("(any other)"), "", default.licence, default.reserved)
        self.console.print(table)

    def _licences(self) -> None:
        table = Table(title=_("Licences"))
        for column in (_("code"), _("name"), _("open"), _("restricted")):
            table.add_column(column)
        for lic in LICENCES.values():
            table.add_row(
                lic.code, lic.name, "✓" if lic.open else "", "✓" if lic.restricted else ""
            )
        self.console.print(table)
