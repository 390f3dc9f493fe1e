"""One obligation per regime, variant **and country** (issue 18): an entity established in several member states owes
NIS2's reports to each country's CSIRT, so the unique constraint takes the country in. And a JSON ``moments`` field:
the moments some reports count from (NIS2's ``handled``, the CRA's ``corrective_measure``, a report filed again),
recorded by the team with who and when.

Existing rows keep their country; a row without one ("") gets its organisation's country — the country every
obligation was made for until now —, in one UPDATE per batch of ids, never row by row. An organisation without a
country leaves the row as it was. The finer constraint cannot be violated by rows the coarser one allowed.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

BATCH = 5000


def fill_country(apps, schema_editor):
    Obligation = apps.get_model("obligations", "Obligation")
    Incident = apps.get_model("incidents", "Incident")
    rows = Obligation.objects.filter(country="").exclude(incident__organisation__country="")
    country = Subquery(Incident.objects.filter(pk=OuterRef("incident_id")).values("organisation__country")[:1])
    bounds = rows.aggregate(low=models.Min("id"), high=models.Max("id"))
    if bounds["low"] is None:
        return
    for start in range(bounds["low"], bounds["high"] + 1, BATCH):
        rows.filter(id__gte=start, id__lt=start + BATCH).update(country=country)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0009_organisation_sender"),
        ("obligations", "0002_gdpr_obligation_of_every_incident"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="obligation", name="one_obligation_per_regime_variant"),
        migrations.AddField(
            model_name="obligation",
            name="moments",
            field=models.JSONField(blank=True, default=dict, verbose_name="recorded moments"),
        ),
        migrations.RunPython(fill_country, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="obligation",
            constraint=models.UniqueConstraint(
                fields=("incident", "regime", "variant", "country"),
                name="one_obligation_per_regime_variant_country",
            ),
        ),
    ]
