"""The OpenAPI contract, checked by a real client: schemathesis generates requests from
`/api/v1/openapi.json` against a live server and runs every check (`--checks all`): no 5xx,
documented status codes, content types, headers and bodies, schema-valid requests accepted and
invalid ones refused, links between operations, authentication. The write endpoints
(/api/v1/write) get a real partner token of the office, so they are exercised too.

Exceptions JSON Schema cannot express are in `schemathesis.toml` beside this file, each with
its reason. The run is bounded (`--max-examples`) and runs once per CI run: it checks the HTTP
contract, not the database engine, so the PostgreSQL pass skips it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from opensit.diffusion import services
from opensit.diffusion.models import DiffusionProject
from opensit.network.permissions import Actor
from opensit.partners.tokens import create_token
from tests.diffusion.conftest import CASTLE, HOTEL

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = 10  # per operation and phase: the run stays within a minute or two


@pytest.mark.django_db(transaction=True)
def test_openapi_contract_holds(live_server, publish, office_admin, network_admin):
    if connection.vendor != "sqlite":
        pytest.skip(
            "the HTTP contract does not depend on the database engine: checked once per CI run, "
            "in the SQLite pass"
        )
    if not SCHEMATHESIS.exists() and not shutil.which("schemathesis"):
        pytest.fail("schemathesis is a dev dependency: run `make dev`")
    hotel = publish(HOTEL)
    publish(CASTLE)
    project = services.create_project(office_admin, "Contract", url="https://contract.example")
    project = services.validate_project(network_admin, project)
    DiffusionProject.objects.filter(pk=project.pk).update(tier="premium")
    services.create_selection(office_admin, "hotels", "Hotels", object_ids=[hotel.id])
    _key, raw = services.create_key(office_admin, project, "contract")
    token, write_token = create_token(Actor.system(), office_admin.organisation, "contract")
    result = subprocess.run(
        [
            str(SCHEMATHESIS if SCHEMATHESIS.exists() else shutil.which("schemathesis")),
            "--config-file", str(CONFIG),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header", f"X-API-Key: {raw}",
            "--header", f"Authorization: Bearer {write_token}",
            "--checks", "all",
            "--max-examples", str(MAX_EXAMPLES),
            "--seed", "20261125",
            "--rate-limit", "2500/m",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
    token.refresh_from_db()
    assert token.last_used_at is not None  # the write endpoints were called with the token
