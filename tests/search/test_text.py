"""Full text: case and accents, plurals, name above description, languages."""

import json

from django.db import connection

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


def test_languages_without_columns_search_every_language(catalog, tours_editor, settings):
    """German and Dutch texts have no columns of their own: a query in such a language reads
    every language (French and English included); a French query reads French only."""
    from opensit.catalog import services

    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "Deutsch"), ("nl", "Nederlands")]
    mill = services.publish(
        tours_editor,
        services.create_object(
            tours_editor,
            {
                "type": "castle",
                "name": {"fr": "Moulin de Vernou", "de": "Wassermühle Vernou"},
                "description": {"fr": "Un moulin sur la Brenne.", "nl": "Een watermolen."},
                "location": {"commune": {"insee": "37270", "name": "Vernou-sur-Brenne"}},
            },
        ),
    )
    assert ids(q="wassermuhle", lang="de") == [mill.id]
    assert ids(q="watermolen", lang="de") == [mill.id]
    assert ids(q="moulin brenne", lang="de") == [mill.id]
    assert ids(q="watermolen", lang="fr") == [] and ids(q="wassermuhle", lang="fr") == []
    assert ids(q="moulin brenne", lang="fr") == [mill.id]
    # The name ranks above the description in every language.
    assert ids(q="chenonceau", lang="de") == [catalog.castle.id, catalog.trail.id]
    # The `all` fields hold every language; fr holds French only.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.body FROM search_document d"
            " JOIN search_entry e ON e.id = d.entry_id WHERE e.object_id = %s",
            [mill.id],
        )
        body = json.loads(cursor.fetchone()[0])
    assert "Wassermühle Vernou" in body["name_all"] and "Een watermolen." in body["text_all"]
    assert body["name_fr"] == "Moulin de Vernou" and "watermolen" not in body["text_fr"]
