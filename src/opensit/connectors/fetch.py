"""Downloading what a source gives, completely, before anything is imported.

Each kind of source is fetched into a run's folder under `var/` (kept for the run's report),
then checked: every Apidae page parsed and as many objects as the API announced, a DATAtourisme
zip whole (central directory and CRCs), a JSON Lines file ending with a complete line. Any
failure raises `FetchError` with the cause; the caller names the source and imports nothing.

Downloads have a timeout, a size limit and retries with exponential backoff on connection
errors, timeouts and 5xx answers; a 4xx answer is final (a wrong key does not get better).
"""

import gzip
import shutil
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from django.conf import settings
from django.utils.translation import gettext as _

from opensit.connectors.apidae.reader import DELETED_FILE, MODIFIED_DIR
from opensit.connectors.datatourisme import reader as dt_reader
from opensit.diffusion import webhook_targets

#: Objects asked per Apidae search page (the API's maximum).
APIDAE_PAGE = 200
APIDAE_SEARCH = "/api/v002/recherche/list-objets-touristiques"
USER_AGENT = "OpenSIT connectors"

Progress = Callable[[int, int | None], None]


class FetchError(Exception):
    """The download failed or is incomplete; the message says why (without the source's name,
    which the caller adds)."""


@dataclass
class Limits:
    timeout: float = 60.0
    max_bytes: int = 2 * 1024**3
    retries: int = 3
    backoff: float = 1.0

    @classmethod
    def for_timeout(cls, timeout: float) -> "Limits":
        return cls(
            timeout=timeout,
            max_bytes=int(getattr(settings, "OPENSIT_SOURCE_MAX_BYTES", cls.max_bytes)),
            retries=int(getattr(settings, "OPENSIT_SOURCE_RETRIES", cls.retries)),
            backoff=float(getattr(settings, "OPENSIT_SOURCE_BACKOFF", cls.backoff)),
        )


@dataclass
class Fetched:
    """What a run fetched: the path the connector reads, its size, and the source ids it
    lists (for the deletion of what is absent from a full listing)."""

    path: Path
    size: int
    ids: set[str] = field(default_factory=set)


class _Retry(Exception):
    pass


def download(
    client: httpx.Client,
    url: str,
    dest: Path,
    limits: Limits,
    *,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    refused: str = "",
) -> int:
    """Stream `url` into `dest`; the size written. Retries what may pass on a second try."""
    attempts = limits.retries + 1
    cause = ""
    for attempt in range(attempts):
        try:
            return _download_once(client, url, dest, limits, params, headers, refused)
        except httpx.TimeoutException:
            cause = _("no answer within %(s)s s (timeout)") % {"s": f"{limits.timeout:g}"}
        except httpx.TransportError as exc:
            cause = _("connection failed: %(error)s") % {"error": str(exc) or type(exc).__name__}
        except _Retry as exc:
            cause = str(exc)
        if attempt + 1 < attempts:
            time.sleep(limits.backoff * 2**attempt)
    raise FetchError(
        _("%(cause)s, after %(n)d attempts (%(url)s)")
        % {"cause": cause, "n": attempts, "url": _public(url)}
    )


def _download_once(client, url, dest, limits, params, headers, refused) -> int:
    with client.stream("GET", url, params=params, headers=headers) as response:
        status = response.status_code
        if status >= 500:
            raise _Retry(_("the server answered HTTP %(status)d") % {"status": status})
        if status in (401, 403) and refused:
            raise FetchError(f"{refused} (HTTP {status})")
        if status >= 400:
            raise FetchError(
                _("the server answered HTTP %(status)d (%(url)s)")
                % {"status": status, "url": _public(url)}
            )
        size = 0
        with dest.open("wb") as out:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limits.max_bytes:
                    raise FetchError(
                        _("the download exceeds the size limit of %(n)d bytes")
                        % {"n": limits.max_bytes}
                    )
                out.write(chunk)
        return size


def _public(url: str) -> str:
    """The URL without its query string, which may hold a key."""
    return url.split("?", 1)[0]


def client(limits: Limits) -> httpx.Client:
    return httpx.Client(
        timeout=limits.timeout,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        event_hooks={"request": [refuse_private]},  # each request, redirects included
    )


def private_address(url: str) -> str | None:
    """The private, loopback, link-local or reserved address `url`'s host is or resolves to,
    if any (None when sources may be fetched there, or with OPENSIT_SOURCES_ALLOW_PRIVATE)."""
    if getattr(settings, "OPENSIT_SOURCES_ALLOW_PRIVATE", False):
        return None
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    for address in webhook_targets.addresses(parsed.host, port):
        if webhook_targets.blocked(address):
            return str(address)
    return None


