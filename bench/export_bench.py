"""Export benchmark: 200,000 published objects exported as JSON-LD (DATAtourisme), on SQLite and
PostgreSQL, reporting objects/s and the peak RSS of the export process.

    .venv/bin/python bench/export_bench.py [--objects 200000] [--engines sqlite,postgres]
                                           [--format jsonld] [--keep]

Targets: >= 5,000 objects/s and peak RSS <= 400 MB.

The catalog is filled once per engine (cached between runs unless the object count changes)
with the synthetic generator of `opensit synth` when it is installed, else a small generator
below; objects are saved through `catalog.services.save_batch`. The write pipeline's parts other
than the revision (search index, public forms, quality) are unregistered while filling: the
export reads only the stored documents, and the fill would otherwise take most of the run. The
export runs as `opensit export --format F --output FILE` in a child process; its wall time
(Django start-up included) and its peak RSS (`wait4` rusage) are what is reported.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import databases
import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = Path(os.environ.get("OPENSIT_BENCH_DIR", "/tmp/opensit-export-bench"))
PG_URL = os.environ.get(
    "OPENSIT_BENCH_PG", "postgres://postgres@127.0.0.1:5432/opensit_export_bench"
)
OPENSIT = str(Path(sys.executable).with_name("opensit"))
TARGET_RATE, TARGET_RSS_MB = 5000, 400

FILL = r"""
import sys, time, random
import django
django.setup()
from django.db import transaction
from opensit.catalog import services
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject
from opensit.catalog import pipeline
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

count = int(sys.argv[1])
for name in [name for name in pipeline.PARTS if name != "revision"]:
    pipeline.PARTS.pop(name)  # fixture only: see the module docstring
try:
    from opensit.demo.synth.generator import SyntheticCatalog
    documents = SyntheticCatalog(1, 2026).documents(count)
    generator = "opensit-synth"
except ImportError:
    generator = "built-in"
    def documents_of(n):
        rnd = random.Random(1)
        types = ["hotel", "restaurant", "museum", "festival", "walking_tour", "campsite"]
        for i in range(n):
            t = types[i % len(types)]
            doc = {
                "type": t,
                "source": {"system": "bench", "id": f"b{i}"},
                "name": {"fr": f"Objet {i}", "en": f"Object {i}"},
                "short_description": {"fr": "Un lieu du Val de Loire. " * 3},
                "description": {"fr": "Texte long. " * 60, "en": "Long text. " * 60},
                "location": {"commune": {"insee": "37261", "name": "Tours"},
                             "latitude": 47 + rnd.random(), "longitude": 0.5 + rnd.random(),
                             "address_lines": [f"{i} rue Nationale"], "postal_code": "37000"},
                "contacts": [{"kind": "phone", "value": "+33 2 47 00 00 00"},
                             {"kind": "email", "value": f"contact{i}@exemple.fr"}],
                "amenities": ["Wifi", "CarPark"], "themes": ["Downtown"],
                "pricing": {"prices": [{"min": 10.0, "max": 95.0}]},
                "media": [{"kind": "image", "url": f"https://img.exemple.fr/{i}.jpg",
                           "licence": "cc-by-4.0", "credit": "OT"}],
            }
            if t == "festival":
                doc["event"] = {
                    "occurrences": [{"start_date": "2026-07-10", "end_date": "2026-07-12"}]
                }
            yield doc
    documents = documents_of(count)

owner, _ = Organisation.objects.get_or_create(
    slug="bench", defaults={"name": "Bench", "kind": "tourist_office"}
)
actor = Actor.importer(owner)
batch, done, started = [], 0, time.perf_counter()
def flush(batch):
    with transaction.atomic():
        items = [services.BatchItem(TourismDocument.model_validate(d)) for d in batch]
        services.save_batch(actor, items, owner=owner)
for doc in documents:
    batch.append(doc)
    if len(batch) == 2000:
        flush(batch); done += len(batch); batch = []
        rate = done / (time.perf_counter() - started)
        print(f"  {done} objects ({rate:.0f}/s)", file=sys.stderr, flush=True)
if batch:
    flush(batch)
print(generator, TourismObject.objects.filter(status="published").count())
"""


REPLICATE = r"""
import sys
import django
django.setup()
from django.db import connection, transaction
from opensit.catalog.models import TourismObject

