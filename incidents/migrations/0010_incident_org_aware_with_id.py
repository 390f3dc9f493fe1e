"""The index of an organisation's incidents by awareness gets the id: the register finds the ids of a period from the
index alone, without reading a million rows of the table (its first filing and first telling of the people are
joined to them), and in the order it lists them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0009_organisation_sender"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="incident",
            name="incident_org_aware",
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["organisation", "aware_at", "id"], name="incident_org_aware"),
        ),
    ]
