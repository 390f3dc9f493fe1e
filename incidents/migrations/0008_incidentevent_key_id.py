"""Audit events record the key their hash was made with (``key_id``; null for the events from before the audit
key, which keep their plain SHA-256), and every trail written before is sealed: each chain that ends in an
unkeyed event gets a ``key_rotated`` event from no key to the current one, hashed with that key. From then on an
unkeyed event is genuine only before such an event, so nobody can pass off a rewritten chain as an old unkeyed
one (incidents/audit.py).

The column is nullable so that adding it rewrites no row (the table is append-only; SQLite would rebuild the
table without its triggers for a NOT NULL column with a default)."""

from itertools import islice

from django.conf import settings
from django.db import migrations, models
from django.db.models import F
from django.utils import timezone

# Its results can never change (every event ever written is checked with it), which makes it safe to use here.
from incidents.audit import event_hash

BATCH = 1000


def seal_unkeyed_chains(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    IncidentEvent = apps.get_model("incidents", "IncidentEvent")
    key_id = next(reversed(settings.AUDIT_KEYS))
    now = timezone.now()
    data = {"from": None, "to": key_id}
    heads = (
        IncidentEvent.objects.filter(key_id__isnull=True, sequence=F("incident__audit_event_count"))
        .order_by("incident_id")
        .values_list("incident_id", "sequence", "hash")
        .iterator(chunk_size=BATCH)
    )
    while batch := list(islice(heads, BATCH)):
        seals = [
            IncidentEvent(
                incident_id=incident_id,
                sequence=sequence + 1,
                kind="key_rotated",
                actor=None,
                actor_label="system",
                created_at=now,
                data=data,
                prev_hash=head,
                key_id=key_id,
                hash=event_hash(
                    key_id=key_id,
                    incident_id=incident_id,
                    sequence=sequence + 1,
                    kind="key_rotated",
                    actor_id=None,
                    actor_label="system",
                    created_at=now,
                    data=data,
                    prev_hash=head,
                ),
            )
            for incident_id, sequence, head in batch
        ]
        IncidentEvent.objects.bulk_create(seals)
        Incident.objects.bulk_update(
            [Incident(id=s.incident_id, audit_event_count=s.sequence, audit_head_hash=s.hash) for s in seals],
            ["audit_event_count", "audit_head_hash"],
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_incident_open_off_clock")]

    operations = [
        migrations.AddField(
            model_name="incidentevent",
            name="key_id",
            field=models.CharField(blank=True, editable=False, max_length=32, null=True),
        ),
        # Events are append-only: the seals stay when the migration is undone.
        migrations.RunPython(seal_unkeyed_chains, migrations.RunPython.noop),
    ]
