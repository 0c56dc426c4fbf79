"""`opensit quality refresh|stale|remind`: recompute every object's quality, list the objects not
updated for N months, email their owners and providers.

Each subcommand calls `opensit.quality.services` with an actor: the system (the operator at the
console) by default, or a member with `--as-user NAME --as-org SLUG`. The rights and the audit
entries are the services', the same as in the back office."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from opensit.network.commands import actor_from, add_actor_arguments
from opensit.network.permissions import Actor
from opensit.quality import services


class Command(BaseCommand):
    help = _(
        "Data quality: `refresh` recomputes every object's quality, `stale` lists the objects "
        "not updated for N months, `remind` emails their owners and providers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser(
            "refresh", help=_("Recompute every object's quality (after a change of rules)")
        )
        refresh.add_argument("--no-progress", action="store_true", help=_("No progress bar."))
        stale = sub.add_parser("stale", help=_("List the objects not updated for N months"))
        remind = sub.add_parser(
            "remind", help=_("Email the owners and providers of the objects not updated")
        )
        for months_parser in (stale, remind):
            months_parser.add_argument(
                "--months",
                type=int,
                default=None,
                help=_("Months without update (setting default)"),
            )
        for sub_parser in sub.choices.values():
            add_actor_arguments(sub_parser)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            actor = actor_from(options.get("as_user"), options.get("as_org"))
            getattr(self, "do_" + action)(actor, options)
        except (PermissionDenied, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    def do_refresh(self, actor: Actor, options: dict[str, Any]) -> None:
        progress = Progress(
            TextColumn(_("Assessing")),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(file=self.stderr._out),
            disable=options["no_progress"],
        )
        with progress:
            task = progress.add_task("refresh", total=None)
            count = services.refresh_all(
                actor, lambda done, total: progress.update(task, completed=done, total=total)
            )
        self.stdout.write(_("%(count)d objects assessed.") % {"count": count})

    def do_stale(self, actor: Actor, options: dict[str, Any]) -> None:
        objects = services.stale_for(actor, options["months"])
        count = 0
        for obj in objects.only("id", "name", "updated_at"):
            self.stdout.write(f"{obj.updated_at:%Y-%m-%d}  {obj.id}  {obj.name}")
            count += 1
        self.stdout.write(_("%(count)d stale objects") % {"count": count})

    def do_remind(self, actor: Actor, options: dict[str, Any]) -> None:
        sent = services.send_reminders(actor, options["months"])
        for email, names in sorted(sent.items()):
            self.stdout.write(f"{email}  {len(names)}")
        self.stdout.write(_("%(count)d reminders sent") % {"count": len(sent)})
