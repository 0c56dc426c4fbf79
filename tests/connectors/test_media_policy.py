"""Media licences and the per-source media policy, on the real samples: the whole DATAtourisme
2020 archive and every Apidae sample imported with the default policy (once for the module,
flushed at the end; each test runs in its own rolled-back transaction on top of it).

Before this policy, no Apidae image and only the DATAtourisme images flagged "oui" reached the
public form (2,844 of 10,229 DATAtourisme images, 0 of 289 Apidae ones); now every image does
except those whose publication end has passed (4,906 and 288).
"""

from datetime import date
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from opensit.catalog.models import TourismObject
from opensit.connectors import media_policy
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.connectors.models import ImportIssue, ImportRun, SourcePolicy, SourceRecord
from opensit.core.audit import AuditEntry
from opensit.core.licences import LICENCES
from opensit.formats.public import is_diffusable_medium, public_form
from opensit.network.permissions import Actor
from opensit.quality.completeness import completeness
from tests.conftest import SHARED_DATA
from tests.missing import unavailable

pytestmark = [pytest.mark.django_db]

ARCHIVE = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
APIDAE = SHARED_DATA / "apidae"
DATA = "https://data.datatourisme.gouv.fr/15/"
CABANE = "objects/0/02/15-0271dda8-03f9-31af-a3ed-ea79a637f0a5.json"  # no isCoveredBy
BLINERIE = "objects/0/04/15-04497a49-3de4-381d-b657-fa9095fdc375.json"  # "oui", until 2030
BIEN_VIVRE = "objects/3/3f/15-3fdba0b5-ffb8-32e3-a18d-632e2400e2bf.json"  # ended 2018-10-31
MULTILANG = "sitra-api-v002-multilang-2014.json"
TREK = "apidae-api-v002-trek-trimmed.json"


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    if not ARCHIVE.is_dir() or not APIDAE.is_dir():
        unavailable(f"real data samples not found at {SHARED_DATA} (clone ../shared beside)")
    with django_db_blocker.unblock():
        runs = [ImportEngine(DataTourismeConnector()).run(ARCHIVE)]
        runs += [ImportEngine(ApidaeConnector()).run(p) for p in sorted(APIDAE.glob("*.json"))]
        yield runs
        call_command("flush", interactive=False, verbosity=0)


def _dt(source_file: str) -> dict:
    source_id = DATA + source_file.rsplit("/", 1)[1].removeprefix("15-").removesuffix(".json")
    return TourismObject.objects.get(source_system="datatourisme", source_id=source_id).document


def _apidae(apidae_id: int) -> dict:
    return TourismObject.objects.get(source_system="apidae", source_id=str(apidae_id)).document


def _public_images(doc: dict) -> list[dict]:
    return [m for m in public_form(doc).get("media", []) if m["kind"] == "image"]


def _by_url(media: list[dict], url: str) -> dict:
    return next(m for m in media if m["url"] == url)


def test_the_samples_import_cleanly(imported):
    assert all(run.status == ImportRun.Status.SUCCESS for run in imported)


def test_a_datatourisme_image_without_licence_gets_the_network_terms(imported):
    """No `ebucore:isCoveredBy`: the producer gave the photo to the network, which diffuses it
    with its credit under its terms (it used to be left out of every output)."""
    image = _public_images(_dt(CABANE))[0]
    assert (
        image["url"]
        == "https://centre.media.tourinsoft.eu/upload/Cabane-de-vigne---Andre-Fouassier-Lye.jpg"
    )
    assert image["credit"] == "André Fouassier"
    assert (image["licence"]["code"], image["licence_origin"]) == ("network-terms", "policy")
    assert image["licence"]["open"] is False  # the public form describes the licence
    assert image["publication_end"] == "2050-12-31"


