"""What `opensit import` says after a run: issues grouped by kind and field with counts, the
source fields no mapping reads, where to read every issue (`opensit import-report RUN`), and
'nothing imported' when the path held nothing the connector reads."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from opensit.connectors.management.commands._report import group_issues, issue_kind, issue_path
from opensit.connectors.models import ImportRun

ARCHIVE = "datatourisme/centre-val-de-loire-2020"
#: Real DATAtourisme records whose prices carry a maximum of 0 beside a minimum (4 + 1 + 1
#: price specifications), and a camping with none.
ZERO_MAXIMUM = [
    "objects/0/01/15-01db1d61-653d-3856-9e11-e4425ba246f8.json",
    "objects/3/36/15-3608301f-0644-3a59-9bdb-a1bdd94a75f4.json",
    "objects/b/be/15-be53ee16-2a19-33be-ba9b-63153343fc48.json",
    "objects/e/ed/15-ed17248a-105e-30f4-a7cb-e5af3ee67171.json",
]
MULTILANG = "apidae/sitra-api-v002-multilang-2014.json"


def test_paths_fold_their_list_positions():
    assert issue_path("offers[0].schema:priceSpecification[12]") == (
        "offers[].schema:priceSpecification[]"
    )
    assert issue_path("media.3.url") == "media[].url"
    assert issue_path("0.name") == "[].name"
    assert issue_path("description.fr") == "description.fr"
    assert issue_path("hasAddressCity.insee") == "hasAddressCity.insee"


def test_messages_group_without_the_values_they_quote():
    assert issue_kind("maximum price 0 with a minimum of 45.0: maximum ignored") == (
        "maximum price … with a minimum of …: maximum ignored"
    )
    assert issue_kind("invalid INSEE code '7501', kept in extra") == (
        issue_kind("invalid INSEE code '41269', kept in extra")
    )
    assert issue_kind("not an http(s) URL") == "not an http(s) URL"  # no value, unchanged


def test_groups_count_and_errors_come_first():
    rows = [
        ("warning", "a.json", "1", "media[0].url", "not an http(s) URL: 'ftp://x'"),
        ("warning", "b.json", "2", "media[3].url", "not an http(s) URL: 'file:///y'"),
        ("warning", "b.json", "2", "name.xx", "unknown language 'xx'"),
        ("error", "c.json", "", "", "invalid JSON: unexpected character: line 1 column 2"),
    ]
    groups = group_issues(rows)
    assert [(g.level, g.path, g.count) for g in groups] == [
        ("error", "", 1),
        ("warning", "media[].url", 2),
        ("warning", "name.xx", 1),
    ]
    assert groups[1].where == "a.json 1" and groups[1].kind == "not an http(s) URL: …"


@given(st.text(max_size=60), st.text(max_size=80))
def test_grouping_never_fails_on_any_path_or_message(path, message):
    (group,) = group_issues([("warning", "f", "1", path, message)])
    assert group.count == 1 and group.example == message


@pytest.fixture
def zero_maximum(shared_data: Path, tmp_path: Path) -> Path:
    """A folder of links to real records, read in place."""
    folder = tmp_path / "flux"
    for name in ZERO_MAXIMUM:
        link = folder / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(shared_data / ARCHIVE / name)
    return folder


@pytest.mark.django_db
def test_the_import_prints_warnings_grouped_by_kind_and_field(zero_maximum):
    out = StringIO()
    call_command("import", "datatourisme", str(zero_maximum), "--no-progress", stdout=out)
    text = out.getvalue()
    run = ImportRun.objects.get()
    assert (run.read, run.created, run.failed, run.warnings) == (4, 4, 0, 6)
    assert (
        "6× offers[].schema:priceSpecification[]: maximum price … with a minimum of …: "
        "maximum ignored (first: objects/0/01/15-01db1d61" in text
    )
    assert f"Every issue of this run: opensit import-report {run.pk}" in text
    assert "Status: Success" in text

    report = StringIO()
    call_command("import-report", str(run.pk), stdout=report)
    lines = [line for line in report.getvalue().splitlines() if "maximum ignored" in line]
    assert len(lines) == 6  # every one, with its file and field
    assert "offers[0].schema:priceSpecification[2]: maximum price 0 with a minimum of 655.0" in (
        report.getvalue()
    )


@pytest.mark.django_db
def test_only_the_first_kinds_are_printed_and_import_report_lists_them_all(zero_maximum):
    bad = zero_maximum / "objects" / "z-broken.json"
    bad.write_bytes(b"{oops")
    out = StringIO()
    with pytest.raises(CommandError, match="1 record failed") as failure:
        call_command("import", "datatourisme", str(zero_maximum), "--show", "1", stdout=out)
    assert failure.value.returncode == 1
    text = out.getvalue()
    assert "7 issues, by kind and field:" in text
    assert "error 1× (record): invalid JSON" in text and "z-broken.json" in text
    assert "maximum ignored" not in text and "… and 1 more kind of issue." in text
    run = ImportRun.objects.get()
    grouped = StringIO()
    call_command("import-report", str(run.pk), "--grouped", "--level", "warning", stdout=grouped)
    assert "6× offers[].schema:priceSpecification[]" in grouped.getvalue()
    assert "invalid JSON" not in grouped.getvalue()
    latest = StringIO()
    call_command("import-report", stdout=latest)
    assert "datatourisme" in latest.getvalue() and str(run.pk) in latest.getvalue()
    with pytest.raises(CommandError, match=f"No import run {run.pk + 1}"):
        call_command("import-report", str(run.pk + 1), stdout=StringIO())


@pytest.mark.django_db
def test_unknown_source_fields_are_listed_by_path_with_counts(shared_data):
    out = StringIO()
    call_command("import", "apidae", str(shared_data / MULTILANG), "--no-progress", stdout=out)
    text = out.getvalue()
    assert "source fields with no mapping (kept in the raw payload):" in text
    assert "100× identifierSitra1" in text and "30× visites" in text
    assert ImportRun.objects.get().unknown_keys["identifierSitra1"] == 100


@pytest.mark.django_db
def test_a_folder_with_nothing_the_connector_reads_says_so(shared_data, tmp_path):
    """Trail traces given to the Apidae connector: nothing read, and the command says what
    it found instead of 'Success' (exit 1: a wrong path in cron is noticed)."""
    folder = tmp_path / "traces"
    folder.mkdir()
    for name in ("trek.gpx", "trek.kml"):
        (folder / name).symlink_to(shared_data / "traces" / name)
    with pytest.raises(CommandError) as nothing:
        call_command("import", "apidae", str(folder), "--no-progress", stdout=StringIO())
    assert nothing.value.returncode == 1
    assert str(nothing.value) == (
        f"Nothing imported: {folder} holds nothing the apidae connector reads "
        "(found: 1 .gpx file, 1 .kml file)."
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    with override("fr"), pytest.raises(CommandError, match=r"\(trouvé : aucun fichier\)\.$"):
        call_command("import", "datatourisme", str(empty), "--no-progress", stdout=StringIO())


@pytest.mark.django_db
def test_an_empty_answer_of_a_known_format_is_not_an_error(shared_data):
    """numFound 0 is an Apidae answer with nothing in it: exit 0, no 'nothing imported'."""
    out = StringIO()
    call_command(
        "import", "apidae", str(shared_data / "apidae/apidae-api-v002-empty.json"), stdout=out
    )
    assert "Status: Success" in out.getvalue() and "Nothing imported" not in out.getvalue()


@pytest.mark.django_db
def test_the_report_in_french(zero_maximum):
    out = StringIO()
    with override("fr"):
        call_command("import", "datatourisme", str(zero_maximum), "--no-progress", stdout=out)
    text = out.getvalue()
    assert "6 problèmes, par type et par champ :" in text
    assert "avertissement 6× offers[].schema:priceSpecification[]" in text
    assert "Tous les problèmes de cet import : opensit import-report" in text
