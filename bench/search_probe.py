"""In-process search timings on an existing catalog, per query kind and per SQL statement.

    OPENSIT_DATABASE_URL=... .venv/bin/python bench/search_probe.py [kind ...] [--repeat N]

Kinds: text+type, radius+type, events, facets (the API benchmark's, with parameters drawn from
the catalog the same way: words of names, object places, event dates). No HTTP, no bodies:
what the search module and the database cost, with each statement's mean and maximum, and the
slowest queries with their match counts. Useful beside `EXPLAIN` when a kind is slow.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import timedelta

KINDS = ("text+type", "radius+type", "events", "facets")
ROOTS = ["accommodation", "food", "cultural_site", "leisure", "event", "natural_site"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kinds", nargs="*", metavar="kind", help=", ".join(KINDS))
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    if unknown := set(args.kinds) - set(KINDS):
        parser.error(f"unknown kind(s): {', '.join(sorted(unknown))}; choose among {KINDS}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Max, Min

    from opensit.catalog.models import TourismObject
    from opensit.search.query import SearchParams, search

    published = TourismObject.objects.filter(status="published")
    ids = list(published.order_by("id").values_list("id", flat=True)[:20000:40])
    rows = list(
        published.filter(pk__in=ids).values_list("name", "latitude", "longitude", "department")
    )
    words = sorted({w.lower() for n, *_ in rows for w in n.split() if len(w) > 3 and w.isalpha()})
    points = [(lat, lon) for _n, lat, lon, _d in rows if lat is not None]
    departments = sorted({d for *_x, d in rows if d})
    days = published.exclude(first_date=None).aggregate(lo=Min("first_date"), hi=Max("last_date"))
    first, span = days["lo"], max(1, (days["hi"] - days["lo"]).days)
    rng = random.Random(7)

    def window() -> SearchParams:
        start = first + timedelta(days=rng.randrange(span))
        return SearchParams(event_from=start, event_to=start + timedelta(days=6), sort="start_date")

    makers = {
        "text+type": lambda: SearchParams(q=rng.choice(words), types=[rng.choice(ROOTS)]),
        "radius+type": lambda: SearchParams(
            near=rng.choice(points), radius_km=10, types=[rng.choice(ROOTS)], sort="distance"
        ),
        "events": window,
        "facets": lambda: SearchParams(
            departments=[rng.choice(departments)], types=[rng.choice(ROOTS)], facets=True
        ),
    }
    statements: dict[str, list[float]] = defaultdict(list)

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements[sql[:40]].append((time.perf_counter() - started) * 1000)

    print(f"{connection.vendor}, {published.count():,} objects, {len(words)} words")
    for name in args.kinds or KINDS:
        for _ in range(3):
            search(makers[name]())
        statements.clear()
        samples = []
        with connection.execute_wrapper(timed):
            for _ in range(args.repeat):
                params = makers[name]()
                started = time.perf_counter()
                result = search(params)
                ms = (time.perf_counter() - started) * 1000
                samples.append((ms, result.total, params.q, params.types))
        times = sorted(s[0] for s in samples)
        p50, p99 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
        total = statistics.mean(s[1] for s in samples)
        print(f"{name:12} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  mean matches {total:9,.0f}")
        for sql, values in statements.items():
            print(f"    {sql:42} mean {statistics.mean(values):6.1f}  max {max(values):6.1f} ms")
        for ms, matches, q, types in sorted(samples, reverse=True)[:3]:
            print(f"    slow: {ms:6.1f} ms  {matches:7,} matches  q={q!r} types={types}")


if __name__ == "__main__":
    main()
