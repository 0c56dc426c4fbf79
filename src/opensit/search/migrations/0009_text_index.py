"""The text index moves to Tantivy (`search.textindex`): the database keeps each entry's
fields in `search_document` and a log of changes in `search_text_log`; the engine-specific
text tables (SQLite FTS5 `search_fts`, PostgreSQL `search_text`) go. Existing entries get
their documents from their objects (`opensit search reindex` does the same)."""

from django.db import migrations, models


def drop_engine_text(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS search_fts")
        else:
            cursor.execute("DROP TABLE IF EXISTS search_text")


def fill_documents(apps, schema_editor):
    from opensit.search.indexer import rewrite_documents

    rewrite_documents()


class Migration(migrations.Migration):
    dependencies = [("search", "0008_synonym"), ("catalog", "0003_proposal_kind")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("entry_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("body", models.TextField()),
            ],
            options={"db_table": "search_document"},
        ),
        migrations.CreateModel(
            name="SearchTextLog",
            fields=[
                ("seq", models.BigAutoField(primary_key=True, serialize=False)),
                ("entry_id", models.BigIntegerField()),
                ("op", models.CharField(max_length=3)),
                ("token", models.CharField(max_length=32)),
            ],
            options={"db_table": "search_text_log"},
        ),
        migrations.CreateModel(
            name="SearchMention",
            fields=[
                ("object_id", models.CharField(max_length=36, primary_key=True, serialize=False)),
                ("count", models.IntegerField()),
            ],
            options={"db_table": "search_mention"},
        ),
        migrations.RunPython(drop_engine_text, migrations.RunPython.noop),
        migrations.RunPython(fill_documents, migrations.RunPython.noop),
    ]
