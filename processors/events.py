"""Audit events of a client's written instructions, appended to the incident's hash chain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from processors.models import WrittenInstruction


class ProcessorEventKind(models.TextChoices):
    INSTRUCTION_RECORDED = "instruction_recorded", _("Written instruction of a client recorded")
    INSTRUCTION_REVOKED = "instruction_revoked", _("Written instruction of a client revoked")


def instruction_event(
    *, incident: Incident, actor: User, instruction: WrittenInstruction, what: str
) -> IncidentEvent:
    """A client's written instruction to notify on its behalf, recorded or revoked (domain.md §9)."""
    kind = (
        ProcessorEventKind.INSTRUCTION_RECORDED
        if what == "recorded"
        else ProcessorEventKind.INSTRUCTION_REVOKED
    )
    return event_append(
        incident=incident,
        kind=kind,
        actor=actor,
        data={
            "instruction": instruction.pk,
            "client": {"id": instruction.client_id, "name": instruction.client.name},
            "allows": instruction.allows,
            "given_by": instruction.given_by,
            "given_at": instruction.given_at.isoformat(),
            "document": instruction.document_id,
            "document_reference": instruction.document_reference,
            "reason": instruction.revoke_reason,
        },
    )
