"""`opensit quality remind|stale|refresh`: freshness reminders, the stale list, recomputation."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from opensit.core.audit import log_action
from opensit.network.permissions import Actor
from opensit.quality.freshness import send_reminders, stale_objects
from opensit.quality.services import MAX_MONTHS


class Command(BaseCommand):
    help = _(
        "Data quality: `remind` emails the owners and providers of objects not updated for N "
        "months, `stale` lists them, `refresh` recomputes every object's quality."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind", "stale", "refresh"])
        parser.add_argument(
            "--months", type=int, default=None, help=_("Months without update (setting default)")
        )

    def handle(self, *args, action: str, months: int | None, **options) -> None:
        if months is not None and not 1 <= months <= MAX_MONTHS:
            raise CommandError(
                _("--months: between 1 and %(max)d, not %(value)s.")
                % {"max": MAX_MONTHS, "value": months}
            )
        if action == "refresh":
            call_command("quality_refresh", stdout=self.stdout)
            return
        objects = stale_objects(months)
        if action == "stale":
            for obj in objects:
                self.stdout.write(f"{obj.updated_at:%Y-%m-%d}  {obj.id}  {obj.name}")
            self.stdout.write(_("%(count)d stale objects") % {"count": objects.count()})
            return
        sent = send_reminders(objects)
        log_action(Actor.system(), "quality.reminders_sent", months=months, recipients=len(sent))
        self.stdout.write(_("%(count)d reminders sent") % {"count": len(sent)})
