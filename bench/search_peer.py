"""OpenSIT's text search side by side with an embedded Tantivy, on the same catalog (issue 12).

    .venv/bin/python bench/search_peer.py [--engines sqlite,postgresql] [--queries 700]
                                          [--seed 1] [--json PATH] [--quick] [--rebuild-peer]

The catalog: 200,000 objects, `opensit synth --objects 20000 --seed 1` copied 10 times in SQL
by `bench/grow.py`, as `bench/api_bench.py` builds it (a catalog of the right size that
api_bench.py left in /tmp/opensit-api-bench is reused; otherwise one is built once in
`OPENSIT_PEER_DIR`, default /tmp/opensit-search-peer). `--quick`: 10,000 objects by
`opensit synth` alone, for smoke runs.

The peer: Tantivy through its Python bindings (`tantivy` 0.27), embedded in the same process,
indexing the same published objects read from the same database: the French name and text that
OpenSIT indexes (name; short description, description, place name and commune), the type (raw)
and the commune (raw, for facets), and a key (fast field) giving the object id. Both text
fields use Tantivy's default tokenizer plus ASCII folding (`simple`, `remove_long(40)`,
`lowercase`, `ascii_fold`), which folds case and accents as OpenSIT does. BM25, the name
boosted 10 times (OpenSIT's FTS5 weight); every query word must match (in the name or the
text), as in OpenSIT. The index is built once per catalog (timed) and kept.

Queries (`--queries`, seeded by `--seed`): words drawn by their frequency in the names
(words of 3 letters or more, a few French and English stop words left out), 1-3 per query:

- `text`: the words, top 20 and the exact total;
- `text+type`: the words and a type (a leaf type drawn by its frequency, or its root type);
  the peer has a MUST clause on the type field with the type and its descendants, as
  OpenSIT's `types` means (a constant score of 0: a filter, as OpenSIT's type tags weigh 0);
- `rare word`: one name word of low document frequency;
- `facets with text`: the words with `facets=True`; the peer adds a terms aggregation over the
  type and the commune (OpenSIT also counts root types and themes);
- `suggest`: a prefix of 3-5 letters of a name word, `opensit.search.suggest.suggest(q,
  lang="fr", limit=10)` when it exists (otherwise the peer alone is timed); the peer a prefix
  query on the name, top 10;
- `typo`: words of which one (of 5 letters or more) has one edit (substitution, deletion,
  insertion or transposition), never on the first letter; the peer applies a fuzzy term query
  of distance 1 to every word of 5 letters or more.

Both engines run in one process per database, warm (one warm-up pass over every query), each
query timed on OpenSIT then on the peer. When `SearchParams` has a `typos` field, OpenSIT's
search kinds are also timed with `typos=False`: the cost of typo tolerance.
"""

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
from databases import empty_database
from peer_engine import Peer
from peer_queries import KINDS, Query, make_queries

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
WORK = Path(os.environ.get("OPENSIT_PEER_DIR", "/tmp/opensit-search-peer"))
PG_URL = os.environ.get("OPENSIT_PEER_PG", "postgres://postgres@127.0.0.1:5432/opensit_peer")
API_WORK = Path(os.environ.get("OPENSIT_BENCH_DIR", "/tmp/opensit-api-bench"))
API_PG = os.environ.get("OPENSIT_BENCH_PG", "postgres://postgres@127.0.0.1:5432/opensit_api_bench")
BASE = 20_000  # objects built by `opensit synth` before grow.py copies them
SIZE, QUICK_SIZE = 200_000, 10_000


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- the catalog ---------------------------------------------------------------------------