def refuse_private(request: httpx.Request) -> None:
    """A source's URL chosen in the back-office must not reach into the platform's network
    (server-side request forgery: the database, Redis, a cloud's metadata service)."""
    address = private_address(str(request.url))
    if address:
        raise FetchError(
            _(
                "%(host)s is a private, loopback, link-local or reserved address (%(address)s):"
                " sources are not fetched there"
            )
            % {"host": request.url.host, "address": address}
        )


# -- Apidae -------------------------------------------------------------------------------------


def fetch_apidae(
    base_url: str, project_id: str, api_key: str, workdir: Path, limits: Limits, progress: Progress
) -> Fetched:
    """Every page of the project's search, as an export folder the Apidae connector reads
    (`objets_modifies/page-NNNN.json`). Complete or nothing: the objects received must be as
    many as `numFound` announced."""
    pages = workdir / MODIFIED_DIR
    pages.mkdir(parents=True, exist_ok=True)
    url = base_url.rstrip("/") + APIDAE_SEARCH
    refused = _("Apidae refused the project id or the API key")
    ids: set[str] = set()
    size, first, found = 0, 0, None
    per_page = int(getattr(settings, "OPENSIT_APIDAE_PAGE_SIZE", APIDAE_PAGE))
    with client(limits) as http:
        while found is None or first < found:
            query = {
                "projetId": project_id,
                "apiKey": api_key,
                "first": first,
                "count": per_page,
                "responseFields": ["@all"],
                "locales": ["fr", "en"],
            }
            page = pages / f"page-{first // per_page + 1:04d}.json"
            size += download(
                http,
                url,
                page,
                limits,
                params={"query": orjson.dumps(query).decode()},
                refused=refused,
            )
            data = _apidae_page(page, first)
            found = data.get("numFound", 0)
            if not isinstance(found, int) or found < 0:
                raise FetchError(
                    _("Apidae gave no valid numFound (page from %(n)d)") % {"n": first}
                )
            objects = data.get("objetsTouristiques") or []
            for obj in objects:
                if isinstance(obj, dict) and obj.get("id") is not None:
                    ids.add(str(obj["id"]).strip())
            if not objects:
                break
            first += len(objects)
            progress(first, found)
    if found is not None and first < found:
        raise FetchError(
            _("incomplete listing: Apidae announced %(found)d objects and gave %(got)d")
            % {"found": found, "got": first}
        )
    # The deletions are computed from the listing (`sources`); an empty list keeps the folder
    # an export for the connector whatever the pages hold.
    (workdir / DELETED_FILE).write_bytes(b"[]")
    return Fetched(workdir, size, ids)


def _apidae_page(page: Path, first: int) -> dict[str, Any]:
    try:
        data = orjson.loads(page.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise FetchError(
            _("the Apidae page from object %(n)d is not valid JSON: %(error)s")
            % {"n": first, "error": exc}
        ) from None
    if not isinstance(data, dict):
        raise FetchError(
            _("the Apidae page from object %(n)d is not a search answer") % {"n": first}
        )
    if data.get("errorType") or data.get("errorCode"):
        message = data.get("message") or data.get("errorType") or data.get("errorCode")
        raise FetchError(_("Apidae answered an error: %(message)s") % {"message": message})
    return data


def fetch_apidae_export(url: str, workdir: Path, limits: Limits, progress: Progress) -> Fetched:
    """The zip of an export Apidae notified (`urlRecuperation`), checked whole before import:
    a complete zip (central directory and CRCs), holding an export (`objets_modifies/` or
    `objets_supprimes.json`), every JSON file of it parsed. The ids are those of the objects
    it brings (a full export's listing)."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "export.zip"
    with client(limits) as http:
        size = download(http, url, path, limits, refused=_("Apidae refused the export's download"))
    progress(size, size)
    if not zipfile.is_zipfile(path):
        raise FetchError(
            _("the export is not a complete zip (%(n)d bytes received: truncated or not a zip)")
            % {"n": size}
        )
    ids: set[str] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip()
            if broken is not None:
                raise FetchError(
                    _("the export's zip is damaged: %(name)s fails its check") % {"name": broken}
                )
            names = [n for n in archive.namelist() if not n.endswith("/")]
            objects = [n for n in names if MODIFIED_DIR in Path(n).parts[:-1]]
            if not objects and not any(Path(n).name == DELETED_FILE for n in names):
                raise FetchError(
                    _("the zip is not an Apidae export (no %(dir)s/ and no %(file)s)")
                    % {"dir": MODIFIED_DIR, "file": DELETED_FILE}
                )
            for name in names:
                if not name.endswith(".json"):
                    continue
                try:
                    data = orjson.loads(archive.read(name))
                except orjson.JSONDecodeError as exc:
                    raise FetchError(
                        _("%(name)s of the export is not valid JSON: %(error)s")
                        % {"name": name, "error": exc}
                    ) from None
                if name in objects:
                    ids |= _export_ids(data)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        raise FetchError(_("the export's zip is damaged: %(error)s") % {"error": exc}) from None
    return Fetched(path, size, ids)


def _export_ids(data: Any) -> set[str]:
    if isinstance(data, dict):
        data = data.get("objetsTouristiques", [data])
    return {
        str(obj["id"]).strip()
        for obj in (data if isinstance(data, list) else [])
        if isinstance(obj, dict) and obj.get("id") is not None
    }


def confirm(url: str, workdir: Path, limits: Limits) -> None:
    """GET Apidae's `urlConfirmation` (with the download's retries and SSRF refusal): the
    export is processed, Apidae's next export starts from it."""
    workdir.mkdir(parents=True, exist_ok=True)
    with client(limits) as http:
        download(http, url, workdir / "confirmation.txt", limits)


