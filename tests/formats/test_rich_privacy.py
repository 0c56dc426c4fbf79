"""No format diffuses the private parts of documents as rich as real ones (tests/factories.py):
private contacts with labels, private notes and criteria, unknown source keys kept in `extra`,
for local and imported objects, events and trails."""

import io

import pytest

from opensit.formats.export import write_export
from opensit.formats.registry import RENDERERS
from tests.factories import SECRETS, create_rich, extra, imported_document, rich_document

#: Values that exist only in `extra` (source leftovers, never diffused).
SOURCE_ONLY = ("Logis Hôtels", "dureeSeance", "membreProprietaire", "OT Val de Loire")


@pytest.fixture
def rich_catalog(org_factory) -> list:
    office = org_factory("ot-touraine")
    return [
        create_rich(office, rich_document("hotel", "Hôtel du Cygne")),
        create_rich(office, rich_document("festival", "Festival de Loire")),
        create_rich(office, rich_document("walking_tour", "Sentier des Coteaux")),
        create_rich(office, imported_document("campsite", "Camping de l'Île", source_id="c-1")),
    ]


def test_the_leftovers_checked_are_in_the_documents():
    text = str(extra())
    assert all(value in text for value in SOURCE_ONLY)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RENDERERS))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_rich_private_parts_never_leave(rich_catalog, name, lang):
    out = io.BytesIO()
    result = write_export(name, out, lang=lang)
    body = out.getvalue().decode()
    assert result.objects == len(rich_catalog)
    for secret in (*SECRETS, *SOURCE_ONLY):
        assert secret not in body, f"{name} ({lang}) leaks {secret!r}"
