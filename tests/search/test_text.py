"""Full text: case and accents, plurals, name above description, languages."""

from opensit.search.query import SearchParams, search


def ids(**kwargs) -> list[str]:
    return search(SearchParams(limit=100, **kwargs)).ids


def test_accents_and_case_are_ignored(catalog):
    assert catalog.castle.id in ids(q="CHATEAU chenonceau")
    assert catalog.castle.id in ids(q="château Chenonceau")
    assert catalog.hotel.id in ids(q="hotel univers")


def test_plural_and_accented_forms_meet(catalog):
    """The trail says "randonnée": the plural and the unaccented forms find it."""
    assert ids(q="randonnees") == [catalog.trail.id]
    assert ids(q="Randonnée") == [catalog.trail.id]


def test_prefix_matching(catalog):
    assert ids(q="chenon") == ids(q="chenonceau")


def test_name_ranks_above_description(catalog):
    """The castle has Chenonceau in its name, the trail only in its description."""
    found = ids(q="chenonceau")
    assert found == [catalog.castle.id, catalog.trail.id]
    assert catalog.draft.id not in found


def test_every_word_must_match(catalog):
    assert ids(q="château amboise") == [catalog.campsite.id]
    assert ids(q="château nowhereville") == []


def test_english_text_with_french_fallback(catalog):
    assert set(ids(q="castle", lang="en")) == {catalog.castle.id, catalog.concert.id}
    # No English text for the campsite: its French name is what English readers see.
    assert ids(q="camping", lang="en") == [catalog.campsite.id]


def test_text_combines_with_filters(catalog):
    assert ids(q="château", types=["accommodation"]) == [catalog.campsite.id]
    assert ids(q="château", communes=["41018"]) == [catalog.concert.id]
