"""A real local HTTP server that serves the real samples of ../shared/data the way each source
does: an Apidae-like search endpoint (JSON `query`, project id and API key checked, first/count
pagination), a zip of a DATAtourisme flux, JSON Lines, an Apidae export's zip and its
confirmation address, and the failures (a slow answer, a 500, a truncated zip). Tests change
`state` to change what it serves."""

import contextlib
import io
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson

PROJECT_ID = "4242"
API_KEY = "apidae-test-key-0123456789"
JSONL_KEY = "opensit-test-key-9876543210"
#: Apidae's answer to a wrong project id or key.
REFUSED = {"errorType": "ACCES_NON_AUTORISE", "message": "Accès non autorisé"}


@dataclass
class State:
    apidae_objects: list[dict[str, Any]] = field(default_factory=list)
    flux: bytes = b""
    jsonl: bytes = b""
    #: The zip of an Apidae export (`/export.zip`, `/export-truncated.zip`).
    export: bytes = b""
    #: Added to Apidae's numFound: a listing that announces more than it gives.
    numfound_extra: int = 0
    #: Requests per path, to assert retries.
    hits: dict[str, int] = field(default_factory=dict)
    #: Set to release the slow endpoint at the end of a test.
    release: threading.Event = field(default_factory=threading.Event)


def dt_flux_zip(archive: Path, files: list[str]) -> bytes:
    """A zip of a DATAtourisme flux made of some of the archive's objects, with its index."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        index = [{"label": Path(name).stem, "file": name} for name in files]
        out.writestr("index.json", orjson.dumps(index))
        out.write(archive / "context.jsonld", "context.jsonld")
        for name in files:
            out.write(archive / name, name)
    return buffer.getvalue()


def dt_files(archive: Path, n: int, must: tuple[str, ...] = ()) -> list[str]:
    """The first `n` object files of the archive (sorted), plus `must`."""
    names = sorted(p.relative_to(archive).as_posix() for p in (archive / "objects").rglob("*.json"))
    chosen = names[:n]
    return chosen + [m for m in must if m not in chosen]


class _Handler(BaseHTTPRequestHandler):
    server: "SourceServer"

    def log_message(self, *args: Any) -> None:  # quiet
        return None

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        state = self.server.state
        state.hits[url.path] = state.hits.get(url.path, 0) + 1
        if url.path == "/api/v002/recherche/list-objets-touristiques":
            return self._apidae(parse_qs(url.query))
        if url.path == "/flux.zip":
            return self._send(200, state.flux, "application/zip")
        if url.path == "/truncated.zip":
            return self._send(200, state.flux[: len(state.flux) // 2], "application/zip")
        if url.path == "/export.zip":
            return self._send(200, state.export, "application/zip")
        if url.path == "/export-truncated.zip":
            return self._send(200, state.export[: len(state.export) // 2], "application/zip")
        if url.path == "/confirm":  # Apidae's urlConfirmation
            return self._send(200, b"OK", "text/plain")
        if url.path == "/objects.jsonl":
            if self.headers.get("X-API-Key") != JSONL_KEY:
                return self._send(401, b'{"detail": "invalid key"}', "application/json")
            return self._send(200, state.jsonl, "application/x-ndjson")
        if url.path == "/error":
            return self._send(500, b"Internal Server Error", "text/plain")
        if url.path == "/slow.zip":
            state.release.wait(30)  # longer than the client's timeout, released at teardown
            return self._send(200, state.flux, "application/zip")
        return self._send(404, b"not found", "text/plain")

    def _apidae(self, params: dict[str, list[str]]) -> None:
        try:
            query = orjson.loads(params["query"][0])
        except (KeyError, IndexError, orjson.JSONDecodeError):
            return self._send(400, b'{"message": "query manquante"}', "application/json")
        if query.get("projetId") != PROJECT_ID or query.get("apiKey") != API_KEY:
            return self._send(401, orjson.dumps(REFUSED), "application/json")
        first, count = int(query.get("first", 0)), min(int(query.get("count", 20)), 200)
        objects = self.server.state.apidae_objects
        page = objects[first : first + count]
        body = {
            "numFound": len(objects) + self.server.state.numfound_extra,
            "formatVersion": "v002",
        }
        if page:
            body["objetsTouristiques"] = page
        return self._send(200, orjson.dumps(body), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self.wfile.write(body)


class SourceServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = State()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> "SourceServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.state.release.set()
        self.shutdown()
        self.server_close()
