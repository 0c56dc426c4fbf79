"""Lighthouse on the demo destination site: performance, accessibility, best practices and
SEO of its home, listing, detail and agenda pages (issue 16's target: 90 or more in each).

    .venv/bin/python bench/lighthouse.py [--port 8790] [--preset mobile|desktop] [--runs 1]

A fresh SQLite database in `OPENSIT_BENCH_DIR` (default /tmp/opensit-lighthouse) gets the demo
catalog and its sites (`opensit demo`, `opensit sites demo`), then `opensit serve` (gunicorn,
as in production) answers on 127.0.0.1; the regional site is reached as
`regional.localhost:<port>` (Chromium sends every *.localhost name to this machine). Lighthouse
is npm's `lighthouse@12.2.3`, installed once in the work folder, driving Debian's Chromium
(`CHROME_PATH=/usr/bin/chromium`). Each page's four scores are the median of `--runs` runs;
the reports (JSON) stay in the work folder.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = Path(os.environ.get("OPENSIT_BENCH_DIR", "/tmp/opensit-lighthouse"))
BIN = Path(sys.executable).parent
LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
HOST = "regional.localhost"

PAGES = r"""
import django
django.setup()
import orjson
from opensit.catalog.models import TourismObject
from opensit.sites.canonical import object_path
from opensit.sites.models import Destination

destination = Destination.objects.get(site__hostname="regional.localhost")
home = destination.site.root_page.specific
found = {"home": "/"}
for page in home.get_children().live().specific():
    kind = type(page).__name__
    if kind == "ListingPage" and "listing" not in found:
        found["listing"] = page.url_path[len(home.url_path) - 1 :]
    if kind == "AgendaPage" and "agenda" not in found:
        found["agenda"] = page.url_path[len(home.url_path) - 1 :]
hotel = TourismObject.objects.filter(status="published", type="hotel").order_by("name").first()
found["detail"] = object_path(hotel.id, hotel.name, "fr")
print(orjson.dumps(found).decode())
"""


def environment(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "OPENSIT_HOME": str(ROOT),
        "OPENSIT_VAR_DIR": str(WORK / "var"),
        "OPENSIT_DATABASE_URL": f"sqlite:///{WORK / 'lighthouse.sqlite3'}",
        "OPENSIT_BASE_URL": f"http://localhost:{port}",
        "OPENSIT_BIND": f"127.0.0.1:{port}",
        "OPENSIT_WORKERS": "2",
        "DJANGO_SETTINGS_MODULE": "opensit.settings",
    }


def opensit(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [BIN / "opensit", *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def prepare(env: dict[str, str], port: int) -> dict[str, str]:
    """The demo and its sites in a new database; the pages to measure."""
    shutil.rmtree(WORK / "var", ignore_errors=True)
    (WORK / "lighthouse.sqlite3").unlink(missing_ok=True)
    opensit(env, "migrate", "--noinput", "-v", "0")
    opensit(env, "demo")
    opensit(env, "sites", "demo", "--port", str(port))
    opensit(env, "collectstatic", "--noinput", "-v", "0")
    out = subprocess.run(
        [sys.executable, "-c", PAGES], env=env, check=True, capture_output=True, text=True
    )
    return orjson.loads(out.stdout.strip().splitlines()[-1])


def lighthouse_bin() -> Path:
    prefix = WORK / "npm"
    found = prefix / "node_modules" / ".bin" / "lighthouse"
    if not found.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), LIGHTHOUSE],
            check=True,
        )
    return found


def audit(tool: Path, url: str, out: Path, preset: str) -> dict[str, float]:
    command = [
        str(tool),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(command, env=env, check=True)
    report = orjson.loads(out.read_bytes())
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    env = environment(args.port)
    tool = lighthouse_bin()
    pages = prepare(env, args.port)
    server = subprocess.Popen([BIN / "opensit", "serve"], env=env)
    try:
        base = f"http://{HOST}:{args.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{args.port}/", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.5)
        results = {}
        for name, path in pages.items():
            runs = [
                audit(tool, base + path, WORK / f"{name}-{n}.json", args.preset)
                for n in range(args.runs)
            ]
            results[name] = {
                "url": base + path,
                **{c: statistics.median(r[c] for r in runs) for c in CATEGORIES},
            }
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nLighthouse ({LIGHTHOUSE}, {args.preset}, median of {args.runs} run(s))")
    print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, row in results.items():
        print(f"{name:<10}" + "".join(f"{row[c]:>16}" for c in CATEGORIES))
    out = WORK / f"lighthouse-{args.preset}.json"
    out.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    print(f"results in {out}")


if __name__ == "__main__":
    main()
