"""`make bench`: the import benchmark (and the others found beside it), on SQLite and PostgreSQL.

Import speed is reported as a ratio to a parse-only pass (orjson loading every file) over the
same files in the same run, and with the peak memory of the import: the peak RSS of its main
process and workers, and the peak PSS of the whole process tree (bench/memory.py). Each archive
is imported twice: into an empty database, then again into the same database ("re-import":
every record unchanged; issue 15's target is a ratio of 0.5 or more for it).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
from databases import environment
from memory import PeakMemory
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = Path(os.environ.get("OPENSIT_SHARED_DATA", ROOT.parent / "shared" / "data"))
WORK = Path(os.environ.get("OPENSIT_BENCH_DIR", "/tmp/opensit-bench"))
PG_URL = os.environ.get("OPENSIT_BENCH_PG", "postgres://postgres@127.0.0.1:5432/opensit_bench")
PYTHON = sys.executable
console = Console()


def parse_only(archive: Path) -> tuple[int, float]:
    """orjson over every object file of a flux archive; the second (warm) pass is reported."""
    files = [
        archive / "objects" / e["file"] for e in orjson.loads((archive / "index.json").read_bytes())
    ]
    best = 0.0
    for _ in range(2):
        start = time.perf_counter()
        for file in files:
            orjson.loads(file.read_bytes())
        best = time.perf_counter() - start
    return len(files), best


def import_database(engine: str, fresh: bool = True) -> dict[str, str]:
    return environment(engine, WORK / "import.sqlite3", PG_URL, fresh=fresh)


def timed_import(engine: str, source: str, path: Path, fresh: bool = True) -> dict:
    """One import in its own process, into an empty database (`fresh`) or into the one the
    previous import filled (a re-import)."""
    env = import_database(engine, fresh)
    proc = subprocess.Popen(
        [PYTHON, str(HERE / "import_once.py"), source, str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    sampler = PeakMemory(proc.pid)
    _, status, _usage = os.wait4(proc.pid, 0)
    memory = sampler.stop()
    out = proc.stdout.read()
    if status != 0:
        raise SystemExit(f"import failed on {engine}: {proc.stderr.read().decode()[-2000:]}")
    result = orjson.loads(out.strip().splitlines()[-1])
    # Every process of the import at its peak at once: an upper bound of the whole.
    workers = result["workers"] if result["worker_rss_mb"] else 0
    result["peak_rss_mb"] = result["main_rss_mb"] + workers * result["worker_rss_mb"]
    result.update(memory)  # the tree's peak PSS: shared pages counted once
    return result


def synthetic_archive(objects: int) -> Path:
    target = WORK / f"synth-datatourisme-{objects}"
    if not (target / "index.json").exists():
        shutil.rmtree(target, ignore_errors=True)
        console.print(f"Generating a {objects:,}-object DATAtourisme archive in {target}…")
        subprocess.run(
            [
                str(Path(PYTHON).parent / "opensit"),
                "synth",
                "--objects",
                str(objects),
                "--seed",
                "1",
                "--datatourisme",
                str(target),
            ],
            check=True,
            env={**os.environ, "OPENSIT_HOME": str(ROOT)},
        )
    return target


def bench_imports(engines: list[str], synth_objects: int) -> None:
    archives = []
    real = SHARED / "datatourisme" / "centre-val-de-loire-2020"
    if real.is_dir():
        archives.append(("DATAtourisme 2020 (2,550)", real))
    else:
        console.print(f"[yellow]{real} absent: real archive skipped[/yellow]")
    if synth_objects:
        archives.append((f"synthetic ({synth_objects:,})", synthetic_archive(synth_objects)))
    table = Table(title="Import benchmark")
    for col in (
        "archive",
        "engine",
        "objects",
        "parse-only obj/s",
        "import obj/s",
        "ratio",
        "CPU ms/obj",
        "peak RSS MB main + workers",
        "peak PSS MB (heaps + files)",
    ):
        table.add_column(col, justify="right")
    for label, archive in archives:
        count, parse_seconds = parse_only(archive)
        parse_rate = count / parse_seconds
        for engine, again in ((e, again) for e in engines for again in (False, True)):
            # The same archive again into the same database: every record unchanged.
            result = timed_import(engine, "datatourisme", archive, fresh=not again)
            rate = result["read"] / result["duration"]
            done = result["unchanged"] if again else result["created"]
            table.add_row(
                f"{label}, re-import" if again else label,
                engine,
                f"{done:,}",
                f"{parse_rate:,.0f}",
                f"{rate:,.0f}",
                f"{rate / parse_rate:.2f}",
                f"{result['cpu_seconds'] / result['read'] * 1000:.2f}",
                f"{result['main_rss_mb']:.0f} + {result['workers']}×{result['worker_rss_mb']:.0f}"
                f" = {result['peak_rss_mb']:.0f}",
                f"{result['pss_mb']:.0f}"
                f" ({result['pss_anon_mb']:.0f} + {result['pss_file_mb']:.0f})",
            )
            what = "re-import" if again else "import"
            console.print(f"{label} / {engine} {what}: {rate:,.0f} obj/s")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--synth-objects", type=int, default=100_000)
    parser.add_argument(
        "--only", choices=["import", "search", "relevance", "peer", "api", "export"], default=None
    )
    parser.add_argument("--sizes", default="10000", help="Catalog sizes of the API benchmark")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    engines = args.engines.split(",")
    if args.only in (None, "import"):
        bench_imports(engines, args.synth_objects)
    search_bench = HERE / "search_bench.py"
    if args.only in (None, "search") and search_bench.exists():
        subprocess.run([PYTHON, str(search_bench)], check=True)
    engine_names = ",".join("postgresql" if e.startswith("postgres") else e for e in engines)
    if args.only in (None, "search", "relevance"):  # nDCG@10, MRR, top-1/3 per query group
        relevance = [PYTHON, str(HERE / "relevance.py"), "--engines", engine_names]
        subprocess.run([*relevance, "--json", str(WORK / "relevance.json")], check=True)
    if args.only in (None, "search", "peer"):  # side by side with an embedded Tantivy
        peer = [PYTHON, str(HERE / "search_peer.py"), "--engines", engine_names]
        subprocess.run([*peer, "--json", str(WORK / "search-peer.json")], check=True)
    if args.only in (None, "api"):
        api = [PYTHON, str(HERE / "api_bench.py"), "--engines", engine_names]
        subprocess.run([*api, "--sizes", args.sizes], check=True)
    if args.only in (None, "export"):
        size = int(args.sizes.split(",")[-1])
        export = [PYTHON, str(HERE / "export_bench.py"), "--objects", str(size)]
        export += ["--seed-objects", str(min(size, 20_000))]
        subprocess.run([*export, "--engines", engine_names.replace("postgresql", "postgres")])


if __name__ == "__main__":
    main()
