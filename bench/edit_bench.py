"""Edit latency: one person's write through the catalog services, p50/p99 per kind.

A catalog of `--objects` published synthetic objects is written first through `save_batch`
(every derived table on: search index, public forms and feed, quality, duplicate keys). Then,
one at a time, each in its own transaction as a back-office save is:

- update: a new description (`update_object`), the commonest edit;
- unpublish + publish: a status change and back;
- create: a new draft object (`create_object`).

Each engine runs in a process of its own (`--child`), on a fresh database. Command:

    .venv/bin/python bench/edit_bench.py --engines sqlite,postgresql
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import orjson
from databases import environment

HERE = Path(__file__).resolve().parent
WORK = Path(os.environ.get("OPENSIT_BENCH_DIR", "/tmp/opensit-bench"))
PG_URL = os.environ.get("OPENSIT_BENCH_PG", "postgres://postgres@127.0.0.1:5432/opensit_bench")


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered) * 1000, 2),
        "p99": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
    }


def child(objects: int, edits: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from opensit.catalog import services
    from opensit.catalog.document import TourismDocument
    from opensit.catalog.models import TourismObject
    from opensit.demo.synth.generator import SyntheticCatalog
    from opensit.network.models import Organisation
    from opensit.network.permissions import Actor

    owner = Organisation.objects.create(slug="bench", name="Bench", kind="tourist_office")
    importer = Actor.importer(owner)
    # Local objects (no source): their every field is the office's to edit.
    documents = [
        {k: v for k, v in d.items() if k != "source"}
        for d in SyntheticCatalog(1, 2026).documents(objects + edits)
    ]
    for start in range(0, objects, 500):
        with transaction.atomic():
            services.save_batch(
                importer,
                [
                    services.BatchItem(TourismDocument.model_validate(d))
                    for d in documents[start : min(start + 500, objects)]
                ],
                owner=owner,
            )
    editor = Actor(organisation=owner, role="admin", origin="backoffice")
    ids = list(TourismObject.objects.order_by("id").values_list("id", flat=True)[:edits])
    timings: dict[str, list[float]] = {"update": [], "unpublish + publish": [], "create": []}
    for n, object_id in enumerate(ids):
        obj = TourismObject.objects.get(pk=object_id)
        doc = dict(obj.document)
        doc["description"] = {"fr": f"Nouvelle description {n}. " * 20}
        started = time.perf_counter()
        services.update_object(editor, obj, doc, comment="bench")
        timings["update"].append(time.perf_counter() - started)
        obj = TourismObject.objects.get(pk=object_id)
        started = time.perf_counter()
        obj = services.unpublish(editor, obj, "bench")
        services.publish(editor, obj)
        timings["unpublish + publish"].append(time.perf_counter() - started)
        new = documents[objects + n]
        started = time.perf_counter()
        services.create_object(editor, new)
        timings["create"].append(time.perf_counter() - started)
    print(orjson.dumps({kind: _percentiles(s) for kind, s in timings.items()}).decode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--objects", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.objects, args.edits)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Edit latency, ms ({args.objects} objects, {args.edits} edits)")
    for column in ("engine", "kind", "p50", "p99"):
        table.add_column(column)
    for engine in args.engines.split(","):
        sizes = ["--objects", str(args.objects), "--edits", str(args.edits)]
        out = subprocess.run(
            [sys.executable, __file__, "--child", *sizes],
            env=environment(engine, WORK / "edit.sqlite3", PG_URL),
            check=True,
            capture_output=True,
            text=True,
        )
        for kind, figures in orjson.loads(out.stdout.splitlines()[-1]).items():
            table.add_row(engine, kind, f"{figures['p50']:.2f}", f"{figures['p99']:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
