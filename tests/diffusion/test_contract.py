"""The OpenAPI contract, checked by a real client: schemathesis generates requests from
`/api/v1/openapi.json` against a live server (bounded examples) and fails on any 5xx or any
response that does not conform to the schema. The write endpoints (/api/v1/write) get a real
partner token of the office, so they are exercised too (mostly 422s and 404s on generated
bodies and ids, which must never be 5xx)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opensit.diffusion import services
from opensit.diffusion.models import DiffusionProject
from opensit.network.permissions import Actor
from opensit.partners.tokens import create_token
from tests.diffusion.conftest import CASTLE, HOTEL

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.mark.django_db(transaction=True)
def test_openapi_contract_holds(live_server, publish, office_admin, network_admin):
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
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header", f"X-API-Key: {raw}",
            "--header", f"Authorization: Bearer {write_token}",
            "--checks", "not_a_server_error,response_schema_conformance",
            "--max-examples", "10",
            "--seed", "20261125",
            "--rate-limit", "2500/m",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
    token.refresh_from_db()
    assert token.last_used_at is not None  # the write endpoints were called with the token
