"""`opensit search reindex`: rebuild the whole search index from the published objects;
`opensit search optimize`: compact it (nightly, and after large imports)."""

import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from opensit.catalog.models import TourismObject
from opensit.search.indexer import clear_index, index_objects, optimize_index

BATCH = 500


class Command(BaseCommand):
    help = _(
        "Search index maintenance: `reindex` rebuilds it from the published objects, "
        "`optimize` compacts it (nightly, and after large imports)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reindex", "optimize"])
        parser.add_argument("--no-progress", action="store_true", help=_("No progress bar."))

    def handle(self, *args, action: str, no_progress: bool = False, **options) -> None:
        if action == "reindex":
            self.reindex(no_progress)
        started = time.perf_counter()
        optimize_index()
        self.stdout.write(
            _("Search index optimised in %(seconds).1f s.")
            % {"seconds": time.perf_counter() - started}
        )

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
