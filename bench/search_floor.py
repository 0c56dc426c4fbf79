"""Where the time of a text search goes: `search()` against its parts (building the query, the
text index with and without the prefix forms, a plain BM25 query of the same words), p50 over
200 queries of frequent name words, in process and warm, on the current database.

    OPENSIT_DATABASE_URL=sqlite:////tmp/opensit-search-peer/catalog-200000.sqlite3 \\
        .venv/bin/python bench/search_floor.py
"""

import os
import random
import statistics
import time
from collections.abc import Callable


def p50(queries: list[str], run: Callable[[str], object]) -> float:
    times = []
    for q in queries:
        started = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    import django

    django.setup()
    import tantivy

    from opensit.search import ranking
    from opensit.search.query import SearchParams, search
    from opensit.search.text import query_words
    from opensit.search.textindex import SCHEMA, get_index

    index = get_index()
    random.seed(1)
    frequent = [t for t, _n in index.top_terms("name_fr", "", 3000) if len(t) > 3][:800]
    queries = [" ".join(random.sample(frequent, k=random.choice([1, 2]))) for _ in range(200)]

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
    }
    for name, run in figures.items():
        print(f"{name:40} p50 {p50(queries, run):6.2f} ms")


if __name__ == "__main__":
    main()
