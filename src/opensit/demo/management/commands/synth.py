"""`opensit synth`: a realistic synthetic catalog, into the database or as a DATAtourisme
archive, deterministic for a seed."""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from opensit.demo.synth.catalog import write_catalog
from opensit.demo.synth.datatourisme import write_archive

MAX_OBJECTS = 10_000_000


class Command(BaseCommand):
    help = gettext_lazy(
        "Generate a realistic synthetic catalog, deterministic for a seed: into the catalog "
        "(through the write services), or as a DATAtourisme flux archive with --datatourisme."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--objects", type=int, required=True, help=gettext_lazy("How many objects.")
        )
        parser.add_argument(
            "--seed", type=int, default=1, help=gettext_lazy("Random seed (default 1).")
        )
        parser.add_argument(
            "--year",
            type=int,
            default=date.today().year,
            help=gettext_lazy("Year of the opening periods and event dates (default: this year)."),
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help=gettext_lazy("Objects per transaction (default 1000)."),
        )
        parser.add_argument(
            "--datatourisme",
            metavar="DIR",
            help=gettext_lazy("Write a DATAtourisme flux archive into DIR instead of the catalog."),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("No progress bar.")
        )

    def handle(self, *args, **options) -> None:
        count, seed, year = options["objects"], options["seed"], options["year"]
        if not 0 < count <= MAX_OBJECTS:
            raise CommandError(
                _("--objects must be between 1 and %(max)d, not %(n)d.")
                % {"max": MAX_OBJECTS, "n": count}
            )
        if not 1900 < year < 2200:
            raise CommandError(_("--year must be a plausible year, not %(year)d.") % {"year": year})
        if options["batch_size"] < 1:
            raise CommandError(_("--batch-size must be at least 1."))
        target = options["datatourisme"]
        if target and Path(target).exists() and any(Path(target).iterdir()):
            raise CommandError(
                _("The directory %(dir)s is not empty: choose a new one.") % {"dir": target}
            )
        show = not options["no_progress"] and options["verbosity"] > 0
        started = time.perf_counter()
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]} obj/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=self.stderr._out),
            disable=not show,
            transient=False,
        ) as progress:
            task = progress.add_task(_("Synthetic objects"), total=count, rate="-")

            def advance(n: int) -> None:
                done = progress.tasks[task].completed + n
                elapsed = time.perf_counter() - started
                progress.update(task, advance=n, rate=f"{done / elapsed:,.0f}" if elapsed else "-")

            if target:
                written = write_archive(Path(target), count, seed, year, on_object=advance)
                summary = _("%(n)d objects written as a DATAtourisme archive in %(dir)s") % {
                    "n": written,
                    "dir": target,
                }
            else:
                report = write_catalog(
                    count, seed, year, batch_size=options["batch_size"], on_batch=advance
                )
                summary = _(
                    "%(n)d objects: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged"
                ) % {
                    "n": report.written,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                }
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{summary} ({elapsed:.1f} s, {count / elapsed:,.0f} " + _("objects/s") + ")"
        )
