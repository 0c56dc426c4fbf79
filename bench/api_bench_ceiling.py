"""The benchmark ceiling: the same server answering a pre-built JSON body, with no query and no
rendering, through the same middleware and wrappers as the API (`public_view`: gzip, CORS).

Routed only by the benchmark's URLconf (`api_bench_urls`, selected by
`api_bench_settings`); it is not in the project's code at all.
"""

from functools import lru_cache

import orjson
from django.http import HttpRequest, HttpResponse

from opensit.diffusion.http import json_response

MAX_BYTES = 10_000_000


@lru_cache(maxsize=64)
def body_of(size: int) -> bytes:
    """A JSON document of exactly `size` bytes (at least the empty envelope)."""
    head = orjson.dumps({"total": 0, "items": [], "pad": ""})
    padding = max(0, size - len(head))
    return head[:-2] + b"x" * padding + b'"}'


def ceiling(request: HttpRequest) -> HttpResponse:
    """`GET /bench/ceiling?bytes=N`: N bytes of pre-built JSON, with an ETag like the API's."""
    raw = request.GET.get("bytes", "1000")
    size = min(int(raw), MAX_BYTES) if raw.isdigit() else 1000
    return json_response(request, body_of(size))
