"""Search relevance measured like a search team would (issue 12): graded judgments on the real
2020 DATAtourisme archive, nDCG@10, MRR, top-1 and top-3 per query group and per engine.

    .venv/bin/python bench/relevance.py [--engines sqlite,postgresql] [--group typo] [--json PATH]

Each engine gets a fresh database (a SQLite file under /tmp, the PostgreSQL database
`opensit_relevance_bench`), the archive is imported with the DATAtourisme connector, then every
query of the set goes through the public interface `opensit.search.query.search()` in a worker
process (one Django setup per engine). The set and its format: bench/relevance/README.md.

The metric functions (`load_set`, `ndcg`, `reciprocal_rank`, `evaluate`, `summarize`) import
nothing from Django, so tests can apply them to an in-process ranking function
(tests/search/test_relevance.py).
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SET_PATH = HERE / "relevance" / "centre-val-de-loire-2020.json"
SHARED = Path(os.environ.get("OPENSIT_SHARED_DATA", ROOT.parent / "shared" / "data"))
WORK = Path(os.environ.get("OPENSIT_BENCH_DIR", "/tmp/opensit-bench"))
PG_URL = os.environ.get(
    "OPENSIT_RELEVANCE_PG", "postgres://postgres@127.0.0.1:5432/opensit_relevance_bench"
)
PYTHON = sys.executable

# Groups whose queries look for one object (grade 3): MRR and top-k count that object only.
KNOWN_ITEM_GROUPS = ("known-item", "landmark", "typo", "prefix")
GROUPS = (*KNOWN_ITEM_GROUPS, "thematic")
K = 10


@dataclass(frozen=True)
class Query:
    id: str
    group: str
    q: str
    types: tuple[str, ...]
    grades: dict[str, int]  # key (source id) -> grade 1..3; anything else is 0
    names: dict[str, str]  # key -> name, for reports

    @property
    def one_target(self) -> bool:
        return self.group in KNOWN_ITEM_GROUPS

    @property
    def targets(self) -> set[str]:
        return {key for key, grade in self.grades.items() if grade == 3}


@dataclass
class QueryResult:
    query: Query
    ranking: list[str]
    ndcg: float
    rr: float
    top1: bool
    top3: bool
    target_rank: int | None  # 1-based rank of the first hit that counts (None: not in the top 10)
    error: str | None = None

    @property
    def failed(self) -> bool:
        """A known-item query fails when its target is not first; a thematic one when its
        nDCG@10 is under 0.5."""
        return not self.top1 if self.query.one_target else self.ndcg < 0.5


@dataclass
class GroupSummary:
    group: str
    queries: int
    ndcg: float
    mrr: float
    top1: float
    top3: float
    failures: list[QueryResult] = field(default_factory=list)

    def figures(self) -> dict:
        return {
            "queries": self.queries,
            "ndcg@10": round(self.ndcg, 4),
            "mrr": round(self.mrr, 4),
            "top1": round(self.top1, 4),
            "top3": round(self.top3, 4),
        }


def load_set(path: Path = SET_PATH) -> list[Query]:
    """The queries of a relevance set file (format in bench/relevance/README.md)."""
    doc = orjson.loads(Path(path).read_bytes())
    queries = []
    for entry in doc["queries"]:
        grades = {j["source_id"]: int(j["grade"]) for j in entry["judgments"] if j["grade"] > 0}
        queries.append(
            Query(
                id=entry["id"],
                group=entry["group"],
                q=entry["q"],
                types=tuple(entry.get("types", ())),
                grades=grades,
                names={j["source_id"]: j.get("name", "") for j in entry["judgments"]},
            )
        )
    return queries


def dcg(gains: Iterable[int]) -> float:
    """Discounted cumulative gain with the standard log2 discount: rank r weighs 1/log2(r+1)."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg(ranking: list[str], grades: dict[str, int], k: int = K) -> float:
    """nDCG@k of a ranking: its DCG over the DCG of the judgments sorted by grade (the ideal)."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg(grades.get(key, 0) for key in ranking[:k]) / ideal


def first_rank(ranking: list[str], hit: Callable[[str], bool], k: int = K) -> int | None:
    """1-based rank of the first key of the top k for which `hit` holds."""
    for rank, key in enumerate(ranking[:k], start=1):
        if hit(key):
            return rank
    return None


def reciprocal_rank(
    ranking: list[str], grades: dict[str, int], min_grade: int, k: int = K
) -> float:
    """1/rank of the first result graded at least `min_grade` in the top k, else 0."""
    rank = first_rank(ranking, lambda key: grades.get(key, 0) >= min_grade, k)
    return 1.0 / rank if rank else 0.0


def score(query: Query, ranking: list[str], error: str | None = None) -> QueryResult:
    """Every metric of one query. Known-item groups count the grade-3 target only (MRR, top-k);
    thematic queries count the first result graded 2 or more."""
    min_grade = 3 if query.one_target else 2
    rank = first_rank(ranking, lambda key: query.grades.get(key, 0) >= min_grade)
    return QueryResult(
        query=query,
        ranking=ranking,
        ndcg=ndcg(ranking, query.grades),
        rr=reciprocal_rank(ranking, query.grades, min_grade),
        top1=rank == 1,
        top3=rank is not None and rank <= 3,
        target_rank=rank,
        error=error,
    )


def evaluate(queries: list[Query], rank: Callable[[Query], list[str]]) -> list[QueryResult]:
    """Runs `rank` (a query -> the keys of its results, best first) over the set."""
    return [score(query, rank(query)) for query in queries]


def summarize(results: list[QueryResult]) -> dict[str, GroupSummary]:
    """Means per group, in the order of GROUPS, then `all` (every query, equally weighted)."""
    by_group: dict[str, list[QueryResult]] = {}
    for result in results:
        by_group.setdefault(result.query.group, []).append(result)
    ordered = [g for g in GROUPS if g in by_group] + sorted(set(by_group) - set(GROUPS))
    summaries = {}
    for name, rows in [(g, by_group[g]) for g in ordered] + [("all", results)]:
        if not rows:
            continue
        n = len(rows)
        summaries[name] = GroupSummary(
            group=name,
            queries=n,
            ndcg=sum(r.ndcg for r in rows) / n,
            mrr=sum(r.rr for r in rows) / n,
            top1=sum(r.top1 for r in rows) / n,
            top3=sum(r.top3 for r in rows) / n,
            failures=[r for r in rows if r.failed],
        )
    return summaries


def worst(results: list[QueryResult], n: int | None = None) -> list[QueryResult]:
    """Failing queries, worst first: target absent from the top 10, then by rank and nDCG."""
    failing = [r for r in results if r.failed]
    failing.sort(key=lambda r: (r.target_rank is not None, -(r.target_rank or 0), r.ndcg))
    return failing[:n] if n else failing


# --- Running the set on an engine ---------------------------------------------------------


def fresh_database(engine: str) -> dict[str, str]:
    from databases import environment  # beside this file (run as a script, not by the tests)

    return environment(engine, WORK / "relevance.sqlite3", PG_URL)


def worker(set_path: Path, archive: Path) -> None:
    """In a process of its own (the database chosen by OPENSIT_DATABASE_URL): migrate, import
    the archive, run every query through search(), print the rankings as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from opensit.catalog.models import TourismObject
    from opensit.connectors.datatourisme import DataTourismeConnector
    from opensit.connectors.engine import ImportEngine
    from opensit.search.query import SearchParams, search

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    run = ImportEngine(DataTourismeConnector()).run(archive)
    import_seconds = time.perf_counter() - start
    keys = dict(TourismObject.objects.values_list("id", "source_id"))
    names = {}
    for source_id, doc in TourismObject.objects.values_list("source_id", "document"):
        name = doc.get("name") or {}
        names[source_id] = name.get("fr") or next(iter(name.values()), "")
    rows = []
    start = time.perf_counter()
    for query in load_set(set_path):
        error = None
        try:
            result = search(SearchParams(q=query.q, lang="fr", types=list(query.types), limit=K))
            ranking = [keys.get(i, i) for i in result.ids]
            total = result.total
        except Exception as exc:  # a query the engine refuses counts as an empty answer
            ranking, total, error = [], 0, f"{type(exc).__name__}: {exc}"
        rows.append({"id": query.id, "ranking": ranking, "total": total, "error": error})
    query_seconds = time.perf_counter() - start
    sys.stdout.write(
        orjson.dumps(
            {
                "objects": run.created + run.updated + run.unchanged,
                "import_seconds": import_seconds,
                "query_seconds": query_seconds,
                "rows": rows,
                "names": {key: names.get(key, "") for row in rows for key in row["ranking"]},
            }
        ).decode()
    )


