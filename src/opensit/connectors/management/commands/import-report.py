"""`opensit import-report [RUN_ID]`: every issue of an import run (the import itself prints
only the first kinds); without an id, the latest runs and their ids."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.markup import escape

from opensit.connectors.management.commands._report import (
    level_label,
    print_group,
    print_unknown_keys,
    run_groups,
)
from opensit.connectors.models import ImportIssue, ImportRun

LATEST = 20


class Command(BaseCommand):
    help = _("List every issue of an import run, or the latest runs.")

    def add_arguments(self, parser):
        parser.add_argument("run", nargs="?", type=int, help=_("Import run number"))
        parser.add_argument(
            "--level", choices=["error", "warning"], help=_("Only errors, or only warnings")
        )
        parser.add_argument(
            "--grouped", action="store_true", help=_("Counts by kind and field, not each issue")
        )

    def handle(self, *args, run, level, grouped, **options):
        console = Console(file=self.stdout._out, highlight=False, soft_wrap=True)
        if run is None:
            self._latest(console)
            return
        record = ImportRun.objects.filter(pk=run).first()
        if record is None:
            raise CommandError(_("No import run %(id)d.") % {"id": run})
        console.print(
            _("Import run %(id)d: %(source)s %(path)s, %(status)s")
            % {
                "id": record.pk,
                "source": record.source,
                "path": record.path,
                "status": record.get_status_display(),
            },
            markup=False,
        )
        if grouped:
            for group in run_groups(record):
                if level is None or group.level == level:
                    print_group(console, group)
            print_unknown_keys(console, record, limit=10**9)
            return
        issues = ImportIssue.objects.filter(run=record).order_by("id")
        if level:
            issues = issues.filter(level=level)
        for issue in issues.iterator(chunk_size=2000):
            colour = "red" if issue.level == "error" else "yellow"
            where = " ".join(p for p in (issue.file, issue.source_id, issue.field) if p)
            console.print(
                f"[{colour}]{escape(level_label(issue.level))}[/{colour}] "
                f"{escape(where)}: {escape(issue.message)}",
                markup=True,
            )
        if not level:
            print_unknown_keys(console, record, limit=10**9)

    def _latest(self, console: Console) -> None:
        """One line per run (greppable, never wrapped into a narrow table)."""
        console.print(_("Latest import runs:"), markup=False)
        for run in ImportRun.objects.order_by("-started_at", "-pk")[:LATEST]:
            counts = _("read %(read)d, failed %(failed)d, warnings %(warnings)d") % {
                "read": run.read,
                "failed": run.failed,
                "warnings": run.warnings,
            }
            console.print(
                f"{run.pk:>6}  {run.source}  {run.started_at:%Y-%m-%d %H:%M}  "
                f"{run.get_status_display()}  {counts}  {run.path}",
                markup=False,
            )
