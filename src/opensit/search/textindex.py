"""The text index: Tantivy, a derived copy of the database's `search_document` rows.

The database stays the source of truth. The indexer writes, in the catalog's transaction, one
`search_document` row per published object (the fields below, as JSON) and one
`search_text_log` row per change (`add` or `del` of an entry). Each process keeps its own
Tantivy index and follows the log: before a search it reads the last log row (one indexed
query), applies the rows it has not seen (deletes by entry id, adds from `search_document`),
commits and reloads. Every log row carries a random token: when the row the index last applied
is gone or holds another token (a rolled-back transaction, a restored dump, a pruned log), the
index no longer matches the database and is rebuilt from `search_document`.

One writer at a time per index: the process that applies the log holds Tantivy's writer lock
while it does, and lets it go; a process that finds it taken reloads what the other commits.
`opensit search follow` applies the log between searches too. An in-memory database (the test
suite) gets an in-memory index.
"""

import hashlib
import json
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from opensit.core.routers import read_alias
from opensit.search.text import STOP_WORDS

GROUPS = ("fr", "en", "all")
STEMMERS = {"fr": "french", "en": "english", "all": None}
SCHEMA_VERSION = 5
# Fields every document has besides its per-group texts.
FACET_FIELDS = ("type", "type_root", "commune", "theme")
# More values than any facet has (French communes: about 35,000).
ALL_VALUES = 65_000
# The heap of the writer that follows the log: a few changes at a time.
WRITER_HEAP = 50_000_000


def _analyzer(stemmer: str | None) -> tantivy.TextAnalyzer:
    """Words split on anything not a letter or digit, lower case, accents and ligatures folded
    (œ -> oe), then stemmed (snowball) for the stemmed fields. Folding comes before stemming:
    visitors type without accents, and the index must treat both the same."""
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(120))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stemmer:
        builder = builder.filter(tantivy.Filter.stemmer(stemmer))
    return builder.build()


ANALYZERS: dict[str, tantivy.TextAnalyzer] = {
    "fold": _analyzer(None),
    "stem_fr": _analyzer("french"),
    "stem_en": _analyzer("english"),
}


def stem_analyzer(group: str) -> str:
    return f"stem_{group}" if STEMMERS[group] else "fold"


def analyze(analyzer: str, text: str) -> list[str]:
    return ANALYZERS[analyzer].analyze(text)


def exact_key(text: str) -> str:
    """A name reduced to its folded words, for the exact-name match ("Château de Chambord" and
    "chateau de chambord" give the same key)."""
    return " ".join(analyze("fold", text))


def name_length(name: str) -> int:
    """The meaningful words of a name (stop words left out), at least 1."""
    return max(1, sum(1 for word in analyze("fold", name) if word not in STOP_WORDS))


PREFIX_MAX = 20  # longer prefixes of a name word are not indexed (queries fall back)


def name_prefixes(name: str) -> list[str]:
    """Every start of every folded word of a name ("chambord": c, ch, ..., chambord), indexed
    so that a word typed so far is one term to look up, not a union of the terms it begins."""
    found: dict[str, None] = {}
    for word in analyze("fold", name):
        for end in range(1, min(len(word), PREFIX_MAX) + 1):
            found[word[:end]] = None
    return list(found)


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("entry", stored=False, indexed=True, fast=True)
    for group in GROUPS:
        builder.add_text_field(f"name_{group}", tokenizer_name="fold", index_option="position")
        builder.add_text_field(
            f"stem_{group}", tokenizer_name=stem_analyzer(group), index_option="position"
        )
        builder.add_text_field(f"exact_{group}", tokenizer_name="raw", index_option="basic")
        builder.add_text_field(f"prefix_{group}", tokenizer_name="raw", index_option="basic")
        builder.add_text_field(
            f"text_{group}", tokenizer_name=stem_analyzer(group), index_option="position"
        )
        builder.add_integer_field(f"len_{group}", fast=True)
        builder.add_text_field(f"place_{group}", tokenizer_name="fold", index_option="basic")
    builder.add_text_field("tags", tokenizer_name="raw", index_option="basic")
    for name in FACET_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_float_field("prior", fast=True)
    return builder.build()


SCHEMA = build_schema()


@dataclass
class Hits:
    """Entry ids with their scores, best first, and the number of matches."""

    entries: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    total: int = 0
    lengths: list[int] = field(default_factory=list)  # name lengths of the first hits


