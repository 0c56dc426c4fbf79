"""Where an API request's time goes, in process: CPU per request of each kind of the API
benchmark's mix, and a cProfile of the whole mix.

    OPENSIT_DATABASE_URL=sqlite:////tmp/opensit-api-bench/api-200000.sqlite3 \
        .venv/bin/python bench/api_profile.py [--requests 300] [--top 40] [--kind "facets + text"]

Runs the real URLconf and middleware through Django's test client against a catalog built by
`bench/api_bench.py` (the same query drawing, `api_bench.Queries`). CPU time (`thread_time`)
of this process only: on PostgreSQL the database server's own CPU is not in it, and is shown
apart from `/proc/<backend pid>/stat`.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api_bench_settings")


def backend_cpu_seconds() -> float:
    """CPU seconds of this connection's PostgreSQL backend (0 on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300, help="requests per kind")
    parser.add_argument("--top", type=int, default=40, help="lines of the profile")
    parser.add_argument("--kind", default=None, help="profile this kind only")
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()

    import django

    django.setup()
    from api_bench import Queries
    from django.test import Client

    from opensit.diffusion import services
    from opensit.diffusion.models import DiffusionProject
    from opensit.network.models import Organisation
    from opensit.network.permissions import Actor

    sample = sample_of_catalog()
    system = Actor.system()
    project = DiffusionProject.objects.filter(name="api-bench").first()
    if project is None:
        owner = Organisation.objects.order_by("pk").first()
        project = services.create_project(system, "api-bench", organisation=owner, tier="premium")
        project = services.validate_project(system, project)
    _key, raw = services.create_key(system, project, "profile")
    client = Client(headers={"X-API-Key": raw})
    queries = Queries(sample)
    kinds = queries.kinds()
    if args.kind:
        kinds = {args.kind: kinds[args.kind]}
    for make in kinds.values():  # warm-up: the text index, the key memory, the page cache
        for _ in range(20):
            client.get(make())
    print(f"{'kind':<16} {'CPU µs/req':>11} {'db µs/req':>10} {'bytes':>8}")
    paths = {name: [make() for _ in range(args.requests)] for name, make in kinds.items()}
    for name, batch in paths.items():
        db_before, cpu_before = backend_cpu_seconds(), time.thread_time()
        size = 0
        for path in batch:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            size += len(response.content)
        cpu = (time.thread_time() - cpu_before) / len(batch) * 1e6
        db = (backend_cpu_seconds() - db_before) / len(batch) * 1e6
        print(f"{name:<16} {cpu:>11.0f} {db:>10.0f} {size // len(batch):>8}")
    profile = cProfile.Profile()
    mixed = [queries.kinds()[name]() for name in kinds for _ in range(args.requests)]
    profile.enable()
    for path in mixed:
        client.get(path)
    profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


def sample_of_catalog() -> dict:
    """The sample `api_bench` draws its queries from (names' words, places, event dates)."""
    import io
    from contextlib import redirect_stdout

    import orjson
    from api_bench import SETUP

    out = io.StringIO()
    with redirect_stdout(out):
        exec(SETUP.replace("django.setup()", ""), {"__name__": "sample"})
    return orjson.loads(out.getvalue().strip().splitlines()[-1])


if __name__ == "__main__":
    main()
