"""The foreign key to who excluded a person loses its own index — an entry for every person of every list, nearly
all blank, a quarter of what an import of a million people wrote to indexes — for a partial index of the excluded."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0009_organisation_sender"),
        ("people", "0002_subject_unreachable_keyset"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="affectedsubject",
            name="excluded_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="affectedsubject",
            index=models.Index(
                condition=models.Q(("excluded_by__isnull", False)),
                fields=["excluded_by"],
                name="subject_excluded_by",
            ),
        ),
    ]
