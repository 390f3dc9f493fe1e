"""Reads of the processor side: our client organisations with the breach terms of their data processing agreements
(Art. 28(3)(f)), the alert deadline each has, and the written instructions a client gave us to notify on its behalf.
Scoped to the user's organisations."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.models import Incident, Organisation, User
from incidents.roles import team_organisation_ids
from inventory.models import ProcessingActivity
from processors.error_codes import ProcessorErrorCode as Code
from processors.models import DEFAULT_ALERT_HOURS, DpaTerms, WrittenInstruction, alert_deadline

# What an instruction must allow for a notice of each kind (``Notice.Kind`` values: this app sits below the notices).
KIND_NEEDS = {"authority": "authority", "subjects": "subjects"}


def clients_of(organisation_id: int) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(kind=Organisation.Kind.CLIENT, processor_id=organisation_id)
        .select_related("dpa_terms")
        .order_by("name")
    )


def client_get(user: User, client_id: int) -> Organisation:
    """A client organisation of one of the user's own organisations (security team or DPO); else not found."""
    client = (
        Organisation.objects.filter(
            pk=client_id, kind=Organisation.Kind.CLIENT, processor_id__in=team_organisation_ids(user)
        )
        .select_related("processor", "dpa_terms")
        .first()
    )
    if client is None:
        raise DomainError(Code.NOT_FOUND, _("No such client organisation."), status=404)
    return client


def terms_of(client: Organisation) -> DpaTerms:
    """The client's terms, or the defaults (unsaved) when none are recorded."""
    try:
        return client.dpa_terms
    except DpaTerms.DoesNotExist:
        return DpaTerms(client=client)


def alert_hours(client: Organisation) -> int:
    return terms_of(client).alert_hours or DEFAULT_ALERT_HOURS


def deadline_for(incident: Incident, client: Organisation) -> datetime:
    """Our awareness (T0) + the hours of the client's DPA: when the client must have our alert (Art. 33(2))."""
    return alert_deadline(incident.aware_at, alert_hours(client))


def alert_recipients(client: Organisation) -> list[str]:
    """The addresses of the DPA terms; without them, the client's contact point (before terms existed)."""
    contacts = list(terms_of(client).contacts)
    return contacts or ([client.dpo_email] if client.dpo_email else [])


def activities_for(client: Organisation) -> QuerySet[ProcessingActivity]:
    """Our processing activities done for this client (the inventory), with the systems that hold its data."""
    return (
        ProcessingActivity.objects.filter(organisation_id=client.processor_id, client_organisations=client)
        .prefetch_related("systems")
        .order_by("name")
    )


def instructions_of(incident: Incident) -> QuerySet[WrittenInstruction]:
    return incident.instructions.select_related("client", "document", "recorded_by", "revoked_by").order_by(
        "client__name", "-given_at", "-id"
    )


def instruction_for(incident: Incident, client: Organisation, kind: str) -> WrittenInstruction | None:
    """The newest instruction in force of this client that allows this kind of notice, or None."""
    for instruction in incident.instructions.filter(client=client, revoked_at__isnull=True).order_by("-id"):
        if instruction.allows_kind(KIND_NEEDS.get(kind, "")):
            return instruction
    return None


def instruction_get(user: User, instruction_id: int) -> WrittenInstruction | None:
    """A written instruction of an incident of one of the user's organisations, or None."""
    return WrittenInstruction.objects.filter(
        pk=instruction_id, incident__organisation_id__in=team_organisation_ids(user)
    ).first()


def organisation_for(user: User, organisation_id: int):
    """One of our own organisations (not a client) where this user is on the team, or None: whose clients and
    profile the user sees."""
    return Organisation.objects.filter(
        pk=organisation_id, id__in=team_organisation_ids(user), kind=Organisation.Kind.OWN
    ).first()
