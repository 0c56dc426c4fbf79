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
    from opensit.connectors.engine import ImportEngine
    from opensit.connectors.registry import CONNECTORS

    run = ImportEngine(CONNECTORS[source]()).run(path)
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
            }
        ).decode()
    )


if __name__ == "__main__":
    main()
