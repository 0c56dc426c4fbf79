"""Writes on the replica tests' primary, through the catalog's services, from a process of its
own (the test process's Django speaks to the suite's database, not to these clusters).

`python -m tests.replicas.driver` with OPENSIT_DATABASE_URL set to the primary reads one JSON
command a line on stdin and answers one JSON line on stdout:

- `{"op": "setup"}`: a network, an office with an editor, an active premium diffusion project
  and its key, a write-API token of the office: `{"key": ..., "token": ...}`;
- `{"op": "publish", "name": ...}`: a new published object: `{"id": ...}`;
- `{"op": "hold", "name": ...}`: the same inside a transaction left open (`{"id": ...}`) until
  the next line, `{"op": "commit"}` (`{"committed": true}`).
"""

import json
import sys
from typing import Any

import django


def _document(name: str) -> dict[str, Any]:
    return {
        "type": "hotel",
        "name": {"fr": name},
        "location": {
            "commune": {"insee": "37261", "name": "Tours"},
            "latitude": 47.39,
            "longitude": 0.69,
        },
    }


def main() -> None:
    django.setup()
    from django.db import transaction

    from opensit.catalog import services as catalog
    from opensit.diffusion import services as diffusion
    from opensit.network.models import Commune
    from opensit.network.permissions import Actor
    from opensit.partners import tokens
    from tests import factories

    state: dict[str, Any] = {}

    def publish(name: str) -> str:
        editor = state["editor"]
        return catalog.publish(editor, catalog.create_object(editor, _document(name))).id

    def answer(data: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()

    for line in sys.stdin:
        command = json.loads(line)
        op = command["op"]
        if op == "setup":
            Commune.objects.get_or_create(
                insee="37261", defaults={"name": "Tours", "department": "37"}
            )
            board = factories.organisation("crt-centre", "regional_board", is_network_admin=True)
            tours = factories.organisation("ot-tours")
            tours.communes.add("37261")
            admin = factories.member(board, "admin")
            state["editor"] = factories.member(tours, "editor")
            project = factories.live_project(admin, admin, "Site", tier="premium")
            _key, key = diffusion.create_key(admin, project, "site")
            _token, token = tokens.create_token(Actor.system(), tours, "tours")
            answer({"key": key, "token": token})
        elif op == "setup-editor":
            from opensit.network.models import Organisation

            state["editor"] = factories.member(Organisation.objects.get(slug="ot-tours"), "editor")
            answer({"ready": True})
        elif op == "publish":
            answer({"id": publish(command["name"])})
        elif op == "hold":
            with transaction.atomic():
                answer({"id": publish(command["name"])})
                follow = json.loads(sys.stdin.readline())
                assert follow["op"] == "commit", follow
            answer({"committed": True})
        else:
            answer({"error": f"unknown op {op}"})


if __name__ == "__main__":
    main()
