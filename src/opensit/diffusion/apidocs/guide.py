"""The guide's text, section by section: what an integrator needs and cannot find in the
reference (keys, parameters, paging, errors, change feed, webhooks, formats, limits, caching).
Nothing here names a file of the repository: the text must stand alone."""

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from opensit.core.langtext import active_languages
from opensit.diffusion import ratelimit
from opensit.diffusion.apidocs.blocks import (
    Bullets,
    Code,
    Context,
    Example,
    Section,
    Table,
    access_url,
    json_text,
    problem_sample,
    types_body,
)
from opensit.diffusion.http import etag_of
from opensit.formats.registry import RENDERERS


def _access(ctx: Context) -> Section:
    url = access_url()
    ask = (
        _("Ask for a key on the [access request page](%(url)s).") % {"url": url}
        if url
        else _(
            "Ask the network's administrators (the regional or departmental tourism board) "
            "for a diffusion project and its key."
        )
    )
    demo = (
        _(
            "This server holds the demonstration data: the examples on this page use its "
            "public demo key `%(key)s`, which exists only on demonstration installations."
        )
        % {"key": ctx.key}
        if ctx.demo
        else _("In the examples, replace `%(key)s` with your key.") % {"key": ctx.key}
    )
    return Section(
        "access",
        _("Getting a key"),
        [
            _(
                "Every request needs an API key. A key belongs to a **diffusion project** (a "
                "website, an app, a partner) that an organisation of the network registers and "
                "the network's administrators validate; the organisation's administrators then "
                "create the project's keys."
            ),
            ask,
            _(
                "A key looks like `osk_1a2b3c4d.…`. It is shown once, when it is created: the "
                "platform keeps only a hash of it. Its first part (`osk_1a2b3c4d`) names it in "
                "lists. A key can be replaced by a new one or revoked: the old one stops at once."
            ),
            _(
                "A project reads either the whole catalog or only some selections of objects "
                "(its scope); what is outside its scope answers 403."
            ),
            demo,
        ],
    )


def _authentication(ctx: Context) -> Section:
    return Section(
        "authentication",
        _("Authentication"),
        [
            _(
                "Send the key in the `X-API-Key` header (preferred) or in the `api_key` query "
                "parameter. Nothing else is read: an `Authorization` header (Basic, Bearer) is "
                "ignored by the read API."
            ),
            Example("/objects?page_size=1"),
            Example("/objects?page_size=1", key="query"),
            _(
                "Without a valid key the answer is 401. The links the API returns (`next`, "
                "`previous`) never contain the key: send it again with each request. A project "
                "pending validation or suspended gets 403."
            ),
            Example(
                "/objects?page_size=1",
                status=401,
                media_type="application/problem+json",
                key="none",
            ),
        ],
    )


def _search(ctx: Context) -> Section:
    return Section(
        "search",
        _("Searching"),
        [
            _(
                "`GET /objects` searches the published objects. Filters combine (all must "
                "hold); a comma list inside one filter is a choice (any of them), except with "
                "`themes_all`, `amenities_all` or `labels_all`, which ask for all of them. The "
                "reference below describes every parameter and its allowed values."
            ),
            Example("/objects?type=hotel&page_size=3"),
            Example("/objects?q=ch%C3%A2teau&fields=id,name,type"),
            Example("/objects?near=47.41,0.98&radius=10&sort=distance&page_size=5"),
            Example(f"/objects?open_on={ctx.today}&page_size=5"),
            Example("/objects?facets=true&page_size=1"),
            _(
                "`type` includes the type's descendants (`accommodation` includes `hotel`): "
                "`GET /vocabularies/types` lists the hierarchy. Theme, amenity and label codes "
                "come from `GET /vocabularies/{scheme}`, INSEE codes from `GET /communes`, "
                "organisation slugs from `GET /organisations`. `GET /suggest` completes what a "
                "visitor types."
            ),
            Example("/suggest?q=cha"),
        ],
    )


def _languages(ctx: Context) -> Section:
    return Section(
        "languages",
        _("Languages"),
        [
            _(
                "Texts (names, descriptions, opening summaries…) come in one language: "
                "`lang=%(langs)s`, the platform's languages. By default, the project's first "
                "language. A text missing in that language falls back to another one. With "
                '`lang=all`, every text is an object of languages: `{"fr": …, "en": …}`.'
            )
            % {"langs": "|".join(active_languages())},
            Example("/objects?lang=en&page_size=1"),
            Example("/objects?lang=all&page_size=1"),
            _("Problem details (`detail`) follow the `Accept-Language` header of the request."),
        ],
    )


