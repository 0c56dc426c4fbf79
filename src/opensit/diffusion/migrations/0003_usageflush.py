from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("diffusion", "0002_access_requests"),
    ]

    operations = [
        migrations.CreateModel(
            name="UsageFlush",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("batch", models.CharField(max_length=32)),
            ],
        ),
    ]
