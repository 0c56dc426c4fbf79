"""The engine-specific text and geography indexes (FTS5 + R*Tree, or tsvector + GIN + GiST)."""

from django.db import migrations

# Copied from opensit.search.backends at the time of writing: a migration must not change later.
SQLITE_SETUP = ["CREATE VIRTUAL TABLE search_fts USING fts5(name_fr, text_fr, name_en, text_en, name_all, text_all, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')", 'CREATE VIRTUAL TABLE search_geo USING rtree(id, minlat, maxlat, minlon, maxlon, +type)']
SQLITE_TEARDOWN = ['DROP TABLE IF EXISTS search_fts', 'DROP TABLE IF EXISTS search_geo']
POSTGRES_SETUP = ['CREATE EXTENSION IF NOT EXISTS unaccent', "CREATE OR REPLACE FUNCTION opensit_unaccent(text) RETURNS text AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$ LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT", 'CREATE TABLE search_text (id bigint PRIMARY KEY, tsv_fr tsvector NOT NULL, tsv_en tsvector NOT NULL, tsv_all tsvector NOT NULL)', 'CREATE INDEX search_text_fr ON search_text USING gin (tsv_fr)', 'CREATE INDEX search_text_en ON search_text USING gin (tsv_en)', 'CREATE INDEX search_text_all ON search_text USING gin (tsv_all)', 'CREATE INDEX search_entry_point ON search_entry USING gist (point(longitude, latitude))']
POSTGRES_TEARDOWN = ['DROP INDEX IF EXISTS search_entry_point', 'DROP TABLE IF EXISTS search_text', 'DROP FUNCTION IF EXISTS opensit_unaccent(text)']


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
