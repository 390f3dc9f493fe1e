"""A reminder may be about a report of an obligation beside the GDPR's (NIS2, DORA, eIDAS, ePrivacy, CRA)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('delivery', '0001_initial'),
        ('obligations', '0002_gdpr_obligation_of_every_incident'),
    ]

    operations = [
        migrations.AddField(
            model_name='reminder',
            name='obligation_report',
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name='reminders',
                to='obligations.obligationreport',
            ),
        ),
    ]
