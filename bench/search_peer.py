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
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
WORK = Path(os.environ.get("OPENSIT_PEER_DIR", "/tmp/opensit-search-peer"))
PG_URL = os.environ.get("OPENSIT_PEER_PG", "postgres://postgres@127.0.0.1:5432/opensit_peer")
API_WORK = Path(os.environ.get("OPENSIT_BENCH_DIR", "/tmp/opensit-api-bench"))
API_PG = os.environ.get("OPENSIT_BENCH_PG", "postgres://postgres@127.0.0.1:5432/opensit_api_bench")
BASE = 20_000  # objects built by `opensit synth` before grow.py copies them
SIZE, QUICK_SIZE = 200_000, 10_000
# Shares of the query mix (700 queries: 200, 150, 100, 100, 100, 50).
KINDS = {
    "text": 4,
    "text+type": 3,
    "rare word": 2,
    "facets with text": 2,
    "suggest": 2,
    "typo": 1,
}
NAME_BOOST = 10.0
STOP = {
    "les", "des", "une", "aux", "sur", "par", "pour", "dans", "avec", "the", "and", "for", "chez",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"<[^>]+>")


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


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
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        base, name = env["OPENSIT_DATABASE_URL"].rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
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


def _pick(text: object) -> str:
    """The French text of a language map, else English, else any (OpenSIT's fr fallback)."""
    if not isinstance(text, dict) or not text:
        return ""
    for lang in ("fr", "en"):
        if text.get(lang):
            return text[lang]
    return next((v for v in text.values() if isinstance(v, str) and v), "")


def french_texts(doc: dict) -> tuple[str, str]:
    """The name and text that OpenSIT indexes in French (search/text.py `document_texts`,
    copied here so that the peer does not move when OpenSIT's text engine does)."""
    location = doc.get("location") or {}
    commune = (location.get("commune") or {}).get("name", "")
    parts = [_pick(doc.get("short_description")), _pick(doc.get("description"))]
    parts += [_pick(location.get("place_name")), commune]
    return _pick(doc.get("name")), _TAG.sub(" ", " ".join(p for p in parts if p))


def published_rows():
    """(object id, type, commune, document) of every published object, in the order of the
    search entries when that table exists (so ties in rank break alike), else by id."""
    from django.db import connection

    tables = set(connection.introspection.table_names())
    if "search_entry" in tables:
        sql = (
            "SELECT o.id, o.type, o.commune_insee, o.document FROM catalog_tourismobject o"
            " JOIN search_entry e ON e.object_id = o.id WHERE o.status = 'published'"
            " ORDER BY e.id"
        )
    else:
        sql = (
            "SELECT id, type, commune_insee, document FROM catalog_tourismobject"
            " WHERE status = 'published' ORDER BY id"
        )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(2000):
            for oid, type_code, commune, document in rows:
                if isinstance(document, (str, bytes)):
                    document = orjson.loads(document)
                yield str(oid), type_code, commune, document


# --- the peer ------------------------------------------------------------------------------