def test_a_datatourisme_yes_flag_is_the_producers_rights(imported):
    image = _by_url(
        _public_images(_dt(BLINERIE)),
        "https://centre.media.tourinsoft.eu/upload/Blinerie-Maison-1-2.jpg",
    )
    assert (image["credit"], image["licence"]["code"]) == ("La Blinerie", "source-rights")
    assert image["licence_origin"] == "source"


def test_an_image_whose_rights_ended_stays_out(imported):
    doc = _dt(BIEN_VIVRE)
    ended = _by_url(doc["media"], "https://centre.media.tourinsoft.eu/upload/CIMG7201.JPG")
    assert (ended["publication_end"], ended["credit"]) == ("2018-10-31", "Domaine-du-bien-vivre")
    assert ended["url"] not in {m["url"] for m in public_form(doc)["media"]}
    assert is_diffusable_medium(ended, date(2018, 10, 31))  # the last day still diffused


def test_an_apidae_copyright_is_the_credit_and_the_network_terms_the_licence(imported):
    image = _public_images(_apidae(332248))[0]
    assert image["url"] == (
        "http://static.sitra-tourisme.com/filestore/objets-touristiques/images/554846.jpg"
    )
    assert image["credit"] == "©barbeguillaume"
    assert (image["licence"]["code"], image["licence_origin"]) == ("network-terms", "policy")
    assert image["licence"]["open"] is False  # the public form describes the licence


def test_an_apidae_publication_limit_keeps_the_image_out(imported):
    doc = _apidae(123123)
    ended = _by_url(doc["media"], "https://example.net/another_picture.jpg")
    assert ended["publication_end"] == "2002-08-23"  # dateLimiteDePublication
    assert ended["credit"] == "This picture should not be imported"
    kept = [m["url"] for m in _public_images(doc)]
    assert kept == ["https://example.net/a_picture.jpg"]


def test_images_diffused_before_and_after(imported):
    """Every image of the samples is diffused but those whose end date has passed (nothing
    in the samples is restricted by its producer). Counted on the public form."""
    today = timezone.localdate()
    counts = {}
    for system in ("datatourisme", "apidae"):
        total = diffused = 0
        for doc in TourismObject.objects.filter(source_system=system).values_list(
            "document", flat=True
        ):
            images = [m for m in doc.get("media", []) if m["kind"] == "image"]
            public = [m for m in public_form(doc, today).get("media", []) if m["kind"] == "image"]
            public_urls = {m["url"] for m in public}
            out = [m for m in images if m["url"] not in public_urls]
            assert all(date.fromisoformat(m["publication_end"]) < today for m in out), out
            assert all(m["licence"] in LICENCES and m["licence_origin"] for m in images)
            total, diffused = total + len(images), diffused + len(public)
        counts[system] = (total, diffused)
    assert counts["apidae"] == (289, 288)
    dt_total, dt_diffused = counts["datatourisme"]
    assert dt_total == 10229 and 4800 < dt_diffused < dt_total


# -- restrictions and policies ----------------------------------------------------------------


def _variant(tmp_path: Path, source_file: str, suffix: str, covered_by: object) -> Path:
    """A real record under a new id, with its main image's `ebucore:isCoveredBy` changed."""
    payload = orjson.loads((ARCHIVE / source_file).read_bytes())
    payload["@id"] += suffix
    annotation = payload["hasMainRepresentation"][0]["ebucore:hasAnnotation"][0]
    annotation["ebucore:isCoveredBy"] = covered_by
    folder = tmp_path / suffix
    folder.mkdir()
    (folder / "record.json").write_bytes(orjson.dumps(payload))
    return folder


def _main_image(source_file: str, suffix: str) -> dict:
    doc = _dt(source_file.replace(".json", suffix + ".json"))
    return next(m for m in doc["media"] if m.get("main"))


def _import_dt(path: Path, **kwargs) -> ImportRun:
    run = ImportEngine(DataTourismeConnector(), **kwargs).run(path)
    assert run.status == ImportRun.Status.SUCCESS
    return run


