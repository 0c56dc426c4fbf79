"""`opensit import SOURCE PATH`: load a source export into the catalog."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.console import Console
from rich.table import Table

from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportRun
from opensit.connectors.registry import CONNECTORS
from opensit.network.models import Organisation


class Command(BaseCommand):
    help = _("Import tourism objects from a source export (DATAtourisme, Apidae, JSON Lines).")

    def add_arguments(self, parser):
        parser.add_argument("source", choices=sorted(CONNECTORS), help=_("Source format"))
        parser.add_argument("path", help=_("File, folder or zip to import"))
        parser.add_argument("--owner", help=_("Slug of the organisation that will own new objects"))
        parser.add_argument(
            "--strict", action="store_true", help=_("Abort at the first error and write nothing")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("Hide the progress bar"))

    def handle(self, *args, source, path, owner, strict, no_progress, **options):
        target = Path(path)
        if not target.exists():
            raise CommandError(_("%(path)s: no such file or folder.") % {"path": path})
        organisation = None
        if owner:
            organisation = Organisation.objects.filter(slug=owner).first()
            if organisation is None:
                raise CommandError(_("Unknown organisation %(slug)r.") % {"slug": owner})
        console = Console(file=self.stdout._out, highlight=False, soft_wrap=True)
        engine = ImportEngine(
            CONNECTORS[source](),
            owner=organisation,
            strict=strict,
            progress=not no_progress and sys.stderr.isatty(),
        )
        run = engine.run(target)
        self._report(console, run)
        if run.status in (ImportRun.Status.FAILED, ImportRun.Status.ABORTED):
            raise CommandError(_("Import %(status)s.") % {"status": run.get_status_display()})
        if run.status == ImportRun.Status.PARTIAL:
            # The others are imported, but cron and monitoring only see the exit status.
            raise CommandError(
                ngettext(
                    "%(n)d record failed (import run %(id)d).",
                    "%(n)d records failed (import run %(id)d).",
                    run.failed,
                )
                % {"n": run.failed, "id": run.pk},
                returncode=1,
            )

    def _report(self, console: Console, run: ImportRun) -> None:
        table = Table(
            title=_("Import %(source)s: %(path)s") % {"source": run.source, "path": run.path}
        )
        for column in (
            _("read"),
            _("created"),
            _("updated"),
            _("unchanged"),
            _("deleted"),
            _("failed"),
            _("warnings"),
            _("duration"),
        ):
            table.add_column(column, justify="right")
        rate = run.read / run.duration if run.duration else 0
        table.add_row(
            str(run.read),
            str(run.created),
            str(run.updated),
            str(run.unchanged),
            str(run.deleted),
            str(run.failed),
            str(run.warnings),
            f"{run.duration:.1f} s ({rate:,.0f}/s)",
        )
        console.print(table)
        errors = run.issues.filter(level="error")[:20]
        for issue in errors:
            label = _("error")
            console.print(f"[red]{label}[/red] {issue}", markup=True)
        more = run.issues.filter(level="error").count() - len(errors)
        if more > 0:
            console.print(
                _("… and %(n)d more errors (see the import run %(id)d).")
                % {"n": more, "id": run.pk}
            )
        if run.unknown_keys:
            keys = ", ".join(f"{k} ({n})" for k, n in list(run.unknown_keys.items())[:10])
            console.print(
                _("Source keys with no mapping (kept in the raw payload): %(keys)s")
                % {"keys": keys}
            )
        console.print(_("Status: %(status)s") % {"status": run.get_status_display()})
