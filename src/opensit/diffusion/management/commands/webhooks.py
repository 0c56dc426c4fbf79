"""`opensit webhooks deliver`: send the due batches of the change feed to the projects' URLs."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from opensit.diffusion.management.commands import _common
from opensit.diffusion.webhooks import deliver_all


class Command(BaseCommand):
    help = _("Deliver webhooks: new changes, and retries that are due.")

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("deliver", help=_("One delivery round (run it every minute)"))

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        report = deliver_all()
        _common.console(self).print(
            _("%(sent)d sent, %(ok)d delivered, %(failed)d failed, %(waiting)d waiting to retry.")
            % {
                "sent": report.sent,
                "ok": report.succeeded,
                "failed": report.failed,
                "waiting": report.waiting,
            }
        )
