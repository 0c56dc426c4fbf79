"""SQLite: the R*Tree gets a third dimension, the root type (`backends.root_dimension`), so that
a radius with a type reads only that type's points."""

from django.db import migrations

COLUMNS = "id, minlat, maxlat, minlon, maxlon"


def _rebuild(schema_editor, with_root: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    from opensit.search.backends import root_dimension

    with schema_editor.connection.cursor() as cursor:
        if with_root:
            cursor.execute(
                "CREATE VIRTUAL TABLE search_geo_new USING rtree("
                f"{COLUMNS}, minroot, maxroot, +type)"
            )
            cursor.execute("CREATE TEMP TABLE search_geo_roots (code TEXT PRIMARY KEY, root INT)")
            cursor.execute("SELECT DISTINCT type FROM search_geo")
            cursor.executemany(
                "INSERT INTO search_geo_roots VALUES (%s, %s)",
                [(code, root_dimension(code)) for (code,) in cursor.fetchall()],
            )
            cursor.execute(
                f"INSERT INTO search_geo_new ({COLUMNS}, minroot, maxroot, type)"
                " SELECT g.id, g.minlat, g.maxlat, g.minlon, g.maxlon, r.root, r.root, g.type"
                " FROM search_geo g JOIN search_geo_roots r ON r.code = g.type"
            )
            cursor.execute("DROP TABLE search_geo_roots")
        else:
            cursor.execute(f"CREATE VIRTUAL TABLE search_geo_new USING rtree({COLUMNS}, +type)")
            cursor.execute(
                f"INSERT INTO search_geo_new ({COLUMNS}, type) SELECT {COLUMNS}, type"
                " FROM search_geo"
            )
        cursor.execute("DROP TABLE search_geo")
        cursor.execute("ALTER TABLE search_geo_new RENAME TO search_geo")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, with_root=True)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, with_root=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_event_ranges_type_tags")]

    operations = [migrations.RunPython(forwards, backwards)]