def _database_key(connection: BaseDatabaseWrapper) -> str | None:
    """A directory name for the database, None for an in-memory one."""
    settings_dict = connection.settings_dict
    name = str(settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and (
        not name or name == ":memory:" or "mode=memory" in name or name.startswith("file:memory")
    ):
        return None
    where = f"{connection.vendor}:{settings_dict.get('HOST', '')}:{settings_dict.get('PORT', '')}"
    digest = hashlib.sha1(f"{where}:{name}".encode()).hexdigest()[:12]
    return f"{connection.vendor}-{Path(name).stem or 'db'}-{digest}"


class TextIndex:
    """One Tantivy index following one database's `search_text_log`."""

    def __init__(self, path: Path | None, alias: str = DEFAULT_DB_ALIAS) -> None:
        self.path = path
        self.alias = alias  # the database whose log it follows: the primary or a replica
        self.lock = threading.RLock()
        self.applied_seq = 0
        self.applied_token = ""
        self.built = False  # a new index is built once even when the log is empty (pruned)
        self.compacted_segments = 0  # segments left by the last `optimize` (0: never run)
        self.generation = 0
        self._writer: tantivy.IndexWriter | None = None
        self._vocabulary: dict[tuple[int, str, str], list[str]] = {}
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
            meta = self._read_meta()
            if meta.get("schema") != SCHEMA_VERSION:  # a new schema: start again
                for child in path.iterdir():
                    if child.is_file():
                        child.unlink()
                meta = {}
            self.index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
            self.applied_seq = meta.get("seq", 0)
            self.applied_token = meta.get("token", "")
            self.compacted_segments = meta.get("compacted_segments", 0)
            self.built = bool(meta)
        else:
            self.index = tantivy.Index(SCHEMA)
        for name, analyzer in ANALYZERS.items():
            self.index.register_tokenizer(name, analyzer)
        self.index.reload()
        self.searcher = self.index.searcher()

    # -- following the log ----------------------------------------------------------------------

    def _meta_file(self) -> Path:
        return self.path / "opensit-applied.json"

    def _read_meta(self) -> dict:
        try:
            return json.loads(self._meta_file().read_text())
        except (OSError, ValueError):
            return {}

    def _write_meta(self) -> None:
        if self.path is not None:
            data = {
                "schema": SCHEMA_VERSION,
                "seq": self.applied_seq,
                "token": self.applied_token,
                "compacted_segments": self.compacted_segments,
            }
            temporary = self._meta_file().with_suffix(".tmp")
            temporary.write_text(json.dumps(data))
            temporary.replace(self._meta_file())

    def writer(self, heap_bytes: int = WRITER_HEAP) -> tantivy.IndexWriter | None:
        """A writer, or None when another process holds the index's lock (it is applying the
        log: this process then reloads what it commits)."""
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=heap_bytes, num_threads=1)
            except ValueError:
                return None
        return self._writer

    def release(self) -> None:
        """Let the lock go, so that any process of the server can apply the next changes."""
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    @property
    def connection(self) -> BaseDatabaseWrapper:
        return connections[self.alias]

    def sync(self) -> None:
        """Bring the index up to the database's log (see the module's docstring)."""
        with self.lock:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT seq, token FROM search_text_log WHERE seq = %s"
                    " OR seq = (SELECT MAX(seq) FROM search_text_log) ORDER BY seq",
                    [self.applied_seq],
                )
                rows = cursor.fetchall()
            last_seq, last_token = rows[-1] if rows else (0, "")
            up_to_date = last_seq == self.applied_seq and last_token == self.applied_token
            if up_to_date and self.built:
                return
            writer = self.writer()
            if writer is None:  # another process writes: take what it committed
                self._reload()
                return
            ours = rows[0] if rows and rows[0][0] == self.applied_seq else None
            if (
                not self.built
                or (self.applied_seq and (ours is None or ours[1] != self.applied_token))
                or (not self.applied_seq and last_seq)
                or last_seq < self.applied_seq
            ):
                self._rebuild(writer, last_seq, last_token)
            else:
                self._apply(writer, last_seq, last_token)
            self.release()

    def _apply(self, writer: tantivy.IndexWriter, last_seq: int, last_token: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT entry_id FROM search_text_log WHERE seq > %s AND seq <= %s",
                [self.applied_seq, last_seq],
            )
            touched = [row[0] for row in cursor.fetchall()]
        for entry_id in touched:
            writer.delete_documents_by_term("entry", entry_id)
        self._add(writer, _documents(self.connection, touched))
        self._commit(writer, last_seq, last_token)

    def _rebuild(self, writer: tantivy.IndexWriter, last_seq: int, last_token: str) -> None:
        writer.delete_all_documents()
        self._add(writer, _documents(self.connection, None))
        self._commit(writer, last_seq, last_token)

    def rebuild(self, heap_bytes: int = WRITER_HEAP) -> int:
        """Everything again from `search_document` (`opensit search reindex`, `optimize`)."""
        with self.lock:
            writer = self.writer(heap_bytes)
            if writer is None:
                raise RuntimeError("another process holds the search index's writer")
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT seq, token FROM search_text_log ORDER BY seq DESC",
                )
                row = cursor.fetchone() or (0, "")
            self._rebuild(writer, *row)
            self.release()
            return self.searcher.num_docs

    @staticmethod
    def _add(writer: tantivy.IndexWriter, documents: Iterable[tuple[int, dict]]) -> None:
        for entry_id, body in documents:
            body.pop("base_prior", None)
            for group in GROUPS:  # derived here: `search_document` need not store them
                body[f"prefix_{group}"] = name_prefixes(body.get(f"name_{group}") or "")
            document = tantivy.Document.from_dict(body, SCHEMA)
            document.add_integer("entry", entry_id)
            writer.add_document(document)

    def _commit(self, writer: tantivy.IndexWriter, seq: int, token: str) -> None:
        writer.commit()
        self.applied_seq, self.applied_token, self.built = seq, token, True
        self._write_meta()
        self._reload()

    def _reload(self) -> None:
        self.index.reload()
        self.searcher = self.index.searcher()
        self.generation += 1
        self._vocabulary.clear()

    def optimize(self) -> bool:
        """Compact the index into as few segments as `OPENSIT_SEARCH_OPTIMIZE_HEAP_MB` allows,
        when changes have added segments since the last time; True when it rebuilt.

        Every query and facet count runs once per segment: Tantivy's merge policy leaves about
        seven at 200,000 documents written with the 50 MB heap of the log's writer, and facet
        counts then cost 1.8 times what they cost on one segment (bench/README.md). Its Python
        binding offers no explicit merge, so a rebuild with a large heap is the merge: one
        segment per heap's worth of documents (docs/search.md)."""
        with self.lock:
            segments = self.searcher.num_segments
            if self.built and segments <= max(1, self.compacted_segments):
                writer = self.writer()
                if writer is not None:
                    writer.garbage_collect_files()
                    self.release()
                return False
            self.rebuild(optimize_heap_bytes())
            self.compacted_segments = self.searcher.num_segments
            self._write_meta()
            return True

    # -- reading -----------------------------------------------------------------------------------

    def search(
        self, query: tantivy.Query, limit: int, count: bool = True, lengths: tuple = ("", 0)
    ) -> Hits:
        """The best `limit` hits; `lengths` = (group, n): the name lengths of the first n."""
        searcher = self.searcher
        result = searcher.search(query, limit=max(limit, 1), count=count, weight_by_field="prior")
        hits = result.hits[:limit] if limit else []
        addresses = [address for _s, address in hits]
        group, first = lengths
        return Hits(
            entries=list(searcher.fast_field_values("entry", addresses)),
            scores=[score for score, _a in hits],
            total=result.count if count else len(hits),
            lengths=(
                list(searcher.fast_field_values(f"len_{group}", addresses[:first])) if first else []
            ),
        )

    def count(self, query: tantivy.Query) -> int:
        return self.searcher.search(query, limit=1, count=True).count

    def aggregate(
        self, query: tantivy.Query, fields: dict[str, int | None]
    ) -> dict[str, dict[str, int]]:
        """Counts per value of each field over the matches: all of them (None), or the `size`
        most frequent. Each segment counts every value (`segment_size`), so that the counts
        kept are exact, not Tantivy's per-segment estimate."""
        spec = {
            name: {"terms": {"field": name, "size": size or ALL_VALUES, "segment_size": ALL_VALUES}}
            for name, size in fields.items()
        }
        answer = self.searcher.aggregate(query, spec)
        return {
            name: {bucket["key"]: bucket["doc_count"] for bucket in answer[name]["buckets"]}
            for name in fields
        }

    def doc_freq(self, field_name: str, term: str) -> int:
        return self.searcher.doc_freq(field_name, term)

    def vocabulary(self, field_name: str, first: str) -> list[str]:
        """The terms of a field that start with a letter (typo candidates keep the first
        letter), cached until the next reload."""
        key = (self.generation, field_name, first)
        found = self._vocabulary.get(key)
        if found is None:
            found = [term for term, _n in self.searcher.terms_with_prefix(field_name, first)]
            self._vocabulary[key] = found
        return found

    def top_terms(self, field_name: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        return self.searcher.terms_with_prefix(field_name, prefix, limit=limit)


def _documents(
    connection: BaseDatabaseWrapper, entry_ids: Sequence[int] | None
) -> Iterable[tuple[int, dict]]:
    """(entry id, body) of `search_document`, all of them or those of existing entries. All of
    them are read a page at a time by entry id: psycopg's client-side cursor holds a whole
    result (400 MB of bodies at 100,000 objects, the peak of an import on PostgreSQL)."""
    with connection.cursor() as cursor:
        if entry_ids is None:
            last = -(2**63)  # below any entry id
            while True:
                cursor.execute(
                    "SELECT entry_id, body FROM search_document WHERE entry_id > %s"
                    " ORDER BY entry_id LIMIT 2000",
                    [last],
                )
                rows = cursor.fetchall()
                for entry_id, body in rows:
                    yield entry_id, json.loads(body)
                if len(rows) < 2000:
                    return
                last = rows[-1][0]
        for start in range(0, len(entry_ids), 900):
            chunk = list(entry_ids[start : start + 900])
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT entry_id, body FROM search_document WHERE entry_id IN ({marks})", chunk
            )
            for entry_id, body in cursor.fetchall():
                yield entry_id, json.loads(body)


