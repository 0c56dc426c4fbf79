"""The nightly dumps a project downloads: `GET /dumps` lists them, `GET /dumps/{format}` streams
one (gzip, with the ETag written by `opensit export nightly`).

A project reading the whole catalog gets the catalog's dumps; a project reading some
selections gets the dumps written for it in `projects/<id>/` (see `diffusion.nightly`).
Each dump has its own time (an unchanged file keeps the time it was first written), and the
file served is checked against its index entry: a dump renamed between the two reads is looked
up again, so an ETag never goes out with another file's bytes.
"""

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from opensit.core.routers import primary_reads
from opensit.diffusion.access import project_of, quota_headers
from opensit.diffusion.api import api
from opensit.diffusion.http import CACHE_CONTROL, ApiProblem
from opensit.diffusion.models import DiffusionProject
from opensit.diffusion.nightly import project_dump_dir
from opensit.diffusion.respond import respond
from opensit.diffusion.usage import BUFFER
from opensit.formats.export import INDEX_FILE
from opensit.formats.registry import RENDERERS


@dataclass(frozen=True)
class Dump:
    format: str
    path: Path
    media_type: str
    etag: str
    """Quoted, as written in index.json."""
    bytes: int
    objects: int
    generated_at: datetime


def dump_dir(project: DiffusionProject) -> Path:
    root = Path(settings.OPENSIT_DUMP_DIR)
    if project.scope == DiffusionProject.Scope.ALL:
        return root
    return project_dump_dir(root, project.pk)


def dumps_of(project: DiffusionProject) -> dict[str, Dump]:
    """The dumps the project may download, by format; empty before the first nightly run."""
    folder = dump_dir(project)
    try:
        index = orjson.loads((folder / INDEX_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    found = {}
    for entry in index.get("files", []):
        path = folder / entry["file"]
        if entry["format"] in RENDERERS and path.is_file():
            found[entry["format"]] = Dump(
                entry["format"],
                path,
                entry["media_type"],
                entry["etag"],
                entry["bytes"],
                entry["objects"],
                datetime.fromisoformat(entry.get("generated_at") or index["generated_at"]),
            )
    return found


def _open_consistent(project: DiffusionProject, format: str) -> tuple[Dump | None, Any]:
    """The dump and its open file, whose size is the one its entry lists. The nightly run
    renames a new file in and then rewrites the index: between the two, look again."""
    for _attempt in range(5):
        dump = dumps_of(project).get(format)
        if dump is None:
            return None, None
        try:
            handle = dump.path.open("rb")
        except FileNotFoundError:
            continue
        if os.fstat(handle.fileno()).st_size == dump.bytes:
            return dump, handle
        handle.close()
    raise ApiProblem(503, "dump-in-progress", _("The dump is being written: try again shortly."))


def _listing(request: HttpRequest, dump: Dump) -> dict[str, Any]:
    return {
        "format": dump.format,
        "url": request.build_absolute_uri(f"{request.path.rstrip('/')}/{dump.format}"),
        "media_type": dump.media_type,
        "content_encoding": "gzip",
        "etag": dump.etag,
        "bytes": dump.bytes,
        "objects": dump.objects,
        "generated_at": dump.generated_at.astimezone(UTC).isoformat(),
    }


@api.get("/dumps", tags=["dumps"], summary="The nightly dumps this project may download")
def list_dumps(request: HttpRequest) -> HttpResponse:
    dumps = dumps_of(project_of(request))
    items = [_listing(request, dump) for dump in dumps.values()]
    return respond(request, "dumps", orjson.dumps({"total": len(items), "items": items}))


@api.get(
    "/dumps/{format}",
    tags=["dumps"],
    summary="Download a nightly dump (gzip)",
    description=(
        "The project's dump in `format` (jsonld, jsonl, csv, geojson, ical, gpx), gzip: "
        "`Content-Encoding: gzip` when the client accepts it, else an `application/gzip` "
        "file. ETag and Last-Modified; `If-None-Match` gives 304."
    ),
)
def download_dump(request: HttpRequest, format: str) -> HttpResponseBase:
    if format not in RENDERERS:
        raise ApiProblem(
            400,
            "invalid-parameter",
            _("Invalid parameter “%(name)s”: expected one of %(formats)s")
            % {"name": "format", "formats": ", ".join(RENDERERS)},
            param="format",
        )
    project = project_of(request)
    dump, handle = _open_consistent(project, format)
    if dump is None:
        raise ApiProblem(
            404,
            "no-dump",
            _("No %(format)s dump yet for this project: dumps are written every night.")
            % {"format": format},
            param="format",
        )
    modified = dump.generated_at.timestamp()
    headers = {
        **quota_headers(request),
        "ETag": dump.etag,
        "Last-Modified": http_date(modified),
        "Cache-Control": CACHE_CONTROL,
        "Vary": "Accept-Encoding, X-API-Key",
    }
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=dump.etag, last_modified=int(modified)
    )
    with primary_reads():  # a flush it triggers checks the projects on the primary
        BUFFER.record(project.pk, "dumps", 0 if response else dump.objects, None)
    if response is not None:
        handle.close()
    else:
        accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "").lower()
        name = dump.path.name
        if accepts_gzip:
            response = FileResponse(handle, content_type=dump.media_type)
            response["Content-Encoding"] = "gzip"
            response["Content-Disposition"] = f'inline; filename="{name.removesuffix(".gz")}"'
        else:
            response = FileResponse(
                handle,
                content_type="application/gzip",
                as_attachment=True,
                filename=name,
            )
    for header, value in headers.items():
        response[header] = value
    return response
