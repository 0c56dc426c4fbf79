"""Search 0001-0007 squashed (made with `squashmigrations search 0007` on 2026-12-04, then
cleaned by hand): the search tables with their final indexes, and the engine-specific text and
geography tables as 0007 left them (SQLite: FTS5 `search_fts` with the `other` columns and
`tags`, R*Tree `search_geo` with the root-type dimension; PostgreSQL: `unaccent`,
`opensit_unaccent`, `search_text` with its GIN indexes, the GiST index on the entry's point).

New databases run this one migration. Databases that applied 0001-0007 keep their history: Django
records this migration as applied and never runs it (the old files stay until every database
has moved past 0007). The data steps of 0004 (splitting event spans, adding type tags to the
text rows) and 0005 (copying the R*Tree with its root dimension) are left out: on a new
database the tables they fill are empty. The SQL is a frozen copy: a migration never imports
live code.
"""

from django.db import migrations, models

FTS_OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(name_fr, text_fr, name_en, text_en, name_other,"
    f" text_other, tags, {FTS_OPTIONS})",
    "CREATE VIRTUAL TABLE search_geo USING rtree(id, minlat, maxlat, minlon, maxlon, minroot,"
    " maxroot, +type)",
]
SQLITE_TEARDOWN = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_geo"]
POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION opensit_unaccent(text) RETURNS text AS $$ SELECT"
    " public.unaccent('public.unaccent'::regdictionary, $1) $$ LANGUAGE sql IMMUTABLE"
    " PARALLEL SAFE STRICT",
    "CREATE TABLE search_text (id bigint PRIMARY KEY, tsv_fr tsvector NOT NULL, tsv_en tsvector"
    " NOT NULL, tsv_all tsvector NOT NULL)",
    "CREATE INDEX search_text_fr ON search_text USING gin (tsv_fr)",
    "CREATE INDEX search_text_en ON search_text USING gin (tsv_en)",
    "CREATE INDEX search_text_all ON search_text USING gin (tsv_all)",
    "CREATE INDEX search_entry_point ON search_entry USING gist (point(longitude, latitude))",
]
POSTGRES_TEARDOWN = [
    "DROP INDEX IF EXISTS search_entry_point",
    "DROP TABLE IF EXISTS search_text",
    "DROP FUNCTION IF EXISTS opensit_unaccent(text)",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def engine_tables(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP})


def drop_engine_tables(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN})


def _id():
    return models.BigAutoField(
        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
    )


class Migration(migrations.Migration):
    replaces = [
        ("search", "0001_initial"),
        ("search", "0002_engine_indexes"),
        ("search", "0003_code_index_per_entry"),
        ("search", "0004_event_ranges_type_tags"),
        ("search", "0005_geo_root_dimension"),
        ("search", "0006_place_root_index"),
        ("search", "0007_fts_other_languages"),
    ]

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", _id()),
                ("object_id", models.CharField(max_length=36, unique=True)),
                ("type", models.CharField(db_index=True, max_length=40)),
                ("type_root", models.CharField(max_length=40)),
                ("owner_id", models.BigIntegerField(db_index=True, null=True)),
                ("commune_insee", models.CharField(db_index=True, max_length=5)),
                ("department", models.CharField(db_index=True, max_length=3)),
                ("latitude", models.FloatField(null=True)),
                ("longitude", models.FloatField(null=True)),
                ("name_key", models.CharField(db_index=True, max_length=300)),
                ("updated_us", models.BigIntegerField(db_index=True)),
                ("first_day", models.IntegerField(db_index=True, null=True)),
                ("shuffle", models.BigIntegerField()),
            ],
            options={
                "db_table": "search_entry",
                "indexes": [
                    models.Index(
                        fields=["department", "type_root", "name_key", "type", "commune_insee"],
                        name="search_entry_place_root",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchCode",
            fields=[
                ("id", _id()),
                ("entry_id", models.BigIntegerField()),
                ("scheme", models.CharField(max_length=12)),
                ("code", models.CharField(max_length=100)),
            ],
            options={
                "db_table": "search_code",
                "indexes": [
                    models.Index(fields=["scheme", "code", "entry_id"], name="search_code_lookup"),
                    models.Index(
                        fields=["entry_id", "scheme", "code"], name="search_code_of_entry"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchEventSpan",
            fields=[
                ("id", _id()),
                ("entry_id", models.BigIntegerField(db_index=True)),
                ("start_day", models.IntegerField()),
                ("end_day", models.IntegerField()),
            ],
            options={
                "db_table": "search_event_span",
                "indexes": [
                    models.Index(
                        fields=["start_day", "end_day", "entry_id"], name="search_event_range"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchOpening",
            fields=[
                ("id", _id()),
                ("entry_id", models.BigIntegerField(db_index=True)),
                ("start_day", models.IntegerField()),
                ("end_day", models.IntegerField()),
                ("weekday_mask", models.SmallIntegerField()),
                ("yearly", models.BooleanField()),
                ("start_md", models.SmallIntegerField()),
                ("end_md", models.SmallIntegerField()),
                ("closed", models.BooleanField()),
            ],
            options={
                "db_table": "search_opening",
                "indexes": [
                    models.Index(fields=["start_day", "end_day"], name="search_opening_days")
                ],
            },
        ),
        migrations.RunPython(engine_tables, drop_engine_tables),
    ]
