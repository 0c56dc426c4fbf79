"""Where the time of a text search goes: `search()` against its parts (building the query, the
text index with and without the prefix forms, a plain BM25 query of the same words) and the
peer, p50 over the 200 `text` queries of bench/search_peer.py (same seed, same draw from the
name words by their frequency), in process and warm, on the current database. Run it after
search_peer.py, whose Tantivy index of this catalog it reuses.

    OPENSIT_DATABASE_URL=sqlite:////tmp/opensit-search-peer/catalog-200000.sqlite3 \\
        .venv/bin/python bench/search_floor.py [--size 200000] [--seed 1]
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable

from peer_engine import Peer
from peer_queries import make_queries
from search_peer import WORK


def p50(queries: list[str], run: Callable[[str], object]) -> float:
    times = []
    for q in queries:
        started = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="the catalog of search_peer.py")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    import django

    django.setup()
    import tantivy
    from django.db import connection

    from opensit.catalog.models import TourismObject
    from opensit.search import ranking
    from opensit.search.query import SearchParams, search
    from opensit.search.text import query_words
    from opensit.search.textindex import SCHEMA, get_index

    index = get_index()
    published = TourismObject.objects.filter(status="published").count()
    peer = Peer(WORK / f"tantivy-{connection.vendor}-{args.size}", False, published)
    queries = [q.q for q in make_queries(peer, 700, args.seed) if q.kind == "text"]

    def query(q: str, prefix: bool = True) -> tantivy.Query:
        words = ranking.analyse(index, query_words(q), "fr", True, True)
        return ranking.build(words, "fr", "fr", None, prefix=prefix)

    def plain(q: str) -> tantivy.Query:
        clauses = []
        for word in query_words(q):
            name = tantivy.Query.boost_query(tantivy.Query.term_query(SCHEMA, "name_fr", word), 3.0)
            text = tantivy.Query.term_query(SCHEMA, "text_fr", word)
            clauses.append((tantivy.Occur.Must, tantivy.Query.disjunction_max_query([name, text])))
        return tantivy.Query.boolean_query(clauses)

    for q in queries:  # warm
        search(SearchParams(q=q))
    searcher = index.searcher
    figures = {
        "search()": lambda q: search(SearchParams(q=q)),
        "search(typos=False)": lambda q: search(SearchParams(q=q, typos=False)),
        "build the query": query,
        "follow the log (sync)": lambda q: index.sync(),
        "text index, full query, top 20 + count": lambda q: searcher.search(
            query(q), 20, count=True, weight_by_field="prior"
        ),
        "text index, no prefix forms": lambda q: searcher.search(
            query(q, prefix=False), 20, count=True, weight_by_field="prior"
        ),
        "text index, plain BM25": lambda q: searcher.search(plain(q), 20, count=True),
        "peer, top 20 + count": lambda q: peer.search(peer.query(q)),
    }
    for name, run in figures.items():
        print(f"{name:40} p50 {p50(queries, run):6.2f} ms")


if __name__ == "__main__":
    main()
