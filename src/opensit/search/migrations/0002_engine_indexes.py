"""The engine-specific text and geography indexes (FTS5 + R*Tree, or tsvector + GIN + GiST)."""

from django.db import migrations

from opensit.search.backends import (
    POSTGRES_SETUP,
    POSTGRES_TEARDOWN,
    SQLITE_SETUP,
    SQLITE_TEARDOWN,
)


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
