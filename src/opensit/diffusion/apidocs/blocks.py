"""The guide's building blocks: what the examples point at (this server, the demo's key when
the demo is loaded) and the blocks (examples, code, lists, tables, sections), each rendered as
Markdown for the OpenAPI document and as HTML for the page."""

import html
import re
import shlex
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from opensit.catalog.types import TYPES
from opensit.diffusion.http import PROBLEM_TYPE
from opensit.diffusion.keys import DEMO_API_KEY
from opensit.diffusion.models import DiffusionProject, PublicDocument, Selection
from opensit.diffusion.services import find_key

PLACEHOLDER_KEY = "VOTRE_CLE"
#: Where the examples point without a request (the OpenAPI document built by a script).
DEFAULT_BASE = "https://opensit.example/api/v1"
ACCESS_URL_NAME = "api_access_request"


def access_url() -> str | None:
    """The public page where a key is asked for, when the platform has one: the one place to
    change if it moves."""
    try:
        return reverse(ACCESS_URL_NAME)
    except NoReverseMatch:
        return None


def types_body() -> bytes:
    """The body of `GET /vocabularies/types`: the views answer it, the guide shows its ETag."""
    items = [
        {
            "code": t.code,
            "parent": t.parent,
            "root": t.root,
            "children": list(t.children),
            "labels": {"fr": t.fr, "en": t.en},
        }
        for t in TYPES.values()
    ]
    return orjson.dumps({"total": len(items), "items": items})


# --- What the examples point at ---------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """This server, the key to show, and real ids for the examples that need one."""

    base: str = DEFAULT_BASE
    key: str = PLACEHOLDER_KEY
    demo: bool = False
    object_id: str | None = None
    selection: str | None = None
    dump: str | None = None
    today: str = field(default_factory=lambda: date.today().isoformat())


def _demo_project() -> DiffusionProject | None:
    """The demo's project when the demo is loaded and its key still opens the API."""
    key = find_key(DEMO_API_KEY)
    if key is None or key.project.status != DiffusionProject.Status.ACTIVE:
        return None
    return key.project


def context_of(request: HttpRequest | None) -> Context:
    if request is None:
        return Context()
    from opensit.diffusion.dumps import dumps_of  # dumps imports the api, which imports this

    base = request.build_absolute_uri(reverse("api-v1:openapi-json")).rsplit("/", 1)[0]
    project = _demo_project()
    bodies = PublicDocument.objects.order_by("object_id").values_list("object_id", flat=True)
    selection = Selection.objects.order_by("slug").values_list("slug", flat=True).first()
    dumps = sorted(dumps_of(project)) if project else []
    return Context(
        base=base,
        key=DEMO_API_KEY if project else PLACEHOLDER_KEY,
        demo=project is not None,
        object_id=bodies.first(),
        selection=selection if project is None or project.scope == "all" else None,
        dump=dumps[0] if dumps else None,
    )


# --- The blocks of the guide ------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One request, as a curl line, and what it answers."""

    path: str
    """Under the API root, with its query string: `/objects?type=hotel`."""
    status: int = 200
    media_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    key: str = "header"
    """How the key is sent: `header` (X-API-Key), `query` (api_key) or `none`."""
    method: str = "GET"

    def curl(self, ctx: Context) -> str:
        words = ["curl"]
        if self.method == "HEAD":
            words.append("-I")
        elif self.method != "GET":
            words += ["-X", self.method]
        if self.key == "header":
            words += ["-H", f"X-API-Key: {ctx.key}"]
        for name, value in self.headers:
            words += ["-H", f"{name}: {value}"]
        url = ctx.base + self.path
        if self.key == "query":
            url += ("&" if "?" in url else "?") + f"api_key={ctx.key}"
        return shlex.join([*words, url])

    def answer(self) -> str:
        return f"# → {self.status} {self.media_type}".rstrip()

    def text(self, ctx: Context) -> str:
        return f"{self.curl(ctx)}\n{self.answer()}"


@dataclass(frozen=True)
class Code:
    text: str
    language: str = "json"


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


Block = str | Example | Code | Bullets | Table


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    blocks: list[Block]

    def markdown(self, ctx: Context) -> str:
        return f"## {self.title}\n\n" + "\n\n".join(_markdown(b, ctx) for b in self.blocks)

    def html(self, ctx: Context) -> str:
        return "\n".join(block_html(b, ctx) for b in self.blocks)


def _markdown(block: Block, ctx: Context) -> str:
    if isinstance(block, Example):
        return f"```sh\n{block.text(ctx)}\n```"
    if isinstance(block, Code):
        return f"```{block.language}\n{block.text}\n```"
    if isinstance(block, Bullets):
        return "\n".join(f"- {item}" for item in block.items)
    if isinstance(block, Table):
        lines = ["| " + " | ".join(block.header) + " |", "|" + "---|" * len(block.header)]
        lines += ["| " + " | ".join(row) + " |" for row in block.rows]
        return "\n".join(lines)
    return block


INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)")


def inline_html(text: str) -> str:
    """The Markdown of the guide's sentences: `code`, **strong** and [links](url), the rest
    escaped."""
    out, last = [], 0
    for match in INLINE.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        code, strong, label, url = match.groups()
        if code is not None:
            out.append(f"<code>{html.escape(code)}</code>")
        elif strong is not None:
            out.append(f"<strong>{html.escape(strong)}</strong>")
        else:
            out.append(f'<a href="{html.escape(url)}">{html.escape(label)}</a>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def block_html(block: Block, ctx: Context) -> str:
    if isinstance(block, Example):
        return (
            f'<pre class="example" data-status="{block.status}">'
            f"<code>{html.escape(block.text(ctx))}</code></pre>"
        )
    if isinstance(block, Code):
        return f'<pre class="sample"><code>{html.escape(block.text)}</code></pre>'
    if isinstance(block, Bullets):
        items = "".join(f"<li>{inline_html(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, Table):
        head = "".join(f"<th>{inline_html(cell)}</th>" for cell in block.header)
        body = "".join(
            "<tr>" + "".join(f"<td>{inline_html(cell)}</td>" for cell in row) + "</tr>"
            for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f"<p>{inline_html(block)}</p>"


def json_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()


def problem_sample(status: int, code: str, title: str, detail: str, **more: Any) -> dict[str, Any]:
    return {
        "type": PROBLEM_TYPE + code,
        "title": title,
        "status": status,
        "detail": detail,
        **more,
    }
