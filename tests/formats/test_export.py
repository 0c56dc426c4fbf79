"""`opensit export`: the formats, the backup, the nightly dumps with their ETags, bad input."""

import gzip
import io

import orjson
import pytest
from django.core.management import CommandError, call_command

from opensit.catalog import services
from opensit.formats.registry import RENDERERS
from tests.formats.conftest import HIDDEN_EMAIL, SECRET_NOTE


@pytest.mark.django_db
def test_export_format_to_file(catalog, tmp_path):
    target = tmp_path / "catalog.geojson"
    stderr = io.StringIO()
    call_command(
        "export", "--format", "geojson", "--lang", "en", "--output", str(target), stderr=stderr
    )
    names = {f["properties"]["name"] for f in orjson.loads(target.read_bytes())["features"]}
    assert names == {"Hotel Univers", "Terres du Son festival", "Builders' trail"}
    assert "geojson: 3 features written, 3 objects read (" in stderr.getvalue()


@pytest.mark.django_db
def test_jsonl_backup_keeps_working(catalog, tmp_path):
    """The positional `jsonl` is the full backup that `import jsonl` reads back."""
    target = tmp_path / "backup.jsonl"
    call_command("export", "jsonl", "--all", "--output", str(target), stderr=io.StringIO())
    lines = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    assert len(lines) == 5  # draft and tombstone included with --all
    assert any(line.get("private", {}).get("notes") == SECRET_NOTE for line in lines)


@pytest.mark.django_db
def test_public_jsonl_format(catalog, tmp_path):
    target = tmp_path / "public.jsonl"
    call_command("export", "--format", "jsonl", "--output", str(target), stderr=io.StringIO())
    lines = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    assert sorted(line["name"]["fr"] for line in lines) == [
        "Festival Terres du Son",
        "Hôtel de l'Univers",
        "Sentier des Bâtisseurs",
    ]
    assert all("private" not in line for line in lines)
    assert HIDDEN_EMAIL not in target.read_text()


@pytest.mark.django_db
def test_bad_parameters_are_named(tmp_path):
    with pytest.raises(CommandError, match=r"Unknown format 'xml'.*jsonld, geojson"):
        call_command("export", "--format", "xml")
    with pytest.raises(CommandError, match="--format"):
        call_command("export")
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export", "--format", "csv", "--output", str(tmp_path / "no" / "such.csv"))


@pytest.mark.django_db
def test_unknown_selection_is_named():
    with pytest.raises(CommandError, match="Unknown selection 'nope' \\(--selection\\)"):
        call_command("export", "--format", "csv", "--selection", "nope")


@pytest.mark.django_db
def test_selection_restricts_the_export(catalog, office, tmp_path):
    from opensit.diffusion.models import Selection

    Selection.objects.create(
        slug="hebergements",
        name="Hébergements",
        organisation=office,
        kind=Selection.Kind.LIST,
        object_ids=[catalog["hotel"].id],
    )
    target = tmp_path / "selection.csv"
    call_command(
        "export",
        "--format",
        "csv",
        "--selection",
        "hebergements",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    rows = target.read_text().splitlines()
    assert len(rows) == 2 and "Hôtel de l'Univers" in rows[1]


@pytest.mark.django_db
def test_nightly_dumps_and_etags(catalog, editor, tmp_path):
    call_command("export", "nightly", "--output-dir", str(tmp_path), stderr=io.StringIO())
    index = orjson.loads((tmp_path / "index.json").read_bytes())
    entries = {entry["format"]: entry for entry in index["files"]}
    assert set(entries) == set(RENDERERS)
    for name, entry in entries.items():
        path = tmp_path / entry["file"]
        assert (tmp_path / f"{entry['file']}.etag").read_text().strip() == entry["etag"]
        assert entry["bytes"] == path.stat().st_size
        assert len(gzip.decompress(path.read_bytes())) == entry["uncompressed_bytes"]
        assert entry["objects"] == 3, name
    csv_text = gzip.decompress((tmp_path / "opensit.csv.gz").read_bytes()).decode()
    assert "Sentier des Bâtisseurs" in csv_text

    # Nothing changed: byte-identical dumps, same ETags.
    call_command("export", "nightly", "--output-dir", str(tmp_path), stderr=io.StringIO())
    again = {
        e["format"]: e["etag"]
        for e in orjson.loads((tmp_path / "index.json").read_bytes())["files"]
    }
    assert again == {name: entry["etag"] for name, entry in entries.items()}

    # One object renamed: every dump carrying it gets a new ETag.
    hotel = catalog["hotel"]
    hotel.refresh_from_db()
    services.update_object(editor, hotel, {**hotel.document, "name": {"fr": "Grand Hôtel"}})
    call_command("export", "nightly", "--output-dir", str(tmp_path), stderr=io.StringIO())
    changed = {
        e["format"]: e["etag"]
        for e in orjson.loads((tmp_path / "index.json").read_bytes())["files"]
    }
    for name in ("jsonld", "geojson", "csv", "jsonl"):
        assert changed[name] != entries[name]["etag"], name
    assert changed["gpx"] == entries["gpx"]["etag"]  # the hotel is no itinerary


@pytest.mark.django_db
def test_nightly_defaults_to_the_dump_dir_setting(catalog, settings, tmp_path):
    settings.OPENSIT_DUMP_DIR = tmp_path / "dumps"
    call_command("export", "nightly", stderr=io.StringIO())
    index = orjson.loads((tmp_path / "dumps" / "index.json").read_bytes())
    assert {entry["format"] for entry in index["files"]} == set(RENDERERS)
