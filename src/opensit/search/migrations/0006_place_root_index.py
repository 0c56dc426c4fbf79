"""Department + root type filters: one index gives the page by name in order and the facets."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_geo_root_dimension'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='searchentry',
            name='search_entry_place',
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['department', 'type_root', 'name_key', 'type', 'commune_insee'], name='search_entry_place_root'),
        ),
    ]