class Peer:
    """Tantivy, embedded: the index in a directory, a searcher, the key -> object id list."""

    def __init__(self, path: Path, rebuild: bool, published: int) -> None:
        import tantivy

        self.t = tantivy
        self.path = path
        self.analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .build()
        )
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("name", stored=False, tokenizer_name="fold")
        builder.add_text_field("text", stored=False, tokenizer_name="fold")
        builder.add_text_field("type", stored=False, tokenizer_name="raw", fast=True)
        builder.add_text_field("commune", stored=False, tokenizer_name="raw", fast=True)
        builder.add_integer_field("key", stored=False, indexed=False, fast=True)
        self.schema = builder.build()
        meta_file = path / "peer-meta.json"
        meta = orjson.loads(meta_file.read_bytes()) if meta_file.exists() else {}
        if rebuild or meta.get("docs") != published:
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True)
            meta = self._build()
            meta_file.write_bytes(orjson.dumps(meta))
            meta["cached"] = False
        else:
            meta["cached"] = True
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
            self.index.register_tokenizer("fold", self.analyzer)
        self.meta = meta
        self.index.reload()
        self.searcher = self.index.searcher()
        self.ids = (path / "peer-ids.txt").read_text().split("\n")
        self.stats = orjson.loads((path / "peer-words.json").read_bytes())

    def _build(self) -> dict:
        """Index every published object: the documents are read from the database first, so
        that the indexing (documents to a committed index on disk) is timed alone."""
        t = self.t
        ids: list[str] = []
        docs: list[dict] = []
        words: Counter[str] = Counter()
        surfaces: dict[str, Counter[str]] = {}
        types: Counter[str] = Counter()
        started = time.perf_counter()
        for oid, type_code, commune, doc in published_rows():
            name, text = french_texts(doc)
            fields = {"name": name, "text": text, "type": type_code, "key": len(ids)}
            if commune:
                fields["commune"] = commune
            docs.append(fields)
            ids.append(oid)
            types[type_code] += 1
            for word in _WORD.findall(name.lower()):
                folded = fold(word)
                if len(folded) >= 3 and folded not in STOP:
                    words[folded] += 1
                    surfaces.setdefault(folded, Counter())[word] += 1
        read = time.perf_counter() - started
        print(f"  peer: {len(ids):,} objects read in {read:.1f} s", flush=True)
        started = time.perf_counter()
        self.index = t.Index(self.schema, path=str(self.path), reuse=False)
        self.index.register_tokenizer("fold", self.analyzer)
        # One thread and a heap that holds the catalog: one segment, as an optimised index.
        writer = self.index.writer(heap_size=2_000_000_000, num_threads=1)
        for fields in docs:
            writer.add_document(t.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()
        indexing = time.perf_counter() - started
        print(f"  peer: {len(ids):,} objects indexed in {indexing:.1f} s", flush=True)
        (self.path / "peer-ids.txt").write_text("\n".join(ids))
        stats = {
            "words": {w: [n, surfaces[w].most_common(1)[0][0]] for w, n in sorted(words.items())},
            "types": dict(sorted(types.items())),
        }
        (self.path / "peer-words.json").write_bytes(orjson.dumps(stats))
        index_bytes = sum(
            f.stat().st_size
            for f in self.path.iterdir()
            if f.is_file() and not f.name.startswith("peer-")
        )
        return {
            "docs": len(ids),
            "read_s": round(read, 2),
            "index_s": round(indexing, 2),
            "bytes": index_bytes,
            "tantivy": getattr(t, "__version__", "?"),
        }

    # queries: the analysis of the words is part of each timed query

    def _tokens(self, q: str) -> list[str]:
        return list(dict.fromkeys(self.analyzer.analyze(q)))

    def _word(self, token: str, fuzzy: bool = False):
        q = self.t.Query
        if fuzzy:
            name = q.fuzzy_term_query(self.schema, "name", token, distance=1)
            text = q.fuzzy_term_query(self.schema, "text", token, distance=1)
        else:
            name = q.term_query(self.schema, "name", token)
            text = q.term_query(self.schema, "text", token)
        should = self.t.Occur.Should
        return q.boolean_query([(should, q.boost_query(name, NAME_BOOST)), (should, text)])

    def query(self, q: str, types: list[str] | None = None, fuzzy: bool = False):
        tokens = self._tokens(q)
        must = self.t.Occur.Must
        clauses = [(must, self._word(tk, fuzzy and len(tk) >= 5)) for tk in tokens]
        if types:  # a filter: the type and its descendants, not scored (OpenSIT's tags weigh 0)
            should = self.t.Occur.Should
            terms = [(should, self.t.Query.term_query(self.schema, "type", c)) for c in types]
            filter_ = self.t.Query.boolean_query(terms)
            clauses.append((must, self.t.Query.const_score_query(filter_, 0.0)))
        return self.t.Query.boolean_query(clauses)

    def search(self, query, limit: int = 20, count: bool = True) -> tuple[int | None, list[str]]:
        result = self.searcher.search(query, limit, count=count)
        keys = self.searcher.fast_field_values("key", [address for _score, address in result.hits])
        return result.count, [self.ids[k] for k in keys]

    def facets(self, query) -> dict:
        aggregations = {
            "types": {"terms": {"field": "type", "size": 1000}},
            "communes": {"terms": {"field": "commune", "size": 100_000}},
        }
        return self.searcher.aggregate(query, aggregations)

    def suggest(self, prefix: str) -> list[str]:
        tokens = self._tokens(prefix)
        query = self.t.Query.phrase_prefix_query(self.schema, "name", tokens)
        return self.search(query, limit=10, count=False)[1]

    def doc_freq(self, word: str) -> int:
        tokens = self._tokens(word)
        if len(tokens) != 1:
            return 0
        return self.searcher.doc_freq("name", tokens[0]) + self.searcher.doc_freq("text", tokens[0])


# --- the queries ---------------------------------------------------------------------------


@dataclasses.dataclass
class Query:
    kind: str
    q: str
    types: list[str] | None = None  # OpenSIT's type codes
    peer_types: list[str] | None = None  # the same with their descendants


def typo(word: str, rng: random.Random, known) -> str | None:
    """`word` with one edit that is not on its first letter and makes no known word."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(20):
        i = rng.randrange(1, len(word))
        op = rng.choice(("substitute", "delete", "insert", "transpose"))
        if op == "substitute":
            out = word[:i] + rng.choice(letters.replace(word[i], "")) + word[i + 1 :]
        elif op == "delete":
            out = word[:i] + word[i + 1 :]
        elif op == "insert":
            out = word[:i] + rng.choice(letters) + word[i:]
        else:
            if i == len(word) - 1 or word[i] == word[i + 1]:
                continue
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if not known(out):
            return out
    return None


def make_queries(peer: Peer, count: int, seed: int) -> list[Query]:
    from opensit.catalog.types import TYPES, descendants, root_of

    rng = random.Random(seed)
    vocabulary = peer.stats["words"]
    words = sorted(vocabulary)
    weights = [vocabulary[w][0] for w in words]
    surface = {w: vocabulary[w][1] for w in words}
    type_codes = [c for c in sorted(peer.stats["types"]) if c in TYPES]
    type_weights = [peer.stats["types"][c] for c in type_codes]
    # Rare: the name words in the lowest tenth of document frequency (name + text).
    frequency = {w: peer.doc_freq(w) for w in words}
    ranked = sorted((f, w) for w, f in frequency.items() if f > 0)
    limit = ranked[len(ranked) // 10][0]
    rare = [w for f, w in ranked if f <= limit]

    def draw(n: int) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            word = rng.choices(words, weights)[0]
            if word not in out:
                out.append(word)
        return out

    def text() -> str:
        return " ".join(surface[w] for w in draw(rng.randint(1, 3)))

    shares = sum(KINDS.values())
    out: list[Query] = []
    for kind, share in KINDS.items():
        n = max(1, round(count * share / shares))
        while n:
            if kind in ("text", "facets with text"):
                out.append(Query(kind, text()))
            elif kind == "text+type":
                code = rng.choices(type_codes, type_weights)[0]
                if rng.random() < 0.5:
                    code = root_of(code)
                out.append(Query(kind, text(), [code], list(descendants(code))))
            elif kind == "rare word":
                out.append(Query(kind, surface[rng.choice(rare)]))
            elif kind == "suggest":
                length = rng.randint(3, 5)
                word = draw(1)[0]
                if len(word) < length:
                    continue
                out.append(Query(kind, surface[word][:length]))
            else:  # typo
                picked = draw(rng.randint(1, 3))
                long = [w for w in picked if len(w) >= 5]
                if not long:
                    continue
                target = rng.choice(long)
                wrong = typo(target, rng, lambda w: w in vocabulary or peer.doc_freq(w))
                if wrong is None:
                    continue
                words_typed = [wrong if w == target else surface[w] for w in picked]
                out.append(Query(kind, " ".join(words_typed)))
            n -= 1
    return out


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
