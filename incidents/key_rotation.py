"""Moving every audit chain to the current key at once (``manage.py audit_rotate_key``).

Without it each chain moves by itself, with a ``key_rotated`` event, when its next event is appended
(``events.event_append``). Doing it at once is for when a key may have leaked: a new key is added at the end of
``AUDIT_KEYS`` and every chain is closed under it, after which the old key can no longer extend or rewrite any of
them unseen (it stays configured, to check the events it hashed).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from incidents.audit import current_key_id
from incidents.events import head_key_id, key_rotated_event
from incidents.lock_objects import incident_lock
from incidents.models import IncidentEvent


@transaction.atomic
def chain_rotate_key(*, incident_id: int) -> bool:
    """Move one chain to the current key; False when it is there already."""
    incident = incident_lock(incident_id)
    previous = head_key_id(incident)
    if previous == current_key_id():
        return False
    key_rotated_event(incident=incident, previous=previous)
    return True


def chains_rotate_key() -> tuple[int, list[int]]:
    """Move every chain whose head is under an older key; returns how many moved and the ids of the incidents
    whose chain ends in an unkeyed event (left as they are: verify_audit reports them)."""
    heads = (
        IncidentEvent.objects.filter(sequence=F("incident__audit_event_count"))
        .exclude(key_id=current_key_id())
        .order_by("incident_id")
        .values_list("incident_id", "key_id")
    )
    moved, unkeyed = 0, []
    for incident_id, key_id in heads.iterator(chunk_size=2000):
        if key_id is None:
            unkeyed.append(incident_id)
        else:
            moved += chain_rotate_key(incident_id=incident_id)
    return moved, unkeyed