def run_engine(engine: str, set_path: Path, archive: Path) -> dict:
    env = fresh_database(engine)
    proc = subprocess.run(
        [PYTHON, __file__, "--worker", "--set", str(set_path), "--archive", str(archive)],
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"relevance worker failed on {engine}:\n{proc.stderr[-3000:]}")
    return orjson.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--set", type=Path, default=SET_PATH)
    parser.add_argument("--archive", type=Path, default=None)
    parser.add_argument("--group", action="append", help="only this group (repeatable)")
    parser.add_argument("--json", type=Path, help="write the figures and failures there")
    parser.add_argument("--failures", type=int, default=25, help="failures listed per engine")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    doc = orjson.loads(args.set.read_bytes())
    archive = args.archive or SHARED / doc["archive"]
    if args.worker:
        worker(args.set, archive)
        return
    console = Console() if sys.stdout.isatty() else Console(width=160)
    if not archive.is_dir():
        raise SystemExit(
            f"{archive} not found (clone ../shared beside, or set OPENSIT_SHARED_DATA)"
        )
    queries = load_set(args.set)
    if args.group:
        unknown = set(args.group) - {q.group for q in queries}
        if unknown:
            raise SystemExit(f"unknown group(s): {', '.join(sorted(unknown))}")
        queries = [q for q in queries if q.group in args.group]
    report: dict = {"set": str(args.set), "queries": len(queries), "engines": {}}
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        engine = "postgresql" if engine.startswith("postgres") else engine
        console.print(
            f"[bold]{engine}[/bold]: importing {archive.name} and running {len(queries)} queries…"
        )
        answer = run_engine(engine, args.set, archive)
        rows = {row["id"]: row for row in answer["rows"]}
        names = answer["names"]
        results = [score(q, rows[q.id]["ranking"], rows[q.id]["error"]) for q in queries]
        summaries = summarize(results)
        table = Table(
            title=f"Relevance on {engine} ({answer['objects']:,} objects, {len(queries)} queries)"
        )
        for col in ("group", "queries", "nDCG@10", "MRR", "top-1", "top-3", "failing"):
            table.add_column(col, justify="right" if col != "group" else "left")
        for s in summaries.values():
            table.add_row(
                s.group,
                str(s.queries),
                f"{s.ndcg:.3f}",
                f"{s.mrr:.3f}",
                f"{s.top1:.3f}",
                f"{s.top3:.3f}",
                str(len(s.failures)),
            )
        console.print(table)
        failing = worst(results)
        ftable = Table(title=f"Failing queries on {engine} (worst first, {len(failing)} in all)")
        for col in ("id", "query", "rank", "nDCG", "first result (grade)", "sought"):
            ftable.add_column(col)
        failures_json = []
        for r in failing:
            first = r.ranking[0] if r.ranking else None
            sought = sorted(
                r.query.targets
                if r.query.one_target
                else [k for k, g in r.query.grades.items() if g >= 2]
            )
            sought_label = "; ".join(r.query.names.get(k, k) for k in sought[:2])
            failures_json.append(
                {
                    "id": r.query.id,
                    "group": r.query.group,
                    "q": r.query.q,
                    "rank": r.target_rank,
                    "ndcg": round(r.ndcg, 4),
                    "first": names.get(first, first) if first else None,
                    "first_grade": r.query.grades.get(first, 0) if first else None,
                    "sought": sought_label,
                    "error": r.error,
                }
            )
        for row in failures_json[: args.failures]:
            ftable.add_row(
                row["id"],
                row["q"],
                str(row["rank"] or ">10"),
                f"{row['ndcg']:.2f}",
                f"{row['first']} ({row['first_grade']})"
                if row["first"]
                else (row["error"] or "no result"),
                row["sought"],
            )
        console.print(ftable)
        report["engines"][engine] = {
            "objects": answer["objects"],
            "import_seconds": round(answer["import_seconds"], 2),
            "query_ms_mean": round(answer["query_seconds"] * 1000 / max(len(answer["rows"]), 1), 2),
            "groups": {name: s.figures() for name, s in summaries.items()},
            "failures": failures_json,
            "per_query": {
                r.query.id: {"ndcg@10": round(r.ndcg, 4), "rank": r.target_rank} for r in results
            },
        }
    if args.json:
        args.json.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
        console.print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
