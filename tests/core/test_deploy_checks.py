"""`opensit check --deploy` warns about the PostgreSQL settings the API's speed depends on."""

import pytest
from django.core.management import call_command
from django.db import connection

from opensit.core.checks import (
    MIN_SHARED_BUFFERS,
    _unit_bytes,
    check_postgres,
    postgres_settings,
    postgres_warnings,
)

DEBIAN_DEFAULTS = {"shared_buffers": 128 * 1024**2, "random_page_cost": 4.0, "jit": True}
DOCUMENTED = {"shared_buffers": 4 * 1024**3, "random_page_cost": 1.1, "jit": False}


def test_debian_defaults_get_one_warning_per_setting():
    warnings = postgres_warnings(DEBIAN_DEFAULTS)
    assert [w.id for w in warnings] == ["opensit.W001", "opensit.W002", "opensit.W003"]
    assert "128 MB" in warnings[0].msg
    assert "random_page_cost is 4" in warnings[1].msg
    assert all("docs/deployment.md" in w.hint for w in warnings)


def test_the_documented_settings_get_none():
    assert postgres_warnings(DOCUMENTED) == []
    assert postgres_warnings({**DOCUMENTED, "shared_buffers": MIN_SHARED_BUFFERS}) == []


@pytest.mark.parametrize(
    ("unit", "size"), [("8kB", 8192), ("kB", 1024), ("MB", 1024**2), (None, 1)]
)
def test_pg_settings_units(unit, size):
    assert _unit_bytes(unit) == size


@pytest.mark.django_db
def test_the_server_settings_are_read_and_judged():
    if connection.vendor != "postgresql":
        assert check_postgres() == []  # SQLite: nothing to say
        return
    values = postgres_settings()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_bytes(current_setting('shared_buffers'))")
        assert values["shared_buffers"] == cursor.fetchone()[0]
        # Session settings show in pg_settings: the advice followed, its warnings go.
        cursor.execute("SET random_page_cost = 4; SET jit = on")
        assert {"opensit.W002", "opensit.W003"} <= {w.id for w in check_postgres()}
        cursor.execute("SET random_page_cost = 1.1; SET jit = off")
        assert not {"opensit.W002", "opensit.W003"} & {w.id for w in check_postgres()}
        cursor.execute("RESET random_page_cost; RESET jit")


@pytest.mark.django_db
def test_check_deploy_runs_it(capsys):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting check: run in the PostgreSQL pass")
    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    try:
        call_command("check", "--deploy", "--fail-level", "CRITICAL")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")
    assert "opensit.W003" in capsys.readouterr().err
