"""JSON Lines of public documents: the canonical document, every language, private data left
out, the opening summary written from the periods where the source gave none. (`opensit export
jsonl` without `--format` stays the full backup that `import jsonl` reads back.)"""

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import orjson
from django.utils import timezone

from opensit.formats.public import as_public_form
from opensit.formats.safety import RenderReport, each_rendered


def _line(document: dict[str, Any], today: date) -> bytes:
    return orjson.dumps(as_public_form(document, today), option=orjson.OPT_SORT_KEYS) + b"\n"


def render_stream(
    documents: Iterable[dict[str, Any]],
    lang: str | None = None,
    *,
    today: date | None = None,
    report: RenderReport | None = None,
) -> Iterator[bytes]:
    today = today or timezone.localdate()
    for line in each_rendered(documents, lambda document: _line(document, today), "jsonl", report):
        if report is not None:
            report.wrote()
        yield line
