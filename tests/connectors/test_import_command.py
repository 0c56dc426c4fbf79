"""`opensit import` tells cron how the run went: exit 0 only when every record imported."""

from io import StringIO
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import override

from opensit.catalog.models import TourismObject
from opensit.connectors.models import ImportRun
from tests.factories import rich_document

pytestmark = pytest.mark.django_db


def _jsonl(tmp_path: Path, *lines: bytes) -> Path:
    path = tmp_path / "objects.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _line(object_id: str, name: str) -> bytes:
    return orjson.dumps({"id": object_id, **rich_document("museum", name)})


def test_a_clean_run_exits_zero(tmp_path):
    out = StringIO()
    call_command("import", "jsonl", str(_jsonl(tmp_path, _line("OS-1", "Musée"))), stdout=out)
    assert "Status: Success" in out.getvalue()
    assert TourismObject.objects.filter(pk="OS-1").exists()


def test_failed_records_make_a_non_zero_exit_after_the_summary(tmp_path):
    """One bad line among good ones: the others import, the summary is printed, and the
    command fails (exit 1) so that cron and monitoring notice."""
    path = _jsonl(tmp_path, _line("OS-1", "Musée"), b'{"id": "OS-2", "type": "nope"}', b"{oops")
    out = StringIO()
    with pytest.raises(CommandError, match="2 records failed") as failure:
        call_command("import", "jsonl", str(path), "--no-progress", stdout=out)
    assert failure.value.returncode == 1
    summary = out.getvalue()
    assert "Status: Finished with errors" in summary and "objects.jsonl:3" in summary
    assert TourismObject.objects.filter(pk="OS-1").exists()
    assert ImportRun.objects.get().status == ImportRun.Status.PARTIAL


def test_the_exit_code_reaches_the_shell(tmp_path):
    """Through Django's command line (what `opensit import` runs), the error is exit status 1."""
    path = _jsonl(tmp_path, b"{oops")
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["opensit", "import", "jsonl", str(path), "--no-progress"]).execute()
    assert exit_.value.code == 1


def test_the_failure_is_said_in_french(tmp_path):
    path = _jsonl(tmp_path, b"{oops")
    with override("fr"), pytest.raises(CommandError, match=r"^1 enregistrement en échec"):
        call_command("import", "jsonl", str(path), "--no-progress", stdout=StringIO())