def test_a_no_rights_flag_stays_out(imported, tmp_path):
    _import_dt(_variant(tmp_path, BLINERIE, "-no", "non"))
    main = _main_image(BLINERIE, "-no")
    assert (main["licence"], main["credit"]) == ("no-diffusion-rights", "La Blinerie")
    doc = _dt(BLINERIE.replace(".json", "-no.json"))
    assert main["url"] not in {m["url"] for m in public_form(doc)["media"]}


def test_a_creative_commons_string_reaches_the_public_form(imported, tmp_path):
    _import_dt(_variant(tmp_path, BLINERIE, "-nc", "By-NC-ND 4.0"))
    main = _main_image(BLINERIE, "-nc")
    assert (main["licence"], main["licence_origin"]) == ("cc-by-nc-nd-4.0", "source")
    doc = _dt(BLINERIE.replace(".json", "-nc.json"))
    assert main["url"] in {m["url"] for m in public_form(doc)["media"]}


def test_all_rights_reserved_follows_the_source_policy(imported, tmp_path):
    _import_dt(_variant(tmp_path, BLINERIE, "-arr", "Tous droits réservés"))
    main = _main_image(BLINERIE, "-arr")
    assert (main["licence"], main["licence_origin"]) == ("network-terms", "policy")
    assert main["rights"] == "All rights reserved" and main["credit"] == "La Blinerie"

    media_policy.save_policy(Actor.system(), "datatourisme", reserved="withhold")
    assert not SourceRecord.objects.filter(system="datatourisme", mapping_version__gt=0).exists()
    _import_dt(_variant(tmp_path, BLINERIE, "-arr2", "Tous droits réservés"))
    withheld = _main_image(BLINERIE, "-arr2")
    assert (withheld["licence"], withheld["licence_origin"]) == ("all-rights-reserved", "source")
    doc = _dt(BLINERIE.replace(".json", "-arr2.json"))
    assert withheld["url"] not in {m["url"] for m in public_form(doc)["media"]}


def test_an_unknown_licence_is_a_warning_naming_record_and_field(imported, tmp_path):
    run = _import_dt(_variant(tmp_path, BLINERIE, "-odd", "Licence maison n°7"))
    main = _main_image(BLINERIE, "-odd")
    assert (main["licence"], main["rights"]) == ("network-terms", "Licence maison n°7")
    issue = ImportIssue.objects.get(run=run, field__endswith=".licence")
    assert issue.source_id.endswith("04497a49-3de4-381d-b657-fa9095fdc375-odd")
    assert issue.field == "media[0].licence" and "Licence maison n°7" in issue.message


def test_a_source_policy_changes_the_licence_of_its_media(imported):
    media_policy.save_policy(Actor.system(), "apidae", licence="etalab-2.0")
    run = ImportEngine(ApidaeConnector()).run(APIDAE / MULTILANG)
    assert run.status == ImportRun.Status.SUCCESS and run.unchanged == 0  # re-mapped
    image = _public_images(_apidae(332248))[0]
    assert (image["licence"]["code"], image["licence_origin"]) == ("etalab-2.0", "policy")
    assert image["credit"] == "©barbeguillaume"
    # the other source keeps the default
    assert media_policy.policy_for("datatourisme").licence == "network-terms"
    entry = AuditEntry.objects.get(action="connectors.source_policy")
    assert entry.data["media_licence"] == "etalab-2.0" and entry.data["system"] == "apidae"


def test_a_policy_withholding_every_unlicensed_medium(imported):
    media_policy.save_policy(Actor.system(), "apidae", licence="all-rights-reserved")
    media_policy.save_policy(Actor.system(), "apidae", reserved="withhold")
    ImportEngine(ApidaeConnector()).run(APIDAE / MULTILANG)
    assert _public_images(_apidae(332248)) == []
    assert _apidae(332248)["media"][0]["credit"] == "©barbeguillaume"  # kept, not diffused