def _paging(ctx: Context) -> Section:
    sample = {
        "total": 128,
        "next": f"{ctx.base}/objects?type=hotel&page=2",
        "previous": None,
        "items": ["…"],
    }
    return Section(
        "paging",
        _("Paging"),
        [
            _(
                "Lists answer one page: `total` (how many match), `next` and `previous` (full "
                "addresses of the neighbouring pages, with your parameters but never the key; "
                "`null` at the ends) and `items`. Follow `next` until it is `null`."
            ),
            Code(json_text(sample)),
            _(
                "`page_size` is 1 to 200 for objects (default 20), 1 to 1000 for communes and "
                "organisations (default 100); `page` starts at 1 (at most 10,000 for objects)."
            ),
            Example("/objects?page_size=2&page=2"),
            _(
                "To walk a long result, use keyset paging: add an empty `cursor=` to the first "
                "request; each page then carries a `cursor` and its `next` follows it. A cursor "
                "is opaque and holds only with the same `sort` (and `seed`): another one is a "
                "400 naming `cursor`."
            ),
            Example("/objects?sort=name&page_size=2&cursor="),
            _(
                "`sort=random` shuffles in a stable way: the page carries its `seed`, and the "
                "`next` link keeps it."
            ),
        ],
    )


def _representation(ctx: Context) -> Section:
    example = (
        [
            Example(f"/objects/{ctx.object_id}"),
            Example(f"/objects/{ctx.object_id}?fields=id,name,opening&lang=en"),
        ]
        if ctx.object_id
        else []
    )
    return Section(
        "objects",
        _("Objects"),
        [
            _(
                "`GET /objects/{id}` answers one object; the items of a page are the same "
                "documents. They hold public data only: no private notes, no contact marked "
                "private, no medium whose licence is not open or whose publication has ended. "
                "Each object carries its `licence` (`code`, `name`, `url`, `open`) and each "
                "medium its own `licence` and `credit`; `type_path` gives the type and its "
                "ancestors; `updated_at` is the last change on the platform."
            ),
            *example,
            _(
                "`fields` keeps some top-level fields (`id` always comes). `aspect` (winter, "
                "summer, groups, accessibility, business) shows an object as seen in that "
                "season or for that public, where it has such an aspect (listed in "
                "`available_aspects`). `media_licence` keeps only the media under some "
                "licences (`open` for every open licence)."
            ),
            _(
                "An object merged into another answers 301 with the survivor in `Location`; a "
                "deleted object answers 410: drop your copy."
            ),
        ],
    )


def _formats(ctx: Context) -> Section:
    rows = [["`json`", "`application/json`", _("The default: the documents as JSON pages")]]
    rows += [
        [f"`{name}`", f"`{fmt.media_type.split(';')[0]}`", str(fmt.label)]
        for name, fmt in RENDERERS.items()
    ]
    examples = [
        Example(
            f"/objects?format={name}&page_size=5",
            media_type=fmt.media_type.split(";")[0],
        )
        for name, fmt in RENDERERS.items()
    ]
    return Section(
        "formats",
        _("Formats"),
        [
            _(
                "`GET /objects` and `GET /selections/{id}/objects` answer in other formats with "
                "`format=`, or with the `Accept` header when `format` is absent (the first media "
                "type of the list below that it names; JSON otherwise). iCalendar carries events "
                "only, GPX itineraries only."
            ),
            Table([_("format"), _("media type"), _("content")], rows),
            *examples,
            Example(
                "/objects?page_size=5", headers=(("Accept", "text/csv"),), media_type="text/csv"
            ),
        ],
    )


def _changes(ctx: Context) -> Section:
    sample = {
        "items": [
            {
                "seq": 812,
                "id": ctx.object_id or "…",
                "action": "updated",
                "updated_at": "2026-11-25T19:46:29+00:00",
            }
        ],
        "cursor": "812",
        "more": False,
        "next": f"{ctx.base}/changes?since=812",
    }
    return Section(
        "changes",
        _("Change feed"),
        [
            _(
                "`GET /changes?since=CURSOR` lists what changed after a cursor: each object once, "
                "at its latest change, in `seq` order. `since` is a number (1 to 18 digits, 0 "
                "for the beginning); `limit` is 1 to 1000 (default 500)."
            ),
            Example("/changes?since=0&limit=5"),
            Code(json_text(sample)),
            Bullets(
                [
                    _("`created`, `updated`: fetch `GET /objects/{id}` and store it;"),
                    _("`deleted`, `unpublished`: drop it (deletions stay in the feed);"),
                    _("`removed`: the object left your project's selections: drop it."),
                ]
            ),
            _(
                "To stay in sync: start with `since=0` (or load a nightly dump first), apply "
                "every item, keep the `cursor` the page returns and call again with it: at once "
                "while `more` is true, then every few minutes. A client doing this holds "
                "exactly the objects its project may read."
            ),
        ],
    )


