"""`opensit serve`: gunicorn really starts on a file SQLite database and answers; after
`opensit demo`, as `make run` does, the curl line the demo prints works against it."""

import os
import re
import shlex
import subprocess
from pathlib import Path

import httpx

from tests.servers import Server, free_port, opensit


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENSIT_TESTING"}
    env.update(
        OPENSIT_VAR_DIR=str(tmp_path / "var"),
        OPENSIT_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        DJANGO_SETTINGS_MODULE="opensit.settings",
    )
    env.pop("OPENSIT_CACHE_URL", None)  # the embedded default: each process's memory
    return env


def test_serve_refuses_without_collected_static(tmp_path):
    done = subprocess.run(
        opensit("serve", "--bind", "127.0.0.1:1"), env=_env(tmp_path), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "collectstatic" in done.stderr


def test_serve_answers_home_admin_and_the_demo_key(tmp_path):
    port = free_port()
    env = {**_env(tmp_path), "OPENSIT_BIND": f"127.0.0.1:{port}"}  # read by demo and serve
    subprocess.run(opensit("migrate", "--noinput", "-v", "0"), env=env, check=True, timeout=300)
    demo = subprocess.run(
        opensit("demo"), env=env, check=True, timeout=300, capture_output=True, text=True
    )
    assert "Catalogue de démonstration chargé : 73 objets, dont 70 publiés." in demo.stdout
    curl = next(line for line in demo.stdout.splitlines() if line.strip().startswith("curl "))
    _curl, _h, header, url = shlex.split(curl)
    assert url.startswith(f"http://127.0.0.1:{port}/api/v1/objects?"), url
    for address in ("/", "/admin/", "/api/v1/docs"):
        assert f"http://127.0.0.1:{port}{address}\n" in demo.stdout
    sites = subprocess.run(
        opensit("sites", "demo", "--port", str(port)),
        env=env, check=True, timeout=300, capture_output=True, text=True,
    )  # fmt: skip
    assert f"http://regional.localhost:{port}/" in sites.stdout
    subprocess.run(
        opensit("collectstatic", "--noinput", "-v", "0"), env=env, check=True, timeout=300
    )
    server = Server(env, log=tmp_path / "serve.log", workers=1, port=port).start()
    try:
        home = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert home.status_code == 200
        # French first: with no Accept-Language the platform answers in French.
        assert "OpenSIT" in home.text and "70 objets publiés" in home.text
        assert home.headers["server"] == "gunicorn"
        login = httpx.get(f"http://127.0.0.1:{port}/django-admin/login/", timeout=5)
        assert login.status_code == 200
        css = httpx.get(f"http://127.0.0.1:{port}/static/admin/css/base.css", timeout=5)
        assert css.status_code == 200 and "max-age" in css.headers.get("cache-control", "")
        name, _sep, value = header.partition(": ")
        objects = httpx.get(url, headers={name: value}, timeout=10)
        assert objects.status_code == 200, objects.text
        assert objects.json()["total"] >= 10 and len(objects.json()["items"]) == 5
        assert httpx.get(url, timeout=10).status_code == 401  # the key is what opens it
        docs = httpx.get(f"http://127.0.0.1:{port}/api/v1/docs", timeout=10)
        assert docs.status_code == 200
        # The demo's destination site answers on its own host name (*.localhost is this
        # machine), with the demo's photos served by the platform.
        site = httpx.get(
            f"http://127.0.0.1:{port}/", headers={"Host": f"regional.localhost:{port}"}, timeout=10
        )
        assert site.status_code == 200 and "Touraine Val de Loire" in site.text
        photo = re.search(r'<img[^>]* src="https?://[^/]+(/media/demo/[^"]+)"', site.text)
        assert photo, "no demo photo on the regional site's home page"
        image = httpx.get(f"http://127.0.0.1:{port}{photo.group(1)}", timeout=10)
        assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
        # The worker warmed up before it took the first request (opensit.diffusion.warmup).
        assert " warmed up in " in (tmp_path / "serve.log").read_text()
    finally:
        server.stop()
