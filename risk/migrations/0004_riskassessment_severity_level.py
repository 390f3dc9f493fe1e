"""The ENISA level of each assessment's decision in a column of its own (see ``RiskAssessment.severity_level``),
filled from the stored decisions in batches of ids, so that a register of a million assessments is not rewritten in
one transaction."""

from django.db import migrations, models
from django.db.models import Max, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

BATCH = 10_000


def fill(apps, schema_editor):
    RiskAssessment = apps.get_model("risk", "RiskAssessment")
    last = RiskAssessment.objects.aggregate(last=Max("id"))["last"] or 0
    for start in range(0, last + 1, BATCH):
        RiskAssessment.objects.filter(id__gte=start, id__lt=start + BATCH).update(
            severity_level=Coalesce(KT("decision__severity__level"), Value(""))
        )


class Migration(migrations.Migration):
    atomic = False  # each batch commits on its own

    dependencies = [("risk", "0003_riskassessment_facts_v2")]

    operations = [
        migrations.AddField(
            model_name="riskassessment",
            name="severity_level",
            field=models.CharField(blank=True, editable=False, max_length=12, verbose_name="ENISA severity"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
