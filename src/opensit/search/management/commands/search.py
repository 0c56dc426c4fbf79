"""`opensit search reindex`: rebuild the whole search index from the published objects;
`opensit search optimize`: compact it (nightly, and after large imports); `opensit search
follow`: keep this server's text index up to date (the index's one writer, beside a
multi-process server); `opensit search check`: compare the text index with the database."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, transaction
from django.utils.translation import gettext as _
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from opensit.catalog.models import TourismObject
from opensit.core.routers import reads_from, replica_aliases
from opensit.search.indexer import clear_index, index_objects, optimize_index
from opensit.search.models import SearchDocument
from opensit.search.textindex import get_index

BATCH = 500


class Command(BaseCommand):
    help = _(
        "Search index maintenance: `reindex` rebuilds it from the published objects, "
        "`optimize` compacts it (nightly, and after large imports)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reindex", "optimize", "follow", "check"])
        parser.add_argument(
            "--interval", type=float, default=0.5, help=_("follow: seconds between two looks.")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("No progress bar."))

    def handle(self, *args, action: str, no_progress: bool = False, **options) -> None:
        if action == "follow":
            return self.follow(options["interval"])
        if action == "check":
            return self.check_index()
        if action == "reindex":
            self.reindex(no_progress)
            started = time.perf_counter()
            count = get_index(sync=False).rebuild()
            self.stdout.write(
                _("Text index rebuilt: %(count)d documents in %(seconds).1f s.")
                % {"count": count, "seconds": time.perf_counter() - started}
            )
        started = time.perf_counter()
        optimize_index()
        self.stdout.write(
            _("Search index optimised in %(seconds).1f s.")
            % {"seconds": time.perf_counter() - started}
        )

    def follow(self, interval: float) -> None:
        """The text index's writer: applies the database's change log as it grows, and each
        read replica's to the index of that replica (docs/deployment.md, "Read replicas")."""
        indexes = [get_index(sync=False)]
        for alias in replica_aliases():
            with reads_from(alias):
                indexes.append(get_index(sync=False))
        self.stdout.write(_("Following the search log (Ctrl-C to stop)."))
        while True:
            for index in indexes:
                index.sync()
            close_old_connections()
            time.sleep(interval)

    def check_index(self) -> None:
        """The text index holds exactly the database's documents."""
        index = get_index()
        expected = SearchDocument.objects.count()
        found = index.searcher.num_docs
        if found != expected:
            raise CommandError(
                _(
                    "The text index holds %(found)d documents, the database %(expected)d:"
                    " run `opensit search reindex`."
                )
                % {"found": found, "expected": expected}
            )
        self.stdout.write(_("Text index checked: %(count)d documents.") % {"count": found})

    def reindex(self, no_progress: bool) -> None:
        published = TourismObject.objects.filter(status=TourismObject.Status.PUBLISHED)
        total = published.count()
        ids = list(published.order_by("id").values_list("id", flat=True))
        progress = Progress(
            TextColumn(_("Indexing")),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            disable=no_progress,
        )
        done = 0
        with progress, transaction.atomic():
            task = progress.add_task("index", total=total)
            clear_index()
            for start in range(0, len(ids), BATCH):
                chunk = list(TourismObject.objects.filter(id__in=ids[start : start + BATCH]))
                done += index_objects(chunk)
                progress.update(task, advance=len(chunk))
        self.stdout.write(_("%(count)d objects indexed.") % {"count": done})