# -- DATAtourisme -------------------------------------------------------------------------------


def fetch_datatourisme(url: str, workdir: Path, limits: Limits, progress: Progress) -> Fetched:
    """The flux's zip, checked whole before import: a truncated or corrupt zip, or one with
    fewer objects than its index lists, is refused."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "flux.zip"
    with client(limits) as http:
        size = download(http, url, path, limits)
    progress(size, size)
    if not zipfile.is_zipfile(path):
        raise FetchError(
            _("the flux is not a complete zip (%(n)d bytes received: truncated or not a zip)")
            % {"n": size}
        )
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip()
            names = archive.namelist()
            index = next((n for n in names if n.rsplit("/", 1)[-1] == "index.json"), None)
            listed = _index_entries(archive.read(index)) if index else None
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        raise FetchError(_("the flux's zip is damaged: %(error)s") % {"error": exc}) from None
    if broken is not None:
        raise FetchError(
            _("the flux's zip is damaged: %(name)s fails its check") % {"name": broken}
        )
    records = [n for n in names if not n.endswith("/") and dt_reader._is_record_file(n)]
    if listed is not None and len(records) < listed:
        raise FetchError(
            _("incomplete flux: its index lists %(listed)d objects, the zip holds %(got)d")
            % {"listed": listed, "got": len(records)}
        )
    ids = {entry.source_id for entry in dt_reader.read(path) if hasattr(entry, "payload")}
    return Fetched(path, size, ids)


def _index_entries(raw: bytes) -> int | None:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return len(data) if isinstance(data, list) else None


# -- OpenSIT JSON Lines -------------------------------------------------------------------------


def fetch_jsonl(
    url: str, api_key: str, workdir: Path, limits: Limits, progress: Progress
) -> Fetched:
    """Another OpenSIT's JSON Lines (plain or gzip, as its dumps are), streamed to a file; it
    must end with a complete line."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "objects.jsonl"
    headers = {"X-API-Key": api_key} if api_key else None
    with client(limits) as http:
        size = download(
            http,
            url,
            path,
            limits,
            headers=headers,
            refused=_("the OpenSIT instance refused the API key"),
        )
    progress(size, size)
    with path.open("rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
    if gzipped:
        plain = workdir / "objects.unzipped.jsonl"
        try:
            with gzip.open(path, "rb") as src, plain.open("wb") as out:
                shutil.copyfileobj(src, out)
        except (OSError, EOFError) as exc:
            raise FetchError(_("the gzip file is damaged: %(error)s") % {"error": exc}) from None
        path.unlink()
        plain.rename(path)
    ids: set[str] = set()
    last = b"\n"
    with path.open("rb") as handle:
        for line in handle:
            last = line
            if line.strip():
                try:
                    value = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue  # reported per line by the import
                if isinstance(value, dict) and value.get("id"):
                    ids.add(str(value["id"]))
    if not last.endswith(b"\n"):
        raise FetchError(_("the JSON Lines file ends in the middle of a line (truncated)"))
    return Fetched(path, size, ids)
