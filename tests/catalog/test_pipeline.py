"""The write pipeline (`catalog.pipeline`): one writer, parts that see every write, nothing
half-written, and derived rows that are always a function of the objects as they stand."""

import ast
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opensit.catalog import pipeline, services
from opensit.catalog.merge import merge_objects
from opensit.catalog.models import Revision, TourismObject
from opensit.diffusion.models import FeedEntry, PublicDocument
from opensit.quality.models import DuplicateKey, ObjectQuality
from opensit.search.models import SearchEntry

pytestmark = pytest.mark.django_db
SRC = Path(pipeline.__file__).resolve().parents[1]
Status = TourismObject.Status


def _hotel(name: str, **extra) -> dict:
    return {
        "type": "hotel",
        "name": {"fr": name},
        "location": {
            "commune": {"insee": "37261", "name": "Tours"},
            "latitude": 47.39,
            "longitude": 0.68,
        },
        "contacts": [{"kind": "phone", "value": "+33 2 47 00 00 00"}],
        **extra,
    }


@pytest.fixture
def probe():
    """A part registered as a new app would: it records what each write hands it."""
    seen: list[tuple[str, list[str], list]] = []

    def rows(obj, ctx):
        return (obj.status, obj.version, ctx.action)

    def replace(ids, found):
        seen.append((found[0][2], list(ids), [row[:2] for row in found]))

    pipeline.register(pipeline.Part("probe", rows, replace))
    try:
        yield seen
    finally:
        pipeline.PARTS.pop("probe")


def test_a_registered_part_sees_every_kind_of_write(editor, probe):
    obj = services.create_object(editor, _hotel("Hôtel du Cygne"))
    services.update_object(editor, obj, _hotel("Hôtel du Cygne", themes=["Heritage"]))
    obj = services.publish(editor, TourismObject.objects.get(pk=obj.pk))
    other = services.create_object(editor, _hotel("Hôtel du Cygne bis"), status=Status.PUBLISHED)
    merge_objects(editor, other, obj, reason="doublon")
    obj = services.unpublish(editor, TourismObject.objects.get(pk=obj.pk), "travaux")
    services.delete_object(editor, obj, "fermé")
    assert [(action, rows) for action, _ids, rows in probe] == [
        ("create", [("draft", 1)]),
        ("update", [("draft", 2)]),
        ("publish", [("published", 3)]),
        ("create", [("published", 1)]),
        ("merge", [("published", 4)]),
        ("merged", [("deleted", 2)]),
        ("unpublish", [("unpublished", 5)]),
        ("delete", [("deleted", 6)]),
    ]
    assert [ids for _a, ids, _r in probe][-1] == [obj.pk]


def test_a_batch_reaches_the_parts_in_one_call(editor, probe):
    items = [services.BatchItem(pipeline.validate(_hotel(f"Gîte {n}"))) for n in range(3)]
    with transaction.atomic():
        result = services.save_batch(editor, items)
    assert len(probe) == 1
    action, ids, rows = probe[0]
    assert action == "save" and sorted(ids) == sorted(o.pk for o in result.created)
    assert rows == [("published", 1)] * 3


def test_a_failing_part_leaves_nothing_half_written(editor):
    def replace(ids, found):
        raise RuntimeError("the disk is full")

    pipeline.register(pipeline.Part("broken", lambda obj, ctx: None, replace))
    try:
        with pytest.raises(RuntimeError):
            services.create_object(editor, _hotel("Hôtel perdu"), status=Status.PUBLISHED)
    finally:
        pipeline.PARTS.pop("broken")
    assert not TourismObject.objects.exists()
    for model in (Revision, SearchEntry, PublicDocument, FeedEntry, ObjectQuality, DuplicateKey):
        assert not model.objects.exists(), model.__name__


def _writes_objects(node: ast.AST) -> str | None:
    """A call that writes tourism objects or revisions other than through the pipeline."""
    if not isinstance(node, ast.Call):
        return None
    text = ast.unparse(node.func)
    for model in ("TourismObject", "Revision"):
        for method in ("create", "bulk_create", "bulk_update", "update", "get_or_create"):
            if text.startswith(f"{model}.objects") and text.endswith(f".{method}"):
                return text
    plans = ("bulk.insert", "bulk.row_plan", "bulk.plan")
    if text in plans and node.args and ast.unparse(node.args[0]) in ("TourismObject", "Revision"):
        return f"{text}({ast.unparse(node.args[0])})"
    if text.endswith(".save") and ast.unparse(node.func.value) in (  # type: ignore[attr-defined]
        "obj",
        "survivor",
        "duplicate",
        "tourism_object",
    ):
        return text
    return None


def test_only_the_pipeline_writes_tourism_objects():
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name == "pipeline.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            call = _writes_objects(node)
            if call:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {call}")
    assert found == []


# -- derived rows are a function of the objects as they stand ------------------------------------

OPERATIONS = st.lists(
    st.sampled_from(["edit", "publish", "unpublish", "archive", "delete"]), max_size=6
)


def _feed_state(object_id: str) -> bool:
    """Whether a feed reader who applied every entry holds the object."""
    last = FeedEntry.objects.filter(object_id=object_id).order_by("seq").last()
    return last is not None and last.action in ("created", "updated")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS, start_published=st.booleans())
def test_derived_rows_follow_any_sequence_of_writes(editor, operations, start_published):
    status = Status.PUBLISHED if start_published else Status.DRAFT
    obj = services.create_object(editor, _hotel("Maison des Vins"), status=status)
    for n, operation in enumerate(operations):
        obj = TourismObject.objects.get(pk=obj.pk)
        if obj.status == Status.DELETED:
            break
        if operation == "edit":
            document = _hotel("Maison des Vins", short_description={"fr": f"Version {n}"})
            services.update_object(editor, obj, document)
        elif operation == "publish":
            services.publish(editor, obj)
        else:
            getattr(services, f"{operation}_object" if operation == "delete" else operation)(
                editor, obj, "raison"
            )
    obj = TourismObject.objects.get(pk=obj.pk)
    public = obj.status == Status.PUBLISHED
    assert Revision.objects.filter(object=obj).count() == obj.version
    assert Revision.objects.get(object=obj, number=obj.version).document == obj.document
    assert SearchEntry.objects.filter(object_id=obj.pk).exists() == public
    assert PublicDocument.objects.filter(object_id=obj.pk).exists() == public
    assert _feed_state(obj.pk) == public
    assert ObjectQuality.objects.filter(object_id=obj.pk).count() == 1
    assert DuplicateKey.objects.filter(object_id=obj.pk).exists() == (obj.status != Status.DELETED)
    if public:
        stored = PublicDocument.objects.get(object_id=obj.pk, lang="fr")
        assert stored.updated_at == obj.updated_at
