"""Edits as paths (catalog.patch): properties over arbitrary JSON documents (Hypothesis), and
the merge of a save based on an old version."""

from hypothesis import given, settings
from hypothesis import strategies as st

from opensit.catalog import patch

KEYS = st.sampled_from(["name", "fr", "en", "contacts", "value", "label", "media", "a", "b"])
SCALARS = st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=4)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(KEYS, JSON, max_size=5)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, DOCUMENTS)
def test_applying_the_changes_from_a_to_b_gives_b(a, b):
    assert patch.apply(a, patch.changes(a, b)) == b


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_a_document_has_no_change_from_itself_and_apply_copies(a):
    assert patch.changes(a, a) == []
    copy = patch.apply(a, [])
    assert copy == a and (copy is not a or a == {})


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, DOCUMENTS)
def test_a_rebase_on_an_unchanged_base_is_the_edit(base, edited):
    merged, collisions = patch.rebase(base, edited, base)
    assert (merged, collisions) == (edited, [])


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, DOCUMENTS, DOCUMENTS)
def test_a_clean_rebase_keeps_both_sides(base, mine, theirs):
    merged, collisions = patch.rebase(base, mine, theirs)
    if collisions:
        return
    for edit in patch.changes(base, mine):
        assert _get(merged, edit.path) == edit.value
    for edit in patch.changes(base, theirs):
        if not any(patch._overlap(edit.path, other.path) for other in patch.changes(base, mine)):
            assert _get(merged, edit.path) == edit.value


def _get(doc, path):
    value = doc
    for step in path:
        if isinstance(value, dict):
            if step not in value:
                return patch.MISSING
            value = value[step]
        else:
            value = value[step]
    return value


def test_storage_fields_are_not_edits():
    before = {"id": "x", "updated_at": "2026-01-01", "name": {"fr": "A"}}
    after = {"id": "y", "updated_at": "2026-02-01", "name": {"fr": "A", "en": "B"}}
    assert [edit.dotted for edit in patch.changes(before, after)] == ["name.en"]


def test_same_length_lists_of_parts_change_item_by_item_others_whole():
    before = {"contacts": [{"kind": "phone", "value": "1"}, {"kind": "email", "value": "a@b"}]}
    one = {"contacts": [{"kind": "phone", "value": "2"}, {"kind": "email", "value": "a@b"}]}
    fewer = {"contacts": [{"kind": "phone", "value": "1"}]}
    assert [e.dotted for e in patch.changes(before, one)] == ["contacts[0].value"]
    assert [e.dotted for e in patch.changes(before, fewer)] == ["contacts"]


def test_colliding_edits_are_named_and_equal_edits_are_not_collisions():
    base = {"name": {"fr": "A"}, "description": {"fr": "x"}}
    mine = {"name": {"fr": "B"}, "description": {"fr": "y"}}
    theirs = {"name": {"fr": "C"}, "description": {"fr": "y"}}
    merged, collisions = patch.rebase(base, mine, theirs)
    assert [edit.dotted for edit in collisions] == ["name.fr"]
    assert merged["description"] == {"fr": "y"}
