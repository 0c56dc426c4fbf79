"""Run one import in this process and print its figures as JSON (called by bench/run.py, so that
each measurement has its own process and its own peak memory)."""

import os
import sys

import orjson


def main() -> None:
    source, path = sys.argv[1], sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensit.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import resource

    from opensit.connectors.engine import ImportEngine
    from opensit.connectors.premap import worker_count
    from opensit.connectors.registry import CONNECTORS

    before = resource.getrusage(resource.RUSAGE_SELF)
    run = ImportEngine(CONNECTORS[source]()).run(path)
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        orjson.dumps(
            {
                "read": run.read,
                "created": run.created,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "failed": run.failed,
                "duration": run.duration,
                "status": run.status,
                "main_rss_mb": own.ru_maxrss / 1024,
                # the largest mapping worker (0 when the input was too small for workers)
                "worker_rss_mb": workers.ru_maxrss / 1024,
                "workers": worker_count(),
                # the run's CPU time, all processes (the workers' start-up included)
                "cpu_seconds": own.ru_utime
                + own.ru_stime
                - before.ru_utime
                - before.ru_stime
                + workers.ru_utime
                + workers.ru_stime,
            }
        ).decode()
    )


if __name__ == "__main__":
    main()