target = int(sys.argv[1])
table = TourismObject._meta.db_table
columns = [f.column for f in TourismObject._meta.concrete_fields]
sqlite = connection.vendor == "sqlite"
with connection.cursor() as cursor:
    cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE source_id NOT LIKE '%%~%%'")
    base = cursor.fetchone()[0]
copies = -(-target // base)
for k in range(1, copies):
    new_id = f"substr(id, 1, 30) || '~{k}'"
    document = (
        f"json_set(document, '$.id', {new_id})" if sqlite
        else f"jsonb_set(document, '{{id}}', to_jsonb({new_id}))"
    )
    exprs = {
        "id": new_id,
        "slug": f"slug || '~{k}'",
        "source_id": f"source_id || '~{k}'",
        "document": document,
    }
    select = ", ".join(exprs.get(c, c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table}"
            " WHERE source_id NOT LIKE '%%~%%'"
        )
    print(f"  copy {k}: {(k + 1) * base} objects", file=sys.stderr, flush=True)
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print(TourismObject.objects.filter(status="published").count())
"""


def environment(engine: str, fresh: bool) -> dict[str, str]:
    return databases.environment(engine, WORK / "export.sqlite3", PG_URL, fresh=fresh)


def fill(engine: str, count: int, seed_objects: int = 0) -> str:
    """`count` published objects: all through `save_batch`, or with `seed_objects` that many,
    then SQL copies of them (new ids, slugs and source ids) up to `count`."""
    marker = WORK / f"{engine}.filled"
    wanted = f"{count}/{seed_objects}" if seed_objects else str(count)
    if marker.exists() and marker.read_text().split()[0] == wanted:
        environment(engine, fresh=False)
        return marker.read_text().split(maxsplit=1)[1]
    env = environment(engine, fresh=True)
    subprocess.run([OPENSIT, "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", FILL, str(seed_objects or count)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    generator, published = out.stdout.split()[-2:]
    if seed_objects:
        generator += f"+copies-of-{seed_objects}"
        copied = subprocess.run(
            [sys.executable, "-c", REPLICATE, str(count)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        published = copied.stdout.split()[-1]
    took = time.perf_counter() - started
    print(f"{engine}: filled {published} objects ({generator}) in {took:.0f} s")
    marker.write_text(f"{wanted} {generator}")
    return generator


def export(engine: str, fmt: str) -> dict:
    env = environment(engine, fresh=False)
    target = WORK / f"{engine}.{fmt}"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [OPENSIT, "export", "--format", fmt, "--output", str(target)],
        env=env,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    message = proc.stderr.read().decode().strip()
    if status != 0:
        raise SystemExit(f"{engine}: export failed: {message}")
    objects = int(message.split()[0])
    return {
        "engine": engine,
        "format": fmt,
        "objects": objects,
        "seconds": round(elapsed, 2),
        "objects_per_s": round(objects / elapsed),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "objects_per_cpu_s": round(objects / (usage.ru_utime + usage.ru_stime)),
        "export_seconds": float(re.findall(r"([\d.]+) s", message)[-1]),
        "load_average": os.getloadavg()[0],
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "output_mb": round(target.stat().st_size / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objects", type=int, default=200_000)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--format", default="jsonld")
    parser.add_argument("--keep", action="store_true", help="Keep the export files")
    parser.add_argument(
        "--seed-objects",
        type=int,
        default=0,
        help="Fill only this many through the services, then copy them in SQL up to --objects",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for engine in args.engines.split(","):
        generator = fill(engine, args.objects, args.seed_objects)
        result = export(engine, args.format) | {"generator": generator}
        if not args.keep:
            (WORK / f"{engine}.{args.format}").unlink()
        ok = result["objects_per_s"] >= TARGET_RATE and result["peak_rss_mb"] <= TARGET_RSS_MB
        result["meets_targets"] = ok
        results.append(result)
        print(
            f"{engine:9} {result['objects']} objects as {args.format} in {result['seconds']} s: "
            f"{result['objects_per_s']} objects/s ({result['objects_per_cpu_s']} per CPU second, "
            f"load {result['load_average']:.1f}), peak RSS {result['peak_rss_mb']} MB, "
            f"{result['output_mb']} MB written  {'OK' if ok else 'BELOW TARGET'}"
        )
    (WORK / f"results-{args.engines.replace(',', '-')}.json").write_bytes(
        orjson.dumps(results, option=orjson.OPT_INDENT_2)
    )


if __name__ == "__main__":
    main()
