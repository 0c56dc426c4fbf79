"""API benchmark: one server process, a load generator on 127.0.0.1, synthetic catalogs.

    .venv/bin/python bench/api_bench.py [--engines sqlite,postgresql] [--sizes 10000,200000]
                                        [--requests 200] [--concurrency 4] [--seconds 10]
                                        [--runs 3] [--scale-out 1,2,4 --cache-url redis://…]

For each engine and size: a database filled once by `opensit synth --objects N --seed 1`
(through the write services: catalog, search index, public forms, change feed; kept between
runs; above `OPENSIT_BENCH_BASE` = 20,000 objects, 20,000 objects built so and copied in SQL
by `bench/grow.py`), a diffusion project and key, then gunicorn with ONE sync worker serving
`opensit.wsgi` (settings `bench/api_bench_settings.py`: the project's, with the ceiling endpoint
on and rate limits out of the way). This process is the load generator (plain `http.client`, a new
connection per request, as gunicorn's sync worker closes them):

- cold start: the first request of each kind after the server starts, its worker warmed up as
  under `opensit serve` (`bench/gunicorn_warm.py`), the median over `--cold-runs` starts;
- latency, one request at a time, p50/p99 per query kind with varied parameters drawn from the
  catalog itself: text + type, radius + type, events in a 7-day window, a facet request, facets
  with a typed word, and get by id. Words are drawn by their frequency in the catalog's names
  (visitors type "gîte" or "château" as often as names hold them);
- throughput: the mix of those queries from `--concurrency` threads for `--seconds`, each
  request sent once (20,000 different ones, so that no cache answers them), as a ratio
  to the same server answering `/bench/ceiling` (a pre-built JSON body of the mix's mean size,
  through the same middleware and gzip/CORS wrapper), measured in the same run;
- incremental sync: 1% of the objects changed through the write services, then the time to read
  `/changes` from the cursor before the change and fetch every changed object;
- destination site pages (issue 16), served by the same server on the host `bench.localhost`:
  an object's detail page against the API's get by id, and a listing page with the same words
  and type as the API's "text + type" search, their p50 as a ratio (target: 2 or less). Each
  request names a page not asked before (the page cache only answers a page it rendered: a
  first view is what a visitor arriving from a search engine gets), and "site detail, cached"
  asks one page again and again, for the cache's own cost.

`--runs N` repeats the latency and throughput measures (each run draws other queries), to show
whether they are stable. `--scale-out 1,2,4` then serves the mix with 1, 2 and 4 workers sharing
`--cache-url` (Redis), each with twice as many client threads.

PostgreSQL databases are named after `OPENSIT_BENCH_PG` plus the size
(`..._api_bench_10000`). Results go to `OPENSIT_BENCH_DIR` (default /tmp/opensit-api-bench).
"""

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import orjson
from databases import empty_database

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = Path(os.environ.get("OPENSIT_BENCH_DIR", "/tmp/opensit-api-bench"))
PG_URL = os.environ.get("OPENSIT_BENCH_PG", "postgres://postgres@127.0.0.1:5432/opensit_api_bench")
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("OPENSIT_BENCH_PORT", "8765"))
BASE = int(os.environ.get("OPENSIT_BENCH_BASE", "20000"))
TARGETS = {"search p50": 20.0, "search p99": 100.0, "get p50": 3.0, "ratio": 0.5}

SETUP = r"""
import random, sys
import django
django.setup()
import orjson
from django.db.models import Max, Min
from opensit.catalog.models import TourismObject
from opensit.diffusion import services
from opensit.diffusion.models import DiffusionProject, FeedEntry
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

system = Actor.system()
owner = Organisation.objects.order_by("pk").first()
project = DiffusionProject.objects.filter(name="api-bench").first()
if project is None:
    project = services.create_project(system, "api-bench", organisation=owner, tier="premium")
    project = services.validate_project(system, project)
_key, raw = services.create_key(system, project, "bench")
published = TourismObject.objects.filter(status="published")
step = max(1, published.count() // 500)
ids = list(published.order_by("id").values_list("id", flat=True))[::step]
rows = list(published.filter(pk__in=ids).values_list("name", "latitude", "longitude", "department"))
# Every word of the sampled names, repeated as often as the names use it: visitors type "gîte",
# "hôtel" or "château" as often as the catalog's names hold them, not once per distinct word.
words = [w.lower() for name, *_ in rows for w in name.split() if len(w) > 3 and w.isalpha()]
days = published.exclude(first_date=None).aggregate(lo=Min("first_date"), hi=Max("last_date"))
print(orjson.dumps({
    "key": raw,
    "objects": published.count(),
    "ids": ids,
    "words": words,
    "points": [(lat, lon) for _n, lat, lon, _d in rows if lat is not None],
    "departments": sorted({d for *_x, d in rows if d}),
    "first_day": str(days["lo"] or "2026-01-01"),
    "last_day": str(days["hi"] or "2026-12-31"),
    "feed_head": FeedEntry.objects.aggregate(m=Max("seq"))["m"] or 0,
}).decode())
"""

