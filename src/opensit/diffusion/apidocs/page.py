"""The page /api/v1/docs: the guide, then the reference built from the OpenAPI document, with
one working example per operation."""

import html
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

from opensit.diffusion.apidocs.blocks import Context, Example, context_of, inline_html
from opensit.diffusion.apidocs.guide import guide, intro
from opensit.formats.registry import RENDERERS


def operation_example(path: str, method: str, ctx: Context) -> Example | None:
    """A request that works on this server for the operation, when one can be written (the
    write API needs a token the page cannot show)."""
    if method != "get" or "/write/" in path:
        return None
    path = path.removeprefix("/api/v1")
    fixed = {
        "/vocabularies/types": "/vocabularies/types",
        "/vocabularies/{scheme}": "/vocabularies/theme",
        "/communes": "/communes?q=tours&page_size=5",
        "/organisations": "/organisations",
        "/objects": "/objects?type=accommodation&lang=en&page_size=5",
        "/suggest": "/suggest?q=cha&limit=5",
        "/selections": "/selections",
        "/changes": "/changes?since=0&limit=5",
        "/dumps": "/dumps",
    }
    if path in fixed:
        return Example(fixed[path])
    if path == "/objects/{object_id}" and ctx.object_id:
        return Example(f"/objects/{ctx.object_id}?lang=en")
    if path == "/selections/{slug}/objects" and ctx.selection:
        return Example(f"/selections/{ctx.selection}/objects?page_size=5")
    if path == "/dumps/{format}" and ctx.dump:
        media_type = RENDERERS[ctx.dump].media_type.split(";")[0]
        return Example(
            f"/dumps/{ctx.dump}", headers=(("Accept-Encoding", "gzip"),), media_type=media_type
        )
    return None


# --- The page ---------------------------------------------------------------------------------


def markdown_html(text: str) -> str:
    """An operation's description (paragraphs and fenced examples) as HTML."""
    out = []
    for chunk in text.split("\n\n"):
        if chunk.startswith("```"):
            code = chunk.split("\n", 1)[1].removesuffix("```").rstrip("\n")
            kind = "example" if "\n# → " in code else "sample"
            out.append(f'<pre class="{kind}"><code>{html.escape(code)}</code></pre>')
        else:
            out.append(f"<p>{inline_html(chunk)}</p>")
    return "\n".join(out)


def _schema_summary(schema: dict[str, Any]) -> str:
    """What a parameter accepts, in a few words: type, values, bounds, pattern, default."""
    branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
    branch = branches[0] if branches else {}
    words = [branch.get("format") or branch.get("type", "")]
    if "enum" in branch:
        words = [" | ".join(str(v) for v in branch["enum"])]
    bounds = [
        f"{sign} {branch[key]}"
        for key, sign in (
            ("minimum", "≥"),
            ("exclusiveMinimum", ">"),
            ("maximum", "≤"),
            ("maxLength", "len ≤"),
        )
        if key in branch
    ]
    words += bounds
    if schema.get("default") not in (None, ""):
        value = orjson.dumps(schema["default"]).decode().strip('"')
        words.append(_("default %(value)s") % {"value": value})
    return ", ".join(w for w in words if w)


TAG_ORDER = ["objects", "selections", "changes", "dumps", "vocabularies", "reference", "write"]


def reference(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of the document, grouped by tag, ready for the page."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "accepts": _schema_summary(p.get("schema", {})),
                    "description": inline_html(p.get("description", "")),
                }
                for p in operation.get("parameters", [])
            ]
            responses = [
                {
                    "status": status,
                    "description": inline_html(response.get("description", "")),
                    "media_types": ", ".join(response.get("content", {})),
                }
                for status, response in sorted(operation.get("responses", {}).items())
            ]
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": markdown_html(operation.get("description", "")),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    order = {tag: n for n, tag in enumerate(TAG_ORDER)}
    return [
        {"tag": tag, "operations": ops}
        for tag, ops in sorted(groups.items(), key=lambda item: order.get(item[0], 99))
    ]


class GuidePage(DocsBase):
    """/api/v1/docs: the guide and the reference on one page, server-rendered in the
    request's language, with no script (the CSP allows no CDN, and none is needed)."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        ctx = context_of(request)
        schema = api.get_openapi_schema(path_params=kwargs)
        sections = [
            {
                "anchor": s.anchor,
                "title": s.title,
                "html": mark_safe(s.html(ctx)),
            }  # escaped by block_html
            for s in guide(ctx)
        ]
        groups = reference(schema)
        for group in groups:
            for op in group["operations"]:
                op["description"] = mark_safe(op["description"])
                for row in (*op["parameters"], *op["responses"]):
                    row["description"] = mark_safe(row["description"])
        return render(
            request,
            "diffusion/api_docs.html",
            {
                "title": schema["info"]["title"],
                "version": schema["info"]["version"],
                "intro": intro(),
                "sections": sections,
                "groups": groups,
                "openapi_url": self.get_openapi_url(api, kwargs),
                "ctx": ctx,
            },
        )
