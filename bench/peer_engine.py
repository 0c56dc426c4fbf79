"""The peer of bench/search_peer.py: Tantivy through its Python bindings, embedded, indexing
the published objects of the current database (French name and text, type, commune), and the
name-word statistics that the query sets are drawn from."""

import re
import shutil
import time
import unicodedata
from collections import Counter
from pathlib import Path

import orjson

NAME_BOOST = 10.0
STOP = {
    "les", "des", "une", "aux", "sur", "par", "pour", "dans", "avec", "the", "and", "for", "chez",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def pick(text: object) -> str:
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
    parts = [pick(doc.get("short_description")), pick(doc.get("description"))]
    parts += [pick(location.get("place_name")), commune]
    return pick(doc.get("name")), _TAG.sub(" ", " ".join(p for p in parts if p))


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
