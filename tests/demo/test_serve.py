"""`opensit serve`: gunicorn really starts on a file SQLite database and answers."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

STARTUP_ATTEMPTS = 150  # × 0.2 s of waiting for the process: a bounded poll, not a sleep


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENSIT_TESTING"}
    env.update(
        OPENSIT_VAR_DIR=str(tmp_path / "var"),
        OPENSIT_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        DJANGO_SETTINGS_MODULE="opensit.settings",
    )
    return env


def _opensit(*args: str) -> list[str]:
    return [sys.executable, "-m", "opensit.cli", *args]


def test_serve_refuses_without_collected_static(tmp_path):
    done = subprocess.run(
        _opensit("serve", "--bind", "127.0.0.1:1"), env=_env(tmp_path), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "collectstatic" in done.stderr


def test_serve_answers_home_and_admin(tmp_path):
    env = _env(tmp_path)
    for command in (("migrate", "--noinput", "-v", "0"), ("collectstatic", "--noinput", "-v", "0")):
        subprocess.run(_opensit(*command), env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        _opensit("serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        home = None
        for _ in range(STARTUP_ATTEMPTS):
            try:
                home = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                try:
                    server.wait(timeout=0.2)  # waits for the process, returns early if it died
                except subprocess.TimeoutExpired:
                    continue
                pytest.fail(f"opensit serve exited: {server.stdout.read().decode()}")
        assert home is not None, "the server did not answer"
        assert home.status_code == 200
        # French first: with no Accept-Language the platform answers in French.
        assert "OpenSIT" in home.text and "0 objet publié" in home.text
        assert home.headers["server"] == "gunicorn"
        login = httpx.get(f"http://127.0.0.1:{port}/django-admin/login/", timeout=5)
        assert login.status_code == 200
        css = httpx.get(f"http://127.0.0.1:{port}/static/admin/css/base.css", timeout=5)
        assert css.status_code == 200 and "max-age" in css.headers.get("cache-control", "")
    finally:
        server.terminate()
        server.wait(timeout=30)
