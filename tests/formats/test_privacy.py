"""No format diffuses private data, closed-licence media or media past their publication end."""

import io

import pytest

from opensit.formats.export import write_export
from opensit.formats.registry import RENDERERS
from tests.formats.conftest import HIDDEN_EMAIL, LEAKS, OPEN_IMAGE

# Formats that carry the main image; iCalendar and GPX carry no images.
WITH_IMAGES = {"jsonld", "geojson", "csv", "jsonl"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_private_data_never_leaves(catalog, name):
    out = io.BytesIO()
    result = write_export(name, out, lang="fr")
    body = out.getvalue().decode()
    assert result.objects == 3  # published only: the draft and the tombstone stay home
    assert "Brouillon" not in body and "Musée supprimé" not in body
    for leak in LEAKS:
        assert leak not in body, f"{name} leaks {leak}"
    assert "provider_notes" not in body and "criteria" not in body
    if name in WITH_IMAGES:
        assert OPEN_IMAGE in body
    if name in ("jsonld", "jsonl", "csv"):
        assert "info@exemple.fr" in body and HIDDEN_EMAIL not in body
