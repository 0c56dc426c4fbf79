"""Search benchmark: load N synthetic objects through catalog.services, then time each query kind.

    python bench/search_bench.py --objects 10000                       # SQLite file in /tmp
    python bench/search_bench.py --objects 10000 --database postgres://postgres@127.0.0.1/bench

The database keeps its objects between runs: a second run with a larger N only adds the missing
ones. Prints p50/p99 per query kind over --repeat queries with varied parameters.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

REGION = (46.4, 48.8, 0.2, 3.0)  # lat min/max, lon min/max: about Centre-Val de Loire
DEPARTMENTS = ("18", "28", "36", "37", "41", "45")
ROOT_TYPES = ("accommodation", "food", "cultural_site", "natural_site", "leisure", "event")
LEAF_TYPES = {
    "accommodation": ("hotel", "campsite", "rental", "bed_and_breakfast", "hostel"),
    "food": ("restaurant", "cafe_bar", "gourmet_restaurant"),
    "cultural_site": ("castle", "museum", "religious_site", "park_garden"),
    "natural_site": ("natural_site", "viewpoint", "cave"),
    "leisure": ("swimming_pool", "golf_course", "play_area"),
    "event": ("concert", "festival", "market_fair", "sports_event", "exhibition"),
}
THEMES = [f"theme_{n}" for n in range(40)]
AMENITIES = [f"amenity_{n}" for n in range(60)]
SYLLABLES = [c + v for c in "bcdflmnrstv" for v in "aeiou"]


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Generator:
    """Zipf-distributed words, clustered places, a fifth of events with dates or weekly rules."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(random.Random(seed))
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.words))))
        self.communes = [
            (f"{dep}{n:03d}", self.rng.uniform(*REGION[:2]), self.rng.uniform(*REGION[2:]))
            for dep in DEPARTMENTS
            for n in range(1, 60)
        ]

    def text(self, n: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.cum_weights, k=n))

    def document(self, n: int) -> dict:
        rng = self.rng
        root = rng.choices(ROOT_TYPES, (30, 20, 15, 5, 10, 20))[0]
        insee, lat, lon = rng.choice(self.communes)
        doc = {
            "type": rng.choice(LEAF_TYPES[root]),
            "name": {"fr": f"{self.text(2).title()} {n}"},
            "short_description": {"fr": self.text(12)},
            "description": {"fr": self.text(60), "en": self.text(30)},
            "source": {"system": "bench", "id": str(n)},
            "location": {
                "commune": {"insee": insee, "name": f"Commune {insee}"},
                "latitude": round(lat + rng.gauss(0, 0.05), 5),
                "longitude": round(lon + rng.gauss(0, 0.05), 5),
            },
            "themes": rng.sample(THEMES, rng.randint(0, 3)),
            "amenities": rng.sample(AMENITIES, rng.randint(0, 6)),
        }
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
        if root == "event":
            if rng.random() < 0.7:
                end = start + timedelta(days=rng.choice((0, 0, 1, 2, 6, 30)))
                doc["event"] = {"occurrences": [{"start_date": str(start), "end_date": str(end)}]}
            else:
                until = (start + timedelta(days=180)).strftime("%Y%m%d")
                doc["event"] = {
                    "recurrences": [
                        {"start_date": str(start), "rrule": f"FREQ=WEEKLY;UNTIL={until}"}
                    ]
                }
        else:
            doc["opening"] = {
                "periods": [
                    {
                        "start": str(start),
                        "end": str(start + timedelta(days=rng.randint(30, 300))),
                        "recurs_yearly": rng.random() < 0.3,
                        "weekdays": rng.sample(
                            ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 5
                        ),
                    }
                ]
            }
        return doc


def load(target: int) -> None:
    from django.db import transaction

    from opensit.catalog import services
    from opensit.catalog.document import TourismDocument
    from opensit.catalog.models import TourismObject
    from opensit.network.models import Organisation
    from opensit.network.permissions import Actor

    have = TourismObject.objects.filter(source_system="bench").count()
    if have >= target:
        return
    owner, _ = Organisation.objects.get_or_create(
        slug="bench-source", defaults={"name": "Bench", "kind": "source"}
    )
    actor = Actor.importer(owner)
    gen = Generator()
    for n in range(have):  # replay the generator to continue the same stream
        gen.document(n)
    started = time.perf_counter()
    for first in range(have, target, 500):
        docs = [gen.document(n) for n in range(first, min(first + 500, target))]
        items = [services.BatchItem(TourismDocument.model_validate(d)) for d in docs]
        with transaction.atomic():
            services.save_batch(actor, items)
        done = first + len(docs) - have
        rate = done / (time.perf_counter() - started)
        print(f"\r  loaded {first + len(docs)}/{target} ({rate:.0f} objects/s)", end="", flush=True)
    print()


