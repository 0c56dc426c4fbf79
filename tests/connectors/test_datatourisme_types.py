"""Every class of the DATAtourisme ontology below PointOfInterest takes the most specific
canonical type: its own mapping, else its nearest mapped ancestor's (the generated table
connectors/datatourisme/classes.py, checked here against the ontology of ../shared)."""

import pytest

from opensit.catalog.types import _DT_INDEX, ancestors, type_for_datatourisme
from opensit.connectors.datatourisme import classgen
from opensit.connectors.datatourisme.classes import CLASS_TYPES
from tests.conftest import SHARED_DATA
from tests.missing import unavailable

# Classes mapped on purpose outside their ontology branch: the canonical hierarchy files them
# where a visitor looks for them (a farm selling its produce is a producer, not a building).
CROSS_BRANCH = {
    "BrasserieOrTavern", "Castle", "Chalet", "ChildrensEvent", "Conference", "Farm",
    "IncomingTravelAgency", "OpenDay", "PicnicArea", "Practice", "Rental", "Ruins",
    "SelfServiceCafeteria", "SightseeingBoat", "Tasting", "TouristTrain", "Tower", "Trader",
    "VisualArtsEvent",
}  # fmt: skip


@pytest.fixture(scope="module")
def parents() -> dict[str, list[str]]:
    ontology = SHARED_DATA / "datatourisme" / "centre-val-de-loire-2020" / "ontology.owl"
    if not ontology.is_file():
        unavailable(f"the DATAtourisme ontology is not at {ontology} (clone ../shared beside)")
    return classgen.parents_of(ontology)


def _descends(code: str, ancestor: str) -> bool:
    """`place` is the generic type: every type is a place."""
    return ancestor == "place" or ancestor in ancestors(code)


def test_generated_table_is_up_to_date(parents):
    assert classgen.class_types(parents) == CLASS_TYPES
    assert len(CLASS_TYPES) > 300


def test_every_class_takes_its_nearest_mapped_ancestors_type_or_finer(parents):
    """A class alone (a record may list it without its ancestors) gets a type that is, or
    descends from, the type of its nearest mapped ancestor; never the generic place when an
    ancestor says more."""
    cross, checked = set(), 0
    for cls in sorted(classgen.below(parents)):
        code = type_for_datatourisme([cls], CLASS_TYPES)
        assert code == CLASS_TYPES[cls], cls
        inherited = {type_for_datatourisme([a]) for a in classgen.nearest_mapped(parents, cls)}
        if inherited - {"place"}:
            assert code != "place", cls
        if inherited and not any(_descends(code, i) for i in inherited):
            cross.add(cls)
        checked += 1
    assert checked > 300
    assert cross == CROSS_BRANCH  # a new cross-branch mapping is a decision: list it above


@pytest.mark.parametrize(
    ("classes", "expected"),
    [
        (["ActivityProvider"], "activity"),
        (["ActivityProvider", "PlaceOfInterest", "PointOfInterest"], "activity"),
        (["LeisureSportActivityProvider", "PlaceOfInterest"], "activity"),
        (["Mosque", "PointOfInterest"], "religious_site"),
        (["Fort"], "castle"),
        (["TableHoteGuesthouse", "PlaceOfInterest"], "bed_and_breakfast"),
        (["Lock"], "remarkable_building"),
        (["Transport", "PlaceOfInterest"], "place"),
    ],
)
def test_fine_classes_without_their_ancestors(classes, expected):
    assert type_for_datatourisme(classes, CLASS_TYPES) == expected


def test_every_directly_mapped_class_keeps_its_mapping():
    for cls, codes in _DT_INDEX.items():
        if cls in CLASS_TYPES:
            assert CLASS_TYPES[cls] in codes, cls
