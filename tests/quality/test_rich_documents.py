"""Quality on documents as rich as real ones (tests/factories.py): a complete object scores 100
with no warning, and what the public cannot see does not make an object complete."""

import pytest

from opensit.network.models import Commune
from opensit.quality.completeness import completeness
from opensit.quality.models import ObjectQuality
from tests.factories import POINTS, TOURS, create_rich, rich_document

TYPES = ("hotel", "festival", "walking_tour", "museum", "restaurant", "campsite")


@pytest.mark.parametrize("type_code", TYPES)
def test_a_rich_document_is_complete(settings, type_code):
    settings.LANGUAGES = [("fr", "French"), ("en", "English")]
    assert completeness(rich_document(type_code, "Objet")) == (100, [])


@pytest.mark.django_db
def test_a_rich_object_is_stored_complete_and_without_warnings(org_factory):
    Commune.objects.create(insee=TOURS["insee"], name="Tours", latitude=POINTS["37261"][0],
                           longitude=POINTS["37261"][1])  # fmt: skip
    obj = create_rich(org_factory("ot-tours"))
    quality = ObjectQuality.objects.get(object=obj)
    assert (quality.score, quality.missing, quality.warnings) == (100, [], [])


def test_private_contacts_do_not_count(settings):
    """A contact marked `public: False` is never diffused: an object whose only contacts are
    private gives the public no way to reach it, so "contacts" is still missing."""
    settings.LANGUAGES = [("fr", "French"), ("en", "English")]
    document = rich_document("hotel", "Objet")
    document["contacts"] = [c for c in document["contacts"] if c.get("public") is False]
    score, missing = completeness(document)
    assert missing == ["contacts"] and score < 100
