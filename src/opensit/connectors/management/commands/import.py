"""`opensit import SOURCE PATH`: load a source export into the catalog."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.console import Console
from rich.table import Table

from opensit.connectors import media_policy, sniff
from opensit.connectors.engine import ImportEngine
from opensit.connectors.management.commands._report import print_groups, print_unknown_keys
from opensit.connectors.models import ImportRun
from opensit.connectors.registry import CONNECTORS
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

#: Kinds of issue (and unknown fields) printed after a run; `import-report` lists them all.
SHOWN = 20


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
        parser.add_argument(
            "--show",
            type=int,
            default=SHOWN,
            metavar="N",
            help=_("How many kinds of issue to print (default %(default)s)"),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Import even when the input looks like another source's format"),
        )
        parser.add_argument(
            "--media-licence",
            metavar="CODE",
            help=_("Licence of media the source gives none, saved as its policy (docs/media.md)"),
        )

    def handle(self, *args, source, path, owner, strict, no_progress, show, force, **options):
        target = Path(path)
        if not target.exists():
            raise CommandError(_("%(path)s: no such file or folder.") % {"path": path})
        found = sniff.sniff(target)
        if not force:
            self._refuse_other_format(source, found)
        organisation = None
        if owner:
            organisation = Organisation.objects.filter(slug=owner).first()
            if organisation is None:
                raise CommandError(_("Unknown organisation %(slug)r.") % {"slug": owner})
        if options.get("media_licence") is not None:  # saved for the source (and --owner)
            try:
                media_policy.save_policy(
                    Actor.system(), source, organisation, licence=options["media_licence"]
                )
            except media_policy.PolicyError as exc:
                raise CommandError(str(exc)) from exc
        console = Console(file=self.stdout._out, highlight=False, soft_wrap=True)
        engine = ImportEngine(
            CONNECTORS[source](),
            owner=organisation,
            strict=strict,
            progress=not no_progress and sys.stderr.isatty(),
        )
        run = engine.run(target)
        self._report(console, run, max(show, 0))
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
        if run.read == 0 and found is None:
            # A wrong path in a cron line would otherwise "succeed" every night.
            raise CommandError(self._nothing_read(target, source), returncode=1)

    @staticmethod
    def _refuse_other_format(source: str, found: str | None) -> None:
        """Stop before writing anything when the input is clearly another format."""
        expected = sniff.format_of(source)
        if found is None or expected is None or found == expected:
            return
        names = {"found": sniff.label(found), "expected": sniff.label(expected)}
        message = _("This looks like a %(found)s file, not %(expected)s: nothing imported.") % names
        connector = sniff.connector_for(found, CONNECTORS)
        if connector:
            message += " " + _("Use `opensit import %(connector)s`.") % {"connector": connector}
        message += " " + _("(--force imports it anyway.)")
        raise CommandError(message, returncode=2)

    @staticmethod
    def _nothing_read(target: Path, source: str) -> str:
        files = sniff.describe(target)
        found = (
            ", ".join(
                ngettext("%(n)d %(ext)s file", "%(n)d %(ext)s files", n) % {"n": n, "ext": ext}
                for ext, n in files
            )
            if files
            else _("no file")
        )
        return _(
            "Nothing imported: %(path)s holds nothing the %(source)s connector reads "
            "(found: %(found)s)."
        ) % {"path": target, "source": source, "found": found}

    def _report(self, console: Console, run: ImportRun, shown: int) -> None:
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
        print_groups(console, run, shown)
        print_unknown_keys(console, run, shown)
        console.print(_("Status: %(status)s") % {"status": run.get_status_display()})
