"""The demo's diffusion project and API key: made by the diffusion services, validated, the key
stored hashed; the command prints the key, a curl line that the API answers with objects, and
the addresses to open, in French first."""

import hashlib
import shlex
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation

from opensit.core.models import AuditEntry
from opensit.demo.api_project import DEMO_API_KEY
from opensit.demo.loader import load_demo
from opensit.diffusion import services
from opensit.diffusion.models import ApiKey, DiffusionProject
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

pytestmark = pytest.mark.django_db


def _curl(out: str) -> tuple[str, str]:
    """The header and URL of the printed curl line."""
    line = next(line.strip() for line in out.splitlines() if line.strip().startswith("curl "))
    words = shlex.split(line)
    assert words[:2] == ["curl", "-H"] and len(words) == 4, words
    return words[2], words[3]


def test_project_validated_with_a_hashed_key():
    result = load_demo(date(2026, 12, 3))
    assert result.project.api_key == DEMO_API_KEY
    project = DiffusionProject.objects.get()
    assert project.organisation.slug == "ot-amboise"
    assert project.status == DiffusionProject.Status.ACTIVE and project.validated_at
    assert project.scope == DiffusionProject.Scope.ALL
    key = ApiKey.objects.get()
    assert key.project == project and key.revoked_at is None
    assert key.key_hash == hashlib.sha256(DEMO_API_KEY.encode()).hexdigest()
    secret = DEMO_API_KEY.partition(".")[2]
    assert not ApiKey.objects.filter(key_hash__contains=secret).exists()
    assert DEMO_API_KEY.startswith(key.prefix + ".")
    audited = AuditEntry.objects.filter(action__startswith="diffusion.", origin="demo")
    assert sorted(audited.values_list("action", flat=True)) == [
        "diffusion.key_create",
        "diffusion.project_create",
        "diffusion.project_status",
    ]


def test_printed_curl_line_works(client, capsys):
    call_command("demo", "--today", "2026-12-03", "--base-url", "http://127.0.0.1:8000/")
    out = capsys.readouterr().out
    assert f"  {DEMO_API_KEY}" in out
    header, url = _curl(out)
    assert header == f"X-API-Key: {DEMO_API_KEY}"
    assert url.startswith("http://127.0.0.1:8000/api/v1/objects?") and "open_on=2026-12-03" in url
    path = url.removeprefix("http://127.0.0.1:8000")
    answer = client.get(path, HTTP_X_API_KEY=header.partition(": ")[2])
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] >= 10 and len(body["items"]) == 5
    assert all(item["lang"] == "fr" for item in body["items"])
    assert client.get(path).status_code == 401  # the key is what opens it
    for address in ("/", "/admin/", "/django-admin/", "/api/v1/docs"):
        assert f"http://127.0.0.1:8000{address}\n" in out
    assert client.get("/api/v1/docs").status_code == 200


def test_key_printed_on_every_run_and_still_works(client, capsys):
    call_command("demo", "--today", "2026-12-03")
    capsys.readouterr()
    call_command("demo", "--today", "2026-12-10")  # a later run: the same key, still working
    out = capsys.readouterr().out
    header, url = _curl(out)
    assert header == f"X-API-Key: {DEMO_API_KEY}" and "open_on=2026-12-10" in url
    answer = client.get(url.partition("8000")[2], HTTP_X_API_KEY=DEMO_API_KEY)
    assert answer.status_code == 200 and answer.json()["total"] > 0
    assert ApiKey.objects.count() == 1 and DiffusionProject.objects.count() == 1


def test_french_first():
    with translation.override("fr"):
        from io import StringIO

        out = StringIO()
        call_command("demo", "--today", "2026-12-03", stdout=out)
    text = out.getvalue()
    assert "Catalogue de démonstration chargé : 73 objets, dont 70 publiés." in text
    assert "Ses dates sont calculées à partir du 3 décembre 2026." in text
    assert "Clé d'API de démonstration" in text
    assert "Adresses à ouvrir :" in text and "Documentation de l'API" in text


def test_a_revoked_key_is_reported_not_printed(capsys):
    load_demo(date(2026, 12, 3))
    office = Organisation.objects.get(slug="ot-amboise")
    admin = office.memberships.get(user__username="office-admin").user
    services.revoke_key(Actor.for_user(admin, office), ApiKey.objects.get())
    call_command("demo", "--today", "2026-12-03")
    out = capsys.readouterr().out
    assert "demo API key no longer works" in out
    assert DEMO_API_KEY not in out and "curl" not in out
