"""What the outbox holds of the people, forgotten when their list is purged (``people.services.subjects_purge``
calls this, registered by ``DeliveryConfig.ready``)."""

from __future__ import annotations

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from delivery.models import Delivery
from incidents.models import Incident


def detach_purged(incident: Incident) -> None:
    """The outbox keeps one row per recipient and what happened to it; the names and addresses go, each row gets a
    placeholder of its own, and the rows no longer point at the people about to be deleted."""
    Delivery.objects.filter(notice__incident=incident, subject__isnull=False).update(
        subject=None,
        recipient=Concat(Value("purged:"), Cast("id", CharField())),
        recipient_name="",
    )
