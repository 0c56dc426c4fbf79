"""The search interface: parameters in, ordered ids out (published objects only).

`search()` validates the parameters into a plan (`params.py`), lets the SQL builder (`sql.py`)
turn it into one page query, one count and optional facet queries, and wraps the answer. The
parameters, the result and the error are defined in `request.py` and offered here with
`search()`, the interface the other apps use.
"""

from opensit.search.params import make_plan
from opensit.search.request import SearchError, SearchParams, SearchResult
from opensit.search.sql import run

__all__ = ["SearchError", "SearchParams", "SearchResult", "search"]


def search(params: SearchParams) -> SearchResult:
    return run(make_plan(params))