def _webhooks(ctx: Context) -> Section:
    payload = {
        "delivery": "6f1c2d0e-…",
        "project": 12,
        "changes": [{"seq": 812, "id": "…", "action": "updated", "updated_at": "…"}],
        "cursor": "812",
        "more": False,
    }
    verify = (
        "import hashlib, hmac, time\n\n"
        "def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:\n"
        '    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)\n'
        '    timestamp = int(parts.get("t", "0"))\n'
        "    if abs(time.time() - timestamp) > tolerance:\n"
        "        return False\n"
        '    signed = f"{timestamp}.".encode() + body\n'
        "    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()\n"
        '    return hmac.compare_digest(expected, parts.get("v1", ""))'
    )
    return Section(
        "webhooks",
        _("Webhooks"),
        [
            _(
                "Instead of polling the feed, a project can receive it: its organisation's "
                "administrators register an HTTPS address and get a signing secret, shown once. "
                "The address must be reachable on the internet (private, loopback and reserved "
                "addresses are refused). Deliveries start from the current end of the feed and "
                "POST batches of up to 100 changes, every minute:"
            ),
            Code(json_text(payload)),
            _(
                "Headers: `X-OpenSIT-Signature: t=<unix time>,v1=<hex>`, `X-OpenSIT-Delivery` "
                "(the same on retries: ignore a delivery you have already applied) and "
                "`X-OpenSIT-Attempt`. The signature is the HMAC-SHA256 of `<t>.` followed by the "
                "raw body, keyed by the secret, in hexadecimal. Check it in constant time and "
                "refuse old timestamps:"
            ),
            Code(verify, "python"),
            _(
                "Answer 2xx to acknowledge. Any other answer, or none within 10 seconds, is "
                "retried later (30 s, 1 min, 2 min… up to 6 h); the next batch waits, so order "
                "is kept. After 10 failed attempts the webhook is disabled. Redirects are not "
                "followed."
            ),
        ],
    )


def _dumps(ctx: Context) -> Section:
    examples = [Example("/dumps")]
    if ctx.dump:
        media_type = RENDERERS[ctx.dump].media_type.split(";")[0]
        examples.append(
            Example(
                f"/dumps/{ctx.dump}", headers=(("Accept-Encoding", "gzip"),), media_type=media_type
            )
        )
    return Section(
        "dumps",
        _("Nightly dumps"),
        [
            _(
                "Every night the platform writes the project's whole catalog in each format "
                "(%(formats)s). `GET /dumps` lists them (address, media type, size, number of "
                "objects, date, ETag); `GET /dumps/{format}` downloads one, gzip-compressed: "
                "with `Accept-Encoding: gzip` as `Content-Encoding: gzip` of the format's media "
                "type, otherwise as an `application/gzip` file. Before the first night, 404. "
                "A dump is as fresh as the last night: follow the change feed from then."
            )
            % {"formats": ", ".join(RENDERERS)},
            *examples,
        ],
    )


def _errors(ctx: Context) -> Section:
    sample = problem_sample(
        400,
        "invalid-parameter",
        "Bad Request",
        "Invalid parameter “radius”: Input should be greater than 0",
        instance="/api/v1/objects",
        parameter="radius",
        errors=[{"parameter": "radius", "message": "Input should be greater than 0"}],
    )
    rows = [
        ["400", "`invalid-parameter`", _("a bad parameter, named in `parameter`")],
        ["401", "`invalid-key`", _("no key, or an unknown or revoked key")],
        ["403", "`project-pending`, `project-suspended`", _("the project is not active")],
        ["403", "`out-of-scope`", _("the object or selection is outside the project's scope")],
        [
            "404",
            "`not-found`, `no-dump`",
            _("no such object, selection, vocabulary, dump or endpoint"),
        ],
        ["405", "`method-not-allowed`", _("the endpoint reads only: `Allow` lists its methods")],
        ["410", "`deleted`", _("the object was deleted")],
        ["429", "`rate-limited`", _("too many requests: wait `Retry-After` seconds")],
        ["503", "`dump-in-progress`", _("a dump is being written: try again shortly")],
    ]
    examples = [
        Example(
            "/objects?radius=-1&near=47.41,0.98", status=400, media_type="application/problem+json"
        ),
        Example("/objects/no-such-object", status=404, media_type="application/problem+json"),
        Example("/nowhere", status=404, media_type="application/problem+json"),
        Example("/objects", method="POST", status=405, media_type="application/problem+json"),
    ]
    forbidden = problem_sample(
        403,
        "project-suspended",
        "Forbidden",
        "The project “Tours Visit” is suspended: it may not read the API.",
        instance="/api/v1/objects",
    )
    return Section(
        "errors",
        _("Errors"),
        [
            _(
                "Every error under the API's address is a problem (RFC 9457), with "
                "`Content-Type: application/problem+json`, never an HTML page: `type` ends with "
                "a stable code, `status` repeats the HTTP status, `detail` explains it in the "
                "request's language, and `parameter` names the bad parameter when there is one."
            ),
            Code(json_text(sample)),
            Table([_("status"), _("code"), _("when")], rows),
            *examples,
            Code(json_text(forbidden)),
        ],
    )


