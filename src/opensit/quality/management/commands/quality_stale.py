"""List objects not updated for N months; with --send, email reminders to owners and providers."""

from django.core.management.base import BaseCommand, CommandParser

from opensit.quality.freshness import send_reminders, stale_objects


class Command(BaseCommand):
    help = "List stale objects (not updated for N months) and optionally email reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=None)
        parser.add_argument("--send", action="store_true", help="Email the reminders")

    def handle(self, *args, months: int | None, send: bool, **options) -> None:
        objects = stale_objects(months)
        for obj in objects:
            self.stdout.write(f"{obj.updated_at:%Y-%m-%d}  {obj.id}  {obj.name}")
        self.stdout.write(f"{objects.count()} stale objects")
        if send:
            sent = send_reminders(objects)
            self.stdout.write(f"{len(sent)} reminders sent")