SITE_SETUP = r"""
import sys
import django
django.setup()
import orjson
from wagtail.models import Locale, Page, Site
from opensit.catalog.models import TourismObject
from opensit.network.models import Organisation
from opensit.sites.canonical import object_path
from opensit.sites.models import Destination, HomePage, ListingPage

HOST = "bench.localhost"
if not Site.objects.filter(hostname=HOST).exists():
    locale = Locale.objects.get_or_create(language_code="fr")[0]
    root = Page.get_first_root_node()
    home = HomePage(title="Bench", slug="bench-home", locale=locale, events_count=0)
    root.add_child(instance=home)
    home.save_revision().publish()
    listing = ListingPage(title="Liste", slug="liste")
    home.add_child(instance=listing)
    listing.save_revision().publish()
    site = Site.objects.create(hostname=HOST, port=80, root_page=home, site_name="Bench")
    owner = Organisation.objects.order_by("pk").first()
    Destination.objects.create(site=site, organisation=owner, languages=["fr"])
ids = orjson.loads(sys.argv[1])
names = dict(TourismObject.objects.filter(pk__in=ids).values_list("id", "name"))
print(orjson.dumps({
    "host": HOST,
    "listing": "/liste/",
    "details": [object_path(i, names[i], "fr") for i in ids if i in names],
}).decode())
"""

CHANGE = r"""
import sys
import django
django.setup()
from django.db import transaction
from django.db.models import Max
from opensit.catalog import services
from opensit.catalog.document import TourismDocument
from opensit.catalog.models import TourismObject
from opensit.demo.synth.catalog import synth_organisation
from opensit.diffusion.models import FeedEntry
from opensit.network.permissions import Actor

# The source changed 1% of its records: the next import run saves them (as `opensit synth` does).
share = float(sys.argv[1])
head = FeedEntry.objects.aggregate(m=Max("seq"))["m"] or 0
published = TourismObject.objects.filter(status="published").order_by("?")
count = max(1, int(published.count() * share))
owner = synth_organisation()
items = []
for obj in published[:count]:
    doc = dict(obj.document)
    doc["short_description"] = {**doc.get("short_description", {}), "fr": f"Modifié {head}"}
    items.append(services.BatchItem(TourismDocument.model_validate(doc), obj))
with transaction.atomic():
    services.save_batch(Actor.importer(owner), items, owner=owner)
print(head, count)
"""


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def environment(engine: str, size: int) -> dict[str, str]:
    env = {**os.environ, "OPENSIT_HOME": str(ROOT), "DJANGO_SETTINGS_MODULE": "opensit.settings"}
    if engine == "sqlite":
        env["OPENSIT_DATABASE_URL"] = f"sqlite:///{WORK / f'api-{size}.sqlite3'}"
    else:
        env["OPENSIT_DATABASE_URL"] = f"{PG_URL}_{size}"
    return env


