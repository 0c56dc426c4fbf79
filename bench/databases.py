"""The benchmarks' databases: a SQLite file or a PostgreSQL database, made empty on request,
and the environment of a child process that uses it."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_url(engine: str, sqlite_file: Path, pg_url: str) -> str:
    return f"sqlite:///{sqlite_file}" if engine == "sqlite" else pg_url


def empty_database(url: str) -> None:
    """Remove a SQLite file (and its journal files) or drop and create a PostgreSQL database."""
    if url.startswith("sqlite:///"):
        db = Path(url.removeprefix("sqlite:///"))
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def environment(
    engine: str, sqlite_file: Path, pg_url: str, *, fresh: bool = True
) -> dict[str, str]:
    """The environment of a child process on that engine's database (emptied first if `fresh`)."""
    url = database_url(engine, sqlite_file, pg_url)
    if fresh:
        empty_database(url)
    return {
        **os.environ,
        "OPENSIT_HOME": str(ROOT),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "opensit.settings"),
        "OPENSIT_DATABASE_URL": url,
    }
