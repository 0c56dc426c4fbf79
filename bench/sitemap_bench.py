"""Time a destination's sitemaps on a large catalog (docs/sites.md, "Sitemaps and robots.txt").

    OPENSIT_DATABASE_URL=... DJANGO_SETTINGS_MODULE=opensit.settings \
        PYTHONPATH=src:. .venv/bin/python bench/sitemap_bench.py

On a catalog grown with `opensit synth` and bench/grow.py: makes a destination over the whole
catalog on `bench.localhost` (once), then times, twice each, the scope's ids and update
times, the sitemap index, and the first and last object files (their bytes written).
"""

import resource
import time

import django

django.setup()

from opensit.catalog.models import TourismObject  # noqa: E402
from opensit.network.models import Organisation  # noqa: E402
from opensit.sites import sitemaps  # noqa: E402
from opensit.sites.models import Destination  # noqa: E402
from tests.sitekit import make_destination  # noqa: E402


def file_bytes(destination: Destination, lang: str, number: int) -> int:
    entries = sitemaps.object_entries(destination, lang, number)
    return sum(len(chunk) for chunk in sitemaps.urlset(entries or [], lang))


def main() -> None:
    destination = Destination.objects.filter(site__hostname="bench.localhost").first()
    if destination is None:
        owner = Organisation.objects.first()
        destination = make_destination(owner, "bench.localhost", title="Bench")
    published = TourismObject.objects.filter(status=TourismObject.Status.PUBLISHED).count()
    files = len(sitemaps.object_pages(destination))
    print(f"published objects: {published}, object files per language: {files}")
    runs = [
        ("scope ids", lambda: len(sitemaps.object_rows(destination))),
        ("sitemap index (chars)", lambda: len(sitemaps.sitemap_index(destination))),
        ("first object file (bytes)", lambda: file_bytes(destination, "fr", 1)),
        ("last object file (bytes)", lambda: file_bytes(destination, "en", files)),
    ]
    for label, run in runs:
        for attempt in (1, 2):
            started = time.perf_counter()
            out = run()
            print(f"{label}: {out} in {time.perf_counter() - started:.2f} s (run {attempt})")
    print(f"max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
