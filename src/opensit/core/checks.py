"""Deployment checks of the PostgreSQL server: the settings the API's speed depends on.

Debian's defaults (128 MB of shared buffers, random_page_cost 4, JIT on) made the API's p99
range from 95 ms to over a second between runs (bench/README.md), and a newcomer has exactly
those. Documenting them (docs/deployment.md) was not enough: `opensit check --deploy` and
`opensit serve` say so at start, with the setting to change.
"""

from collections.abc import Iterable
from typing import Any

from django.core import checks
from django.db import DatabaseError, connections
from django.utils.translation import gettext as _

#: The least shared_buffers in bytes before a warning: under it the search tables do not stay
#: in memory at 200,000 objects (about 1 GB of them on PostgreSQL).
MIN_SHARED_BUFFERS = 512 * 1024 * 1024
MAX_RANDOM_PAGE_COST = 2.0


def postgres_settings(alias: str = "default") -> dict[str, Any]:
    """The server's settings that matter, read from pg_settings (in bytes and numbers)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT name, setting, unit FROM pg_settings"
            " WHERE name IN ('shared_buffers', 'random_page_cost', 'jit')"
        )
        rows = cursor.fetchall()
    values: dict[str, Any] = {}
    for name, setting, unit in rows:
        if name == "shared_buffers":  # counted in blocks of `unit` (8kB)
            values[name] = int(setting) * _unit_bytes(unit)
        elif name == "random_page_cost":
            values[name] = float(setting)
        else:
            values[name] = setting == "on"
    return values


def _unit_bytes(unit: str | None) -> int:
    if not unit:
        return 1
    number = "".join(c for c in unit if c.isdigit()) or "1"
    scale = {"B": 1, "kB": 1024, "MB": 1024**2, "GB": 1024**3}[unit.lstrip("0123456789")]
    return int(number) * scale


def postgres_warnings(values: dict[str, Any], alias: str = "default") -> list[checks.Warning]:
    """The warnings for the settings read: each names the setting, its value and the advice."""
    found = []
    shared = values.get("shared_buffers")
    if shared is not None and shared < MIN_SHARED_BUFFERS:
        found.append(
            checks.Warning(
                _(
                    "PostgreSQL shared_buffers is %(value)d MB: the search tables will not stay"
                    " in memory."
                )
                % {"value": shared // (1024 * 1024)},
                hint=_("Set shared_buffers to about a quarter of the RAM (docs/deployment.md)."),
                id="opensit.W001",
                obj=alias,
            )
        )
    cost = values.get("random_page_cost")
    if cost is not None and cost > MAX_RANDOM_PAGE_COST:
        found.append(
            checks.Warning(
                _("PostgreSQL random_page_cost is %(value)s: the planner avoids the API's indexes.")
                % {"value": f"{cost:g}"},
                hint=_("Set random_page_cost = 1.1 on SSD or cached data (docs/deployment.md)."),
                id="opensit.W002",
                obj=alias,
            )
        )
    if values.get("jit"):
        found.append(
            checks.Warning(
                _("PostgreSQL jit is on: compiling a query costs more than answering it."),
                hint=_("Set jit = off (docs/deployment.md)."),
                id="opensit.W003",
                obj=alias,
            )
        )
    return found


def check_postgres(databases: Iterable[str] | None = None, **kwargs: Any) -> list[checks.Warning]:
    """Registered as a deployment check; also run by `opensit serve` at start."""
    found: list[checks.Warning] = []
    for alias in connections:
        if connections[alias].vendor != "postgresql":
            continue
        try:
            values = postgres_settings(alias)
        except DatabaseError:  # not reachable: the database checks say so on their own
            continue
        found += postgres_warnings(values, alias)
    return found