def fill(engine: str, size: int) -> dict[str, str]:
    """The catalog of `size` objects, built once (a marker file remembers it)."""
    env = environment(engine, size)
    marker = WORK / f"{engine}-{size}.filled"
    if marker.exists():
        return env
    empty_database(env["OPENSIT_DATABASE_URL"])
    subprocess.run([BIN / "opensit", "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    # Above BASE objects: BASE objects through `opensit synth`, copied in SQL (bench/grow.py).
    copies = size // BASE if size > BASE and size % BASE == 0 else 1
    synth = [BIN / "opensit", "synth", "--objects", str(size // copies), "--seed", "1"]
    subprocess.run([*synth, "--no-progress"], env=env, check=True)
    subprocess.run([sys.executable, HERE / "grow.py", "--copies", str(copies)], env=env, check=True)
    took = time.perf_counter() - started
    how = f"synth {size // copies} x {copies} copies" if copies > 1 else "synth"
    print(f"{engine}/{size}: {how} in {took:.0f} s ({size / took:.0f} objects/s)")
    marker.write_text(f"{size} {took:.1f}\n")
    return env


def django_script(env: dict[str, str], script: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


class Server:
    """gunicorn, `workers` sync workers (one by default), on 127.0.0.1:PORT."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "api_bench_settings",
            "PYTHONPATH": os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")]).rstrip(":"),
        }
        command = [BIN / "gunicorn", "opensit.wsgi:application", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{PORT}", "--log-level", "warning", "--backlog", "256"]
        command += ["--config", "python:gunicorn_warm"]  # workers warm up, as `opensit serve`
        self.process = subprocess.Popen(command, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request("/bench/ceiling?bytes=10", {})[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("the benchmark server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def request(path: str, headers: dict[str, str]) -> tuple[int, int, float]:
    """One GET on a new connection: status, body bytes, milliseconds to the last byte."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, len(body), (time.perf_counter() - started) * 1000


class Queries:
    """Query paths of each kind, parameters drawn from the catalog's own words and places."""

    def __init__(self, sample: dict, seed: int = 7) -> None:
        self.s, self.rng = sample, random.Random(seed)
        self.roots = ["accommodation", "food", "cultural_site", "leisure", "event", "natural_site"]
        self.first = date.fromisoformat(sample["first_day"])
        self.fresh = iter(range(seed * 211, 10**9))  # other runs, other pages
        self.span = max(1, (date.fromisoformat(sample["last_day"]) - self.first).days)

    def _objects(self, **params: object) -> str:
        return "/api/v1/objects?" + urlencode(params)

    def word(self) -> str:
        """A word of the catalog's names, drawn by its frequency in them."""
        return self.rng.choice(self.s["words"])

    def text_type(self) -> str:
        return self._objects(q=self.word(), type=self.rng.choice(self.roots))

    def facets_text(self) -> str:
        """What every listing page of the sites sends: a typed word, with the facet counts."""
        return self._objects(q=self.word(), facets="true")

    def radius_type(self) -> str:
        lat, lon = self.rng.choice(self.s["points"])
        return self._objects(
            near=f"{lat},{lon}", radius=10, type=self.rng.choice(self.roots), sort="distance"
        )

    def event_window(self) -> str:
        start = self.first + timedelta(days=self.rng.randrange(self.span))
        end = start + timedelta(days=6)
        return self._objects(event_from=start, event_to=end, sort="start_date")

    def facets(self) -> str:
        return self._objects(
            department=self.rng.choice(self.s["departments"]),
            type=self.rng.choice(self.roots),
            facets="true",
        )

    def get_by_id(self) -> str:
        return f"/api/v1/objects/{self.rng.choice(self.s['ids'])}"

    def site_detail(self) -> str:
        """A detail page not asked before, while the sample lasts."""
        pool = self.s["site"]["details"]
        return pool[next(self.fresh) % len(pool)]

    def site_detail_cached(self) -> str:
        return self.s["site"]["details"][0]

    def site_listing(self) -> str:
        """The API's "text + type" query, as a visitor sends it to a listing page."""
        return (
            self.s["site"]["listing"]
            + "?"
            + urlencode({"q": self.word(), "type": self.rng.choice(self.roots)})
        )

    def site_kinds(self) -> dict:
        return {
            "site detail": self.site_detail,
            "site detail, cached": self.site_detail_cached,
            "site listing": self.site_listing,
        }

    def kinds(self) -> dict:
        return {
            "text + type": self.text_type,
            "radius + type": self.radius_type,
            "event window": self.event_window,
            "facets": self.facets,
            "facets + text": self.facets_text,
            "get by id": self.get_by_id,
        }


def latency(
    queries: Queries, headers: dict[str, str], repeat: int, kinds: dict | None = None
) -> dict[str, dict]:
    out = {}
    for name, make in (kinds or queries.kinds()).items():
        for _ in range(5):  # warm-up
            request(make(), headers)
        samples, sizes = [], []
        for _ in range(repeat):
            status, size, ms = request(make(), headers)
            if status != 200:
                raise SystemExit(f"{name}: HTTP {status}")
            samples.append(ms)
            sizes.append(size)
        out[name] = {
            "p50_ms": round(percentile(samples, 50), 2),
            "p99_ms": round(percentile(samples, 99), 2),
            "mean_bytes": round(statistics.mean(sizes)),
        }
    return out


def load(paths: list[str], headers: dict[str, str], threads: int, seconds: float) -> float:
    """Requests per second answered 200 by the server, `threads` clients for `seconds`, each
    path sent once (in turn) while they last: a mix that does not repeat, that no cache of the
    server (nor of the database) can answer from an earlier request."""
    done = [0] * threads
    stop = time.monotonic() + seconds
    turn = iter(range(10**9))
    lock = threading.Lock()

    def client(slot: int) -> None:
        while time.monotonic() < stop:
            with lock:
                n = next(turn)
            if request(paths[n % len(paths)], headers)[0] == 200:
                done[slot] += 1

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.monotonic() - started)


def unique_paths(kinds: list, count: int) -> list[str]:
    """`count` requests, the kinds in turn, none twice where the kind allows: a search already
    drawn is drawn again, then given another page size (10 to 40), which changes its answer.
    Gets by id repeat once the sampled ids are used up (500 of them)."""
    rng, seen, paths = random.Random(11), set(), []
    while len(paths) < count:
        make = kinds[len(paths) % len(kinds)]
        path = make()
        for attempt in range(30):
            if path not in seen:
                break
            path = make()
            if "?" in path and attempt >= 10:
                path = f"{path}&page_size={rng.randint(10, 40)}"
        seen.add(path)
        paths.append(path)
    return paths


def cold_start(env: dict[str, str], queries: Queries, headers: dict, runs: int) -> dict:
    """The first request of each kind after a server starts (its worker warmed up, as
    `opensit serve` does), over `runs` starts: the worst of each run's first requests."""
    firsts = []
    for _ in range(runs):
        server = Server(env)
        try:
            firsts.append(max(request(make(), headers)[2] for make in queries.kinds().values()))
        finally:
            server.stop()
    return {"first_request_ms": round(statistics.median(firsts), 1), "runs": runs}


def throughput(queries: Queries, headers: dict, threads: int, seconds: float) -> dict:
    kinds = list(queries.kinds().values())
    paths = unique_paths(kinds, 20_000)
    sizes = [request(path, headers)[1] for path in paths[:100]]
    mean_size = round(statistics.mean(sizes))
    api_rps = load(paths, headers, threads, seconds)
    ceiling_rps = load([f"/bench/ceiling?bytes={mean_size}"], {}, threads, seconds)
    return {
        "api_rps": round(api_rps, 1),
        "ceiling_rps": round(ceiling_rps, 1),
        "ratio": round(api_rps / ceiling_rps, 3),
        "mean_bytes": mean_size,
        "threads": threads,
    }


def sync_cost(env: dict[str, str], headers: dict[str, str], share: float) -> dict:
    """Change `share` of the objects, then read the feed from before the change and fetch every
    changed object, as a mirroring client does."""
    head, changed = (int(x) for x in django_script(env, CHANGE, str(share)).split())
    started = time.perf_counter()
    cursor, entries, ids = head, 0, []
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        conn.request("GET", f"/api/v1/changes?since={cursor}&limit=1000", headers=headers)
        page = orjson.loads(conn.getresponse().read())
        conn.close()
        entries += len(page["items"])
        ids += [item["id"] for item in page["items"] if item["action"] in ("created", "updated")]
        cursor = int(page["cursor"])
        if not page["more"]:
            break
    feed_seconds = time.perf_counter() - started
    for object_id in ids:
        request(f"/api/v1/objects/{object_id}", headers)
    total = time.perf_counter() - started
    return {
        "changed": changed,
        "feed_entries": entries,
        "feed_s": round(feed_seconds, 3),
        "sync_s": round(total, 3),
        "ms_per_change": round(total * 1000 / max(1, changed), 2),
    }


def bench(engine: str, size: int, args: argparse.Namespace) -> dict:
    env = fill(engine, size)
    sample = orjson.loads(django_script(env, SETUP))
    if args.sites:  # the site pages name their static files by the collected manifest
        subprocess.run([BIN / "opensit", "collectstatic", "--noinput", "-v0"], env=env, check=True)
        ids = orjson.dumps(sample["ids"]).decode()
        sample["site"] = orjson.loads(django_script(env, SITE_SETUP, ids))
    # No gzip: the ceiling's padding would compress to nothing and make the ratio unfair.
    headers = {"X-API-Key": sample["key"]}
    cold = {}
    if args.cold_runs:  # before the measured server: each start is a cold one
        cold = cold_start(env, Queries(sample, seed=3), headers, args.cold_runs)
    server = Server(env)
    try:
        result = {"engine": engine, "size": size, "objects": sample["objects"], "runs": []}
        queries = Queries(sample)
        for run in range(args.runs):  # each run draws other queries
            queries = Queries(sample, seed=7 + run)
            run_result = {
                "load_average": round(os.getloadavg()[0], 1),
                "latency": latency(queries, headers, args.requests),
                "throughput": throughput(queries, headers, args.concurrency, args.seconds),
            }
            if args.sites:
                site_headers = {"Host": f"{sample['site']['host']}:{PORT}"}
                run_result["sites"] = latency(
                    queries, site_headers, args.requests, queries.site_kinds()
                )
            result["runs"].append(run_result)
            result.update(result["runs"][-1])  # the last run, as reported before `--runs`
        if cold:
            result["cold_start"] = cold
        report([result])
        if args.sync:
            result["sync"] = sync_cost(env, headers, 0.01)
    finally:
        server.stop()
    if args.scale_out:
        result["scale_out"] = scale_out(env, queries, headers, args)
    return result


def scale_out(env: dict[str, str], queries: Queries, headers: dict, args) -> list[dict]:
    """Requests per second of the mix with 1, 2, 4… workers sharing `--cache-url` (Redis: rate
    limits, key revocation and usage counts shared, as several processes need), each with
    twice as many client threads as workers (at least `--concurrency`)."""
    rows = []
    env = {**env, "OPENSIT_CACHE_URL": args.cache_url} if args.cache_url else env
    for workers in (int(n) for n in args.scale_out.split(",")):
        server = Server(env, workers=workers)
        try:
            threads = max(args.concurrency, 2 * workers)
            row = throughput(queries, headers, threads, args.seconds)
            rows.append({"workers": workers, **row})
            print(
                f"{workers} worker(s), {threads} client threads: {row['api_rps']} req/s "
                f"(ceiling {row['ceiling_rps']})"
            )
        finally:
            server.stop()
    return rows


def report(results: list[dict]) -> None:
    for r in results:
        for n, run in enumerate(r["runs"], 1):
            print(
                f"\n{r['engine']}, {r['objects']:,} objects, run {n} of {len(r['runs'])}"
                f" (load average {run['load_average']})"
            )
            print(f"{'query':<16}{'p50 ms':>9}{'p99 ms':>9}{'bytes':>9}")
            for name, row in run["latency"].items():
                print(f"{name:<16}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}{row['mean_bytes']:>9}")
            if "sites" in run:
                api = run["latency"]
                pairs = [
                    ("site detail", "get by id"),
                    ("site detail, cached", "get by id"),
                    ("site listing", "text + type"),
                ]
                for site_kind, api_kind in pairs:
                    row = run["sites"][site_kind]
                    ratio = row["p50_ms"] / api[api_kind]["p50_ms"]
                    row["ratio_to_api_p50"] = round(ratio, 2)
                    print(
                        f"{site_kind:<20}{row['p50_ms']:>7.1f}{row['p99_ms']:>9.1f}"
                        f"{row['mean_bytes']:>9}  {ratio:.2f}x {api_kind} p50"
                    )
            t = run["throughput"]
            print(
                f"throughput {t['api_rps']} req/s, ceiling {t['ceiling_rps']} req/s "
                f"({t['mean_bytes']} bytes): ratio {t['ratio']}"
            )
        if "cold_start" in r:
            c = r["cold_start"]
            print(f"first request after a start: {c['first_request_ms']} ms ({c['runs']} starts)")


def report_sync(s: dict) -> None:
    print(
        f"sync after {s['changed']} changes: feed {s['feed_s']} s "
        f"({s['feed_entries']} entries), with the objects {s['sync_s']} s "
        f"({s['ms_per_change']} ms per change)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--requests", type=int, default=200, help="Per query kind")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--no-sync", dest="sync", action="store_false")
    parser.add_argument("--cold-runs", type=int, default=3, help="Server starts for cold start")
    parser.add_argument("--runs", type=int, default=1, help="Latency and throughput runs")
    parser.add_argument("--scale-out", default="", help="Worker counts, e.g. 1,2,4")
    parser.add_argument(
        "--no-sites", dest="sites", action="store_false", help="Skip the destination site pages"
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("OPENSIT_CACHE_URL", ""),
        help="OPENSIT_CACHE_URL of the scale-out servers (redis://127.0.0.1:6379/9)",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        for engine in args.engines.split(","):
            results.append(bench(engine, size, args))
            if "sync" in results[-1]:
                report_sync(results[-1]["sync"])
    out = WORK / f"results-{args.engines.replace(',', '-')}-{args.sizes.replace(',', '-')}.json"
    out.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    print(f"\nresults in {out}")


if __name__ == "__main__":
    main()
