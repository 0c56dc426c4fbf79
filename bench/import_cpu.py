"""CPU per object of one import by process: the main process, its mapping workers and, on
PostgreSQL, the server backend of the main connection (`/proc/<pid>/stat`), with the end phase
(the text index catch-up and the mentions count, `search.mentions.refresh`) apart.

    OPENSIT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_pg \\
      .venv/bin/python bench/import_cpu.py /tmp/imp-synth-20000 [--no-copy]

The database should be empty (a first import); `--no-copy` writes with executemany instead of
COPY (`core.bulk.COPY_FROM`).
"""

import os
import resource
import sys
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> float:
    """User + system seconds of a process (another one's: `getrusage` only sees ours)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from opensit.connectors.engine import ImportEngine
    from opensit.connectors.registry import CONNECTORS
    from opensit.core import bulk
    from opensit.search import mentions

    call_command("migrate", verbosity=0)
    if "--no-copy" in sys.argv:
        bulk.COPY_FROM = None
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid if connection.vendor == "postgresql" else 0
    end: dict[str, float] = {}
    refresh = mentions.refresh

    def timed_refresh() -> int:
        cpu, wall = time.process_time(), time.perf_counter()
        server = proc_cpu(backend) if backend else 0.0
        out = refresh()
        end["main"], end["wall"] = time.process_time() - cpu, time.perf_counter() - wall
        end["backend"] = (proc_cpu(backend) - server) if backend else 0.0
        return out

    mentions.refresh = timed_refresh
    server = proc_cpu(backend) if backend else 0.0
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    started = time.perf_counter()
    run = ImportEngine(CONNECTORS["datatourisme"]()).run(sys.argv[1])
    wall = time.perf_counter() - started
    own2, children2 = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    n = run.read
    ms = {
        "main": (own2.ru_utime + own2.ru_stime - own.ru_utime - own.ru_stime) * 1000 / n,
        "workers": (children2.ru_utime + children2.ru_stime - children.ru_utime - children.ru_stime)
        * 1000
        / n,
        "backend": ((proc_cpu(backend) - server) * 1000 / n) if backend else 0.0,
    }
    print(
        f"{connection.vendor}, COPY from {bulk.COPY_FROM}: read {n}, created {run.created},"
        f" unchanged {run.unchanged}, failed {run.failed}; {wall:.1f} s, {n / wall:,.0f} obj/s"
    )
    print("CPU ms/obj: " + ", ".join(f"{k} {v:.3f}" for k, v in ms.items()))
    print(f"total {sum(ms.values()):.3f}")
    if end:
        print(
            f"end phase: {end['wall']:.1f} s, main {end['main'] * 1000 / n:.3f} ms/obj,"
            f" backend {end['backend'] * 1000 / n:.3f} ms/obj"
        )


if __name__ == "__main__":
    main()