def load_index_only(target: int) -> None:
    """Index synthetic objects that are never saved in the catalog: only the index is measured
    (the catalog write path is the import benchmark's business), at 20x the speed of services."""
    from django.utils import timezone

    from opensit.catalog.models import TourismObject
    from opensit.catalog.projection import department_of
    from opensit.catalog.types import root_of
    from opensit.core.identifiers import source_object_id
    from opensit.search.indexer import event_days, index_objects
    from opensit.search.models import SearchEntry

    have = SearchEntry.objects.count()
    gen = Generator()
    for n in range(have):
        gen.document(n)
    started = time.perf_counter()
    now = timezone.now()
    for first in range(have, target, 500):
        objects = []
        for n in range(first, min(first + 500, target)):
            doc = gen.document(n)
            loc = doc["location"]
            days = event_days(doc["event"]) if "event" in doc else []
            objects.append(
                TourismObject(
                    id=source_object_id("bench", str(n)),
                    status=TourismObject.Status.PUBLISHED,
                    type=doc["type"],
                    type_root=root_of(doc["type"]),
                    name=doc["name"]["fr"],
                    commune_insee=loc["commune"]["insee"],
                    department=department_of(loc["commune"]["insee"]),
                    latitude=loc["latitude"],
                    longitude=loc["longitude"],
                    first_date=date.fromordinal(min(d[0] for d in days)) if days else None,
                    document=doc,
                    created_at=now,
                    updated_at=now - timedelta(minutes=n),
                )
            )
        index_objects(objects)
        done = first + len(objects) - have
        rate = done / (time.perf_counter() - started)
        print(f"\r  indexed {first + len(objects)}/{target} ({rate:.0f} objects/s)", end="")
    print()


def replicate(copies: int) -> None:
    """Grow the index by copying its rows `copies - 1` times, shifted by a few km each time:
    the word and place distributions stay those of the generator, the fill takes seconds."""
    from django.db import connection, transaction
    from grow import index_statements

    from opensit.search.models import SearchEntry

    base = SearchEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    have = SearchEntry.objects.count()
    if not base or have >= base * copies:
        return
    sqlite = connection.vendor == "sqlite"
    for k in range(have // base, copies):
        oid = f"substr(object_id, 1, 30) || '-' || {k}"
        statements = index_statements(k, base, oid, sqlite)
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        print(f"\r  replicated to {(k + 1) * base} entries", end="")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if not sqlite:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('search_entry', 'id'), MAX(id))"
                " FROM search_entry"
            )
    print()


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench(repeat: int) -> dict[str, tuple[float, float, float]]:
    from opensit.search.query import SearchParams, search

    gen = Generator()  # the vocabulary and communes of the loaded data
    rng = random.Random(7)
    common = gen.words[:50]
    rarer = gen.words[200:2000]

    def text_type() -> SearchParams:
        word = rng.choice(common) if rng.random() < 0.5 else rng.choice(rarer)
        return SearchParams(q=word, types=[rng.choice(ROOT_TYPES)])

    def radius_type() -> SearchParams:
        _insee, lat, lon = rng.choice(gen.communes)
        return SearchParams(
            near=(lat, lon), radius_km=10, types=[rng.choice(ROOT_TYPES)], sort="distance"
        )

    def event_window() -> SearchParams:
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
        return SearchParams(event_from=start, event_to=start + timedelta(days=6), sort="start_date")

    def facets() -> SearchParams:
        return SearchParams(
            departments=[rng.choice(DEPARTMENTS)], types=[rng.choice(ROOT_TYPES)], facets=True
        )

    def facets_text() -> SearchParams:
        return SearchParams(q=rng.choice(common), facets=True)

    kinds = {
        "text+type": text_type,
        "radius+type": radius_type,
        "event window": event_window,
        "facets (dept+type)": facets,
        "facets (common word)": facets_text,
    }
    out = {}
    for name, make in kinds.items():
        search(make())  # warm up
        samples, totals = [], []
        for _ in range(repeat):
            params = make()
            started = time.perf_counter()
            result = search(params)
            samples.append((time.perf_counter() - started) * 1000)
            totals.append(result.total)
        out[name] = (percentile(samples, 50), percentile(samples, 99), statistics.mean(totals))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--database", default="", help="OPENSIT_DATABASE_URL (default: SQLite)")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--replicate", type=int, default=1, help="Copy the index this many times (see replicate)"
    )
    parser.add_argument(
        "--index-only",
        action="store_true",
        help="Fill the index without catalog rows (fast, for the 200,000 figures)",
    )
    args = parser.parse_args()
    if args.database:
        os.environ["OPENSIT_DATABASE_URL"] = args.database
    else:
        name = "index" if args.index_only else "catalog"
        os.environ["OPENSIT_DATABASE_URL"] = f"sqlite:////tmp/opensit-search-bench-{name}.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if args.index_only:
        load_index_only(args.objects)
    else:
        load(args.objects)
    replicate(args.replicate)
    from opensit.search.models import SearchEntry

    print(f"{connection.vendor}, {SearchEntry.objects.count()} objects in the index")
    print(f"{'query':<24}{'p50 ms':>9}{'p99 ms':>9}{'mean total':>12}")
    for name, (p50, p99, total) in bench(args.repeat).items():
        print(f"{name:<24}{p50:>9.2f}{p99:>9.2f}{total:>12.0f}")


if __name__ == "__main__":
    main()