def _limits(ctx: Context) -> Section:
    limits = {**ratelimit.DEFAULT_LIMITS, **getattr(settings, "OPENSIT_RATE_LIMITS", {})}
    window = getattr(settings, "OPENSIT_RATE_WINDOW", ratelimit.WINDOW_SECONDS)
    labels = {"basic": _("basic"), "standard": _("standard"), "premium": _("premium")}
    rows = [[labels.get(tier, tier), str(n)] for tier, n in limits.items()]
    limited = problem_sample(
        429,
        "rate-limited",
        "Too Many Requests",
        "Rate limit of 120 requests per minute exceeded; retry in 17 s.",
        instance="/api/v1/objects",
    )
    return Section(
        "rate-limits",
        _("Rate limits"),
        [
            _(
                "Each project has a number of requests per window of %(window)d seconds, by "
                "tier (the network's administrators set a project's tier):"
            )
            % {"window": window},
            Table([_("tier"), _("requests per window")], rows),
            _(
                "Every answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and "
                "`X-RateLimit-Reset` (seconds until the window ends). Past the limit the answer "
                "is 429 with `Retry-After` (seconds): wait that long."
            ),
            Code(
                "HTTP/1.1 429 Too Many Requests\nRetry-After: 17\n\n" + json_text(limited), "http"
            ),
        ],
    )


def _caching(ctx: Context) -> Section:
    etag = etag_of(types_body())
    return Section(
        "caching",
        _("Caching and compression"),
        [
            _(
                "Every answer has an `ETag` (objects a `Last-Modified` too) and "
                "`Cache-Control: private, max-age=60, must-revalidate`. Send the ETag back in "
                "`If-None-Match`: when nothing changed, the answer is `304 Not Modified`, with "
                "no body. `HEAD` answers the headers of a `GET` without its body."
            ),
            Example("/vocabularies/types", method="HEAD"),
            Example(
                "/vocabularies/types",
                headers=(("If-None-Match", f'"{etag}"'),),
                status=304,
                media_type="",
            ),
            _(
                "With `Accept-Encoding: gzip` (curl's `--compressed`) the body is compressed; "
                'the ETag becomes weak (`W/"…"`) and still validates. Browsers may call the '
                "API from any site (CORS: `Access-Control-Allow-Origin: *`)."
            ),
        ],
    )


def _write(ctx: Context) -> Section:
    return Section(
        "write",
        _("Partner write API"),
        [
            _(
                "Partner organisations propose objects under `/write/`: a new object "
                "(`POST /write/objects`), a new version or some changes of one they may edit "
                "(`PUT`, `PATCH /write/objects/{id}`). Each proposal is reviewed by the network "
                "before publication; `GET /write/proposals/{id}` follows it. These endpoints "
                "take a write token (`opw_…`), not an API key, in `Authorization: Bearer` or "
                "`X-API-Key`; bodies are canonical documents, described in the reference."
            ),
        ],
    )


GUIDE: list[Callable[[Context], Section]] = [
    _access,
    _authentication,
    _search,
    _languages,
    _paging,
    _representation,
    _formats,
    _changes,
    _webhooks,
    _dumps,
    _errors,
    _limits,
    _caching,
    _write,
]


def guide(ctx: Context) -> list[Section]:
    return [section(ctx) for section in GUIDE]


def intro() -> str:
    return _(
        "The open tourism data of the network, read-only: objects (places, accommodation, "
        "events, itineraries…), selections, vocabularies, communes and organisations, in JSON "
        "and in open formats, with a change feed, webhooks and nightly dumps."
    )


def guide_markdown(ctx: Context) -> str:
    contents = "\n".join(f"- [{s.title}](#{s.anchor})" for s in guide(ctx))
    body = "\n\n".join(s.markdown(ctx) for s in guide(ctx))
    return f"{intro()}\n\n{contents}\n\n{body}"
