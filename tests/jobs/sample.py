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


@job(max_attempts=1)
def hold(started: str, release: str, done: str) -> str:
    """Says it started, waits (bounded) until the test releases it, then says it finished:
    a job that is running when the worker is told to stop."""
    import time

    Path(started).write_text("started")
    deadline = time.monotonic() + 60
    while not Path(release).exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    Path(done).write_text("done")
    return "done"


@job(max_attempts=3, backoff_base=timedelta(0))
def wait_for_file(started: str, release: str, done: str) -> str:
    """Notes each attempt in `started`, waits (bounded) for `release`, then writes `done`: a
    job the test keeps running while it kills its worker, or not. Retried at once."""
    import time

    with Path(started).open("a") as out:
        out.write("attempt\n")
    deadline = time.monotonic() + 90
    while not Path(release).exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    Path(done).write_text("done")
    return "done"
