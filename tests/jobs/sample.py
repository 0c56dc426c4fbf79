"""Jobs for the tests (module-level, as django-tasks requires; the worker subprocess imports
them by path, with the repository on its path)."""

from datetime import timedelta
from pathlib import Path

from opensit.jobs.api import job


@job(max_attempts=3, backoff_base=timedelta(seconds=30))
def always_fails(reason: str) -> None:
    raise RuntimeError(f"the remote said no: {reason}")


@job(max_attempts=2)
def write_file(path: str, text: str) -> dict[str, str]:
    Path(path).write_text(text)
    return {"wrote": path}