def catalog(engine: str, size: int) -> tuple[dict[str, str], str]:
    """The environment of a catalog of `size` objects on `engine`, built once (a marker file
    remembers it), or api_bench.py's if it left one; and where it came from."""
    env = {**os.environ, "OPENSIT_HOME": str(ROOT), "DJANGO_SETTINGS_MODULE": "opensit.settings"}
    if (API_WORK / f"{engine}-{size}.filled").exists():
        if engine == "sqlite":
            env["OPENSIT_DATABASE_URL"] = f"sqlite:///{API_WORK / f'api-{size}.sqlite3'}"
        else:
            env["OPENSIT_DATABASE_URL"] = f"{API_PG}_{size}"
        subprocess.run([BIN / "opensit", "migrate", "-v0"], env=env, check=True)
        return env, env["OPENSIT_DATABASE_URL"]
    db_file = WORK / f"catalog-{size}.sqlite3"
    if engine == "sqlite":
        env["OPENSIT_DATABASE_URL"] = f"sqlite:///{db_file}"
    else:
        env["OPENSIT_DATABASE_URL"] = f"{PG_URL}_{size}"
    marker = WORK / f"{engine}-{size}.filled"
    if marker.exists():  # migrated to this checkout's schema (a no-op when it is up to date)
        subprocess.run([BIN / "opensit", "migrate", "-v0"], env=env, check=True)
        return env, env["OPENSIT_DATABASE_URL"]
    empty_database(env["OPENSIT_DATABASE_URL"])
    subprocess.run([BIN / "opensit", "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    copies = size // BASE if size > BASE and size % BASE == 0 else 1
    synth = [BIN / "opensit", "synth", "--objects", str(size // copies), "--seed", "1"]
    subprocess.run([*synth, "--no-progress"], env=env, check=True)
    subprocess.run([sys.executable, HERE / "grow.py", "--copies", str(copies)], env=env, check=True)
    took = time.perf_counter() - started
    print(f"{engine}/{size}: synth {size // copies} x {copies} in {took:.0f} s")
    marker.write_text(f"{size} {took:.1f}\n")
    return env, env["OPENSIT_DATABASE_URL"]


# --- one database: both engines ------------------------------------------------------------


def opensit_api() -> dict:
    """OpenSIT's public search interface, and what of it exists (suggest, the typos flag)."""
    from opensit.search.query import SearchParams, search

    try:
        from opensit.search.suggest import suggest
    except ImportError:
        suggest = None
    typos = "typos" in {f.name for f in dataclasses.fields(SearchParams)}
    return {"params": SearchParams, "search": search, "suggest": suggest, "typos": typos}


def run_opensit(api: dict, query: Query, typos: bool = True) -> tuple[int | None, list[str]]:
    if query.kind == "suggest":
        found = api["suggest"](query.q, lang="fr", limit=10)
        found = getattr(found, "ids", found)  # a result object with ids, or a list
        return None, [str(s["id"] if isinstance(s, dict) else getattr(s, "id", s)) for s in found]
    extra = {} if typos or not api["typos"] else {"typos": False}
    params = api["params"](
        q=query.q,
        lang="fr",
        types=query.types or [],
        limit=20,
        facets=query.kind == "facets with text",
        **extra,
    )
    result = api["search"](params)
    return result.total, list(result.ids)


def run_peer(peer: Peer, query: Query) -> tuple[int | None, list[str]]:
    if query.kind == "suggest":
        return None, peer.suggest(query.q)
    q = peer.query(query.q, query.peer_types, fuzzy=query.kind == "typo")
    total, ids = peer.search(q)
    if query.kind == "facets with text":
        peer.facets(q)
    return total, ids


def timed(fn, *args) -> tuple[float, tuple]:
    started = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - started) * 1000, out


def text_index_bytes() -> int | None:
    """The size of OpenSIT's text index: its Tantivy directory (the documents it is rebuilt
    from, `search_document`, are in the database besides)."""
    try:
        from opensit.search.textindex import get_index

        path = get_index().path
        if path is None:
            return None
        return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
    except Exception:  # a figure only
        return None


def worker(engine: str, size: int, count: int, seed: int, rebuild: bool, out: Path) -> None:
    import django  # OpenSIT from the installed checkout, or from PYTHONPATH (an older tree)

    django.setup()
    from django.db import connection

    import opensit
    from opensit.catalog.models import TourismObject

    published = TourismObject.objects.filter(status="published").count()
    print(f"{engine}: {published:,} published objects")
    peer = Peer(WORK / f"tantivy-{engine}-{size}", rebuild, published)
    queries = make_queries(peer, count, seed)
    api = opensit_api()
    # Kinds that OpenSIT does not have yet: the peer alone is timed.
    skipped = ["suggest"] if not api["suggest"] else []
    typo_kinds = api["typos"]
    print(f"  {len(queries)} queries; suggest: {bool(api['suggest'])}; typos flag: {typo_kinds}")
    for query in queries:  # warm-up pass
        if query.kind not in skipped:
            run_opensit(api, query)
        run_peer(peer, query)
        if typo_kinds and query.kind != "suggest":
            run_opensit(api, query, typos=False)
    rows = []
    for query in queries:
        os_ms, (os_total, os_ids) = None, (None, [])
        if query.kind not in skipped:
            os_ms, (os_total, os_ids) = timed(run_opensit, api, query)
        peer_ms, (peer_total, peer_ids) = timed(run_peer, peer, query)
        row = {
            "kind": query.kind,
            "q": query.q,
            "types": query.types,
            "opensit_ms": os_ms,
            "peer_ms": peer_ms,
            "opensit_total": os_total,
            "peer_total": peer_total,
            "opensit_top10": os_ids[:10],
            "peer_top10": peer_ids[:10],
        }
        if typo_kinds and query.kind != "suggest":
            row["opensit_no_typos_ms"] = timed(run_opensit, api, query, False)[0]
        rows.append(row)
    result = {
        "engine": engine,
        "vendor": connection.vendor,
        "opensit_src": str(Path(opensit.__file__).parent),
        "objects": published,
        "peer": peer.meta,
        "peer_segments": peer.searcher.num_segments,
        "opensit_text_index_bytes": text_index_bytes(),
        "skipped": skipped,
        "typos_flag": typo_kinds,
        "summary": summarise(rows),
        "queries": rows,
    }
    out.write_bytes(orjson.dumps(result))


def summarise(rows: list[dict]) -> dict:
    out = {}
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind]
        if not mine:
            continue
        os_ms = [r["opensit_ms"] for r in mine if r["opensit_ms"] is not None]
        peer_ms = [r["peer_ms"] for r in mine]
        s = {
            "n": len(mine),
            "opensit_p50": percentile(os_ms, 50) if os_ms else None,
            "opensit_p99": percentile(os_ms, 99) if os_ms else None,
            "peer_p50": percentile(peer_ms, 50),
            "peer_p99": percentile(peer_ms, 99),
        }
        if os_ms:
            s["ratio_p50"] = s["opensit_p50"] / s["peer_p50"]
            s["ratio_p99"] = s["opensit_p99"] / s["peer_p99"]
        if kind != "suggest":
            s["equal_totals"] = sum(r["opensit_total"] == r["peer_total"] for r in mine) / len(mine)
            s["opensit_mean_total"] = statistics.mean(r["opensit_total"] for r in mine)
            s["peer_mean_total"] = statistics.mean(r["peer_total"] for r in mine)
            s["opensit_empty"] = sum(not r["opensit_total"] for r in mine) / len(mine)
            s["peer_empty"] = sum(not r["peer_total"] for r in mine) / len(mine)
        overlaps = []
        for r in mine:
            a, b = r["opensit_top10"], r["peer_top10"]
            if a and b:
                overlaps.append(len(set(a) & set(b)) / min(10, len(a), len(b)))
        s["top10_overlap"] = statistics.mean(overlaps) if overlaps else None
        if "opensit_no_typos_ms" in mine[0]:
            off = [r["opensit_no_typos_ms"] for r in mine]
            s["no_typos_p50"] = percentile(off, 50)
            s["no_typos_p99"] = percentile(off, 99)
        out[kind] = s
    return out


# --- the report ----------------------------------------------------------------------------


def report(results: list[dict], args: argparse.Namespace) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150)
    size = results[0]["objects"]
    latency = Table(title=f"Text search, {size:,} objects, p50 / p99 ms (warm, in process)")
    latency.add_column("query kind")
    latency.add_column("n", justify="right")
    for r in results:
        latency.add_column(f"OpenSIT ({r['engine']})", justify="right")
        latency.add_column(f"Tantivy ({r['engine']} run)", justify="right")
        latency.add_column("ratio", justify="right")
    for kind in KINDS:
        cells = []
        n = ""
        for r in results:
            s = r["summary"].get(kind)
            if s is None:
                continue
            n = str(s["n"])
            if s["opensit_p50"] is None:
                cells += ["not yet", f"{s['peer_p50']:.2f} / {s['peer_p99']:.1f}", ""]
                continue
            cells += [
                f"{s['opensit_p50']:.2f} / {s['opensit_p99']:.1f}",
                f"{s['peer_p50']:.2f} / {s['peer_p99']:.1f}",
                f"{s['ratio_p50']:.1f}x / {s['ratio_p99']:.1f}x",
            ]
        latency.add_row(kind, n, *cells)
    console.print(latency)

    agree = Table(title="Agreement: equal totals, mean totals (OpenSIT / Tantivy), top-10 overlap")
    agree.add_column("query kind")
    for r in results:
        agree.add_column(f"{r['engine']}: equal totals", justify="right")
        agree.add_column("mean total", justify="right")
        agree.add_column("no match", justify="right")
        agree.add_column("top-10 overlap", justify="right")
    for kind in KINDS:
        cells = []
        for r in results:
            s = r["summary"].get(kind)
            if s is None:
                cells += ["", "", "", ""]
                continue
            overlap = "" if s["top10_overlap"] is None else f"{s['top10_overlap']:.0%}"
            if kind == "suggest":
                cells += ["", "", "", overlap]
                continue
            cells += [
                f"{s['equal_totals']:.0%}",
                f"{s['opensit_mean_total']:,.0f} / {s['peer_mean_total']:,.0f}",
                f"{s['opensit_empty']:.0%} / {s['peer_empty']:.0%}",
                overlap,
            ]
        agree.add_row(kind, *cells)
    console.print(agree)

    if any(r["typos_flag"] for r in results):
        cost = Table(title="Typo tolerance: OpenSIT p50 / p99 ms with and without typos=False")
        cost.add_column("query kind")
        for r in results:
            cost.add_column(f"{r['engine']}: typos on", justify="right")
            cost.add_column("typos=False", justify="right")
            cost.add_column("cost p50", justify="right")
        for kind in KINDS:
            cells = []
            for r in results:
                s = r["summary"].get(kind, {})
                if "no_typos_p50" not in s:
                    cells += ["", "", ""]
                    continue
                cells += [
                    f"{s['opensit_p50']:.2f} / {s['opensit_p99']:.1f}",
                    f"{s['no_typos_p50']:.2f} / {s['no_typos_p99']:.1f}",
                    f"{s['opensit_p50'] - s['no_typos_p50']:+.2f} ms",
                ]
            cost.add_row(kind, *cells)
        console.print(cost)
    else:
        console.print("SearchParams has no `typos` flag yet: typo tolerance cost not measured.")

    index = Table(title="The indexes")
    for col in ("engine", "objects", "Tantivy build s", "read from db s", "Tantivy MB",
                "segments", "OpenSIT text index MB"):  # fmt: skip
        index.add_column(col, justify="right")
    for r in results:
        p = r["peer"]
        mine = r["opensit_text_index_bytes"]
        index.add_row(
            r["engine"],
            f"{r['objects']:,}",
            f"{p['index_s']:.1f}" + (" (cached)" if p["cached"] else ""),
            f"{p['read_s']:.1f}",
            f"{p['bytes'] / 1e6:.0f}",
            str(r["peer_segments"]),
            "" if mine is None else f"{mine / 1e6:.0f}",
        )
    console.print(index)
    for r in results:
        console.print(f"{r['engine']} catalog: {r['catalog']}")
    for r in results:
        if r["skipped"]:
            kinds = ", ".join(r["skipped"])
            console.print(f"{r['engine']}: not in OpenSIT yet (the peer alone timed): {kinds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--queries", type=int, default=None, help="700, 140 with --quick")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="Write the figures there")
    parser.add_argument("--quick", action="store_true", help="10,000 objects, for smoke runs")
    parser.add_argument("--rebuild-peer", action="store_true", help="Rebuild the Tantivy index")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = args.size or (QUICK_SIZE if args.quick else SIZE)
    count = args.queries or (140 if args.quick else 700)
    if args.worker:
        worker(args.worker, size, count, args.seed, args.rebuild_peer, args.out)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for engine in args.engines.split(","):
        engine = "postgresql" if engine.startswith("postgres") else engine
        env, where = catalog(engine, size)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sys.executable, __file__, "--worker", engine, "--size", str(size)]
            command += ["--queries", str(count), "--seed", str(args.seed), "--out", out.name]
            if args.rebuild_peer:
                command.append("--rebuild-peer")
            subprocess.run(command, env=env, check=True)
            result = orjson.loads(Path(out.name).read_bytes())
        result["catalog"] = where
        results.append(result)
    report(results, args)
    if args.json:
        figures = {
            "size": size,
            "queries": count,
            "seed": args.seed,
            "results": results,
            "machine": {"cores": os.cpu_count(), "load_at_end": os.getloadavg()},
        }
        args.json.write_bytes(orjson.dumps(figures, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()
