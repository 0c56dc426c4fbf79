"""SQLite: the FTS5 columns `name_all, text_all` (every language, so the fr and en texts were
indexed twice) become `name_other, text_other` (the languages without columns of their own); a
query without a language reads the fr, en and other columns together.

Existing rows are copied as they are: their `other` columns still hold every language, which
only repeats words, so queries find the same objects. `opensit search reindex` rewrites them
and gives back the space (about a tenth of an imported catalog's database). PostgreSQL keeps
its `tsv_all` vector: nothing to do there.
"""

from django.db import migrations

OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
KEPT = "name_fr, text_fr, name_en, text_en"


def _rebuild(schema_editor, new: str, old_values: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE search_fts_new USING fts5({KEPT}, {new}, tags, {OPTIONS})"
        )
        cursor.execute(
            f"INSERT INTO search_fts_new (rowid, {KEPT}, {new}, tags)"
            f" SELECT rowid, {KEPT}, {old_values}, tags FROM search_fts"
        )
        cursor.execute("DROP TABLE search_fts")
        cursor.execute("ALTER TABLE search_fts_new RENAME TO search_fts")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, "name_other, text_other", "name_all, text_all")


def backwards(apps, schema_editor):
    _rebuild(
        schema_editor,
        "name_all, text_all",
        "name_fr || ' ' || name_en || ' ' || name_other,"
        " text_fr || ' ' || text_en || ' ' || text_other",
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_place_root_index")]

    operations = [migrations.RunPython(forwards, backwards)]