_indexes: dict[str | None, TextIndex] = {}
_indexes_lock = threading.Lock()


def optimize_heap_bytes() -> int:
    return int(getattr(settings, "OPENSIT_SEARCH_OPTIMIZE_HEAP_MB", 1024)) * 1_000_000


def index_root() -> Path:
    return Path(getattr(settings, "OPENSIT_SEARCH_INDEX_DIR", settings.VAR_DIR / "search-index"))


def get_index(sync: bool = True) -> TextIndex:
    """The text index of the database reads go to now, up to date with its log.

    Behind a replica (`core.routers`), that is the replica's own index, following the
    replica's log: the ids it finds are those of the rows the same request reads, however far
    the replica lags. A process reading the primary too (the back-office) keeps a second
    index, of the primary."""
    alias = read_alias()
    key = _database_key(connections[alias])
    index = _indexes.get(key)
    if index is None:
        with _indexes_lock:
            index = _indexes.get(key)
            if index is None:
                index = TextIndex(None if key is None else index_root() / key, alias)
                _indexes[key] = index
    if sync:
        index.sync()
    return index


def new_token() -> str:
    return uuid.uuid4().hex


def log_rows(entry_ids: Iterable[int], op: str) -> list[tuple[int, str, str]]:
    token = new_token()
    return [(entry_id, op, token) for entry_id in entry_ids]


def document_body(
    texts: dict[str, tuple[str, str]],
    tags: str,
    type_code: str,
    type_root: str,
    commune: str,
    themes: Sequence[str],
    prior: float,
    place: str = "",
) -> dict[str, Any]:
    """The Tantivy fields of one entry (stored as JSON in `search_document`); `prior` is
    set when it is written, with the entry's mentions (`indexer.write_rows`)."""
    body: dict[str, Any] = {}
    for group in GROUPS:
        name, text = texts.get(group) or texts.get("fr") or ("", "")
        body[f"name_{group}"] = name
        body[f"stem_{group}"] = name
        body[f"exact_{group}"] = exact_key(name)
        body[f"text_{group}"] = text
        body[f"len_{group}"] = name_length(name)
        body[f"place_{group}"] = place
    body["tags"] = tags.split()
    body["type"] = type_code
    body["type_root"] = type_root
    body["commune"] = commune
    body["theme"] = list(themes)
    body["base_prior"] = float(prior)  # before mentions (kept for `mentions.refresh`)
    return body
