"""The API's guide: what an integrator needs and cannot find elsewhere (keys, parameters,
paging, errors, change feed, webhooks, formats, limits, caching), written once and shown twice:
as Markdown in the OpenAPI document's `info.description`, and as HTML on the page /api/v1/docs.

Its examples are curl lines against this server (`request.build_absolute_uri`), with the demo's
public key when the demo is loaded and a placeholder otherwise; each says the status and media
type it answers, and the tests run every one of them against a server loaded with the demo.
Nothing here names a file of the repository: the text must stand alone.
"""

from opensit.diffusion.apidocs.blocks import Context, context_of, problem_sample, types_body
from opensit.diffusion.apidocs.guide import guide, guide_markdown, intro
from opensit.diffusion.apidocs.page import GuidePage, operation_example, reference

__all__ = [
    "Context",
    "GuidePage",
    "context_of",
    "guide",
    "guide_markdown",
    "intro",
    "operation_example",
    "problem_sample",
    "reference",
    "types_body",
]
