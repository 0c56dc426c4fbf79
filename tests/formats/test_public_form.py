"""One public form (`formats.public`): every format renders it and nothing else. Checked over
every object of the real samples (the DATAtourisme 2020 archive and the Apidae exports), and
as a property over generated documents: rendering a stored document or its public form gives
the same bytes in every format, and the JSON Lines export is the API's stored form itself."""

import io

import orjson
import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from opensit.catalog.models import TourismObject
from opensit.connectors.apidae import ApidaeConnector
from opensit.connectors.datatourisme import DataTourismeConnector
from opensit.connectors.engine import ImportEngine
from opensit.core.licences import is_restricted, licence_code
from opensit.diffusion.models import PublicDocument
from opensit.formats.export import write_export
from opensit.formats.public import PRIVATE_KEYS, as_public_form, is_public_form, public_form
from opensit.formats.registry import RENDERERS
from tests.conftest import SHARED_DATA
from tests.missing import unavailable
from tests.strategies import documents

ARCHIVE = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020"
APIDAE = SHARED_DATA / "apidae"


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    if not ARCHIVE.is_dir() or not APIDAE.is_dir():
        unavailable(f"real data samples not found at {SHARED_DATA} (clone ../shared beside)")
    with django_db_blocker.unblock():
        ImportEngine(DataTourismeConnector()).run(ARCHIVE)
        for path in sorted(APIDAE.glob("*.json")):
            ImportEngine(ApidaeConnector()).run(path)
        yield list(
            TourismObject.objects.filter(status=TourismObject.Status.PUBLISHED)
            .order_by("id")
            .values_list("document", flat=True)
        )
        call_command("flush", interactive=False, verbosity=0)


def assert_public(form: dict) -> None:
    """What the public form promises, checked on one form."""
    assert PRIVATE_KEYS.isdisjoint(form), sorted(PRIVATE_KEYS & form.keys())
    assert all("public" not in contact for contact in form["contacts"])
    every_medium = [
        *form["media"],
        *(m for aspect in (form.get("aspects") or {}).values() for m in aspect.get("media", [])),
    ]
    for medium in every_medium:
        assert not is_restricted(licence_code(medium["licence"])), medium["url"]
    assert is_public_form(form) and as_public_form(form) is form


@pytest.mark.django_db
def test_every_format_renders_the_public_form_of_every_real_object(imported):
    today = timezone.localdate()
    assert len(imported) > 2500
    forms = [public_form(document, today) for document in imported]
    for form in forms:
        assert_public(form)
    for name, renderer in sorted(RENDERERS.items()):
        for lang in ("fr", "en"):
            from_stored = renderer.render(imported, lang)
            assert from_stored == renderer.render(forms, lang), f"{name} ({lang})"
    assert any(d.get("private") for d in imported)  # the samples have private data to hide


@pytest.mark.django_db
def test_the_json_lines_export_is_the_api_stored_form(imported):
    """Line for line, `opensit export --format jsonl` is what `GET /api/v1/objects?lang=all`
    serves: the `PublicDocument` bodies rendered when the objects were written."""
    stored = dict(
        PublicDocument.objects.filter(lang=PublicDocument.ALL_LANGUAGES).values_list(
            "object_id", "body"
        )
    )
    out = io.BytesIO()
    result = write_export("jsonl", out)
    lines = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert result.objects == len(lines) == len(stored) == len(imported)
    for line in lines:
        assert line == orjson.loads(stored[line["id"]]), line["id"]


@pytest.mark.django_db  # renderers read vocabulary labels (cached once per process)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=documents())
def test_any_document_is_rendered_through_its_public_form(document):
    form = public_form(document)
    assert_public(form)
    assert public_form(document) == form  # a function of the document alone
    for name, renderer in RENDERERS.items():
        assert renderer.render([document], "fr") == renderer.render([form], "fr"), name