def test_an_owner_policy_wins_for_its_imports(imported, org_factory):
    office = org_factory("ot-oisans")
    media_policy.save_policy(Actor.system(), "apidae", licence="etalab-2.0")
    media_policy.save_policy(Actor.system(), "apidae", office, licence="cc-by-4.0")
    assert media_policy.policy_for("apidae", office).licence == "cc-by-4.0"
    assert media_policy.policy_for("apidae").licence == "etalab-2.0"
    assert media_policy.policy_for("apidae", org_factory("other")).licence == "etalab-2.0"
    assert SourcePolicy.objects.filter(system="apidae").count() == 2


def test_the_default_comes_from_the_settings(imported, settings):
    settings.OPENSIT_MEDIA_DEFAULT_LICENCE = "etalab-2.0"
    assert media_policy.policy_for("apidae") == media_policy.MediaPolicy("etalab-2.0", "network")


def test_completeness_counts_only_diffused_images(imported):
    doc = _dt(BIEN_VIVRE)
    ended = _by_url(doc["media"], "https://centre.media.tourinsoft.eu/upload/CIMG7201.JPG")
    assert "media.image" in completeness({**doc, "media": [ended]})[1]
    live = _public_images(_dt(CABANE))[0]
    assert "media.image" not in completeness({**doc, "media": [ended, live]})[1]


# -- the command line and the admin -----------------------------------------------------------


def test_cli_sets_and_shows_a_policy(imported, capsys):
    call_command("source-policy", "apidae", "--media-licence", "etalab-2.0")
    row = SourcePolicy.objects.get(system="apidae", owner=None)
    assert (row.media_licence, row.reserved_media) == ("etalab-2.0", "network")
    call_command("source-policy", "apidae", "--reserved-media", "withhold")
    row.refresh_from_db()
    assert (row.media_licence, row.reserved_media) == ("etalab-2.0", "withhold")
    call_command("source-policy")
    shown = capsys.readouterr().out
    assert "etalab-2.0" in shown and "withhold" in shown and "network-terms" in shown
    call_command("source-policy", "--licences")
    assert "cc-by-nc-nd-4.0" in capsys.readouterr().out


def test_cli_refuses_an_unknown_licence(imported):
    with pytest.raises(CommandError, match="cc-by-9"):
        call_command("source-policy", "apidae", "--media-licence", "cc-by-9")
    assert not SourcePolicy.objects.exists()


def test_admin_edits_a_policy(imported, admin_client):
    assert admin_client.get("/django-admin/connectors/sourcepolicy/add/").status_code == 200
    response = admin_client.post(
        "/django-admin/connectors/sourcepolicy/add/",
        {
            "system": "apidae",
            "owner": "",
            "media_licence": "cc-by-4.0",
            "reserved_media": "network",
        },
    )
    assert response.status_code == 302
    assert SourcePolicy.objects.get(system="apidae").media_licence == "cc-by-4.0"
    assert AuditEntry.objects.filter(action="connectors.source_policy").count() == 1
    assert media_policy.policy_for("apidae").licence == "cc-by-4.0"


def test_import_command_saves_the_media_licence(imported):
    call_command(
        "import",
        "apidae",
        str(APIDAE / MULTILANG),
        "--media-licence",
        "cc-by-sa-4.0",
        "--no-progress",
    )
    assert SourcePolicy.objects.get(system="apidae", owner=None).media_licence == "cc-by-sa-4.0"
    image = _public_images(_apidae(332248))[0]
    assert (image["licence"]["code"], image["licence_origin"]) == ("cc-by-sa-4.0", "policy")
    with pytest.raises(CommandError, match="nonsense"):
        call_command("import", "apidae", str(APIDAE / MULTILANG), "--media-licence", "nonsense")


def test_messages_in_french(imported):
    with translation.override("fr"), pytest.raises(CommandError, match="code de licence inconnu"):
        call_command("source-policy", "apidae", "--media-licence", "cc-by-9")
    with translation.override("fr"):
        assert str(SourcePolicy._meta.verbose_name_plural) == "politiques des médias des sources"
