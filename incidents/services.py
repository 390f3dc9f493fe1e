"""Every write to an incident: one entry point per change, owning the transaction, the lock, the permission
check, the audit event and (later) the side effects scheduled on commit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.fields import Country, MultipleCountriesDescriptor
from django_fsm import ConcurrentTransition

from datalek.errors import Conflict, DomainError
from incidents import events, workflow
from incidents.error_codes import IncidentErrorCode as Code
from incidents.evidence import UploadRefused, check_upload
from incidents.lock_objects import incident_lock, organisation_lock
from incidents.models import (
    FACT_FIELDS,
    REQUIRED_FACTS,
    Evidence,
    Incident,
    IncidentSequence,
    Organisation,
    User,
)
from incidents.roles import TEAM_ROLES, Role, is_team_member, role_in
from incidents.second_factor import require_second_factor
from incidents.transitions import all_transition_names
from incidents.validation import containment_errors, country_errors, role_errors, timeline_errors


def _audit_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Organisation):
        return {"id": value.id, "name": value.name}
    if isinstance(value, Country):
        return value.code
    if isinstance(value, list | tuple | set | MultipleCountriesDescriptor):
        return [_audit_value(v) for v in value]
    return value


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """Country lists as unique upper-case codes, whatever form they came in (codes or Country objects)."""
    if values.get("affected_countries") is not None:
        codes = [str(getattr(c, "code", c)).strip().upper() for c in values["affected_countries"]]
        values["affected_countries"] = list(dict.fromkeys(code for code in codes if code))
    return values


def _clients_value(clients: Iterable[Organisation]) -> list[dict[str, Any]]:
    return [_audit_value(c) for c in sorted(clients, key=lambda c: c.id)]


def _require_team(user: User, organisation_id: int) -> None:
    if role_in(user, organisation_id) not in TEAM_ROLES:
        raise DomainError(
            Code.FORBIDDEN,
            _("Only the security team and the DPO of this organisation may do this."),
            status=403,
        )


def incident_get_for_update(user: User, incident_id: int) -> Incident:
    """The incident, locked, if this user works on it; otherwise it does not exist for them."""
    try:
        incident = incident_lock(incident_id)
    except Incident.DoesNotExist:
        incident = None
    if incident is None or not is_team_member(incident, user):
        raise DomainError(Code.NOT_FOUND, _("No such incident."), status=404)
    return incident


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _next_reference(organisation: Organisation, at: datetime) -> str:
    year = timezone.localtime(at).year
    sequence, _created = IncidentSequence.objects.get_or_create(organisation=organisation, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"DL-{year}-{sequence.last_number:04d}"


@transaction.atomic
def incident_create(
    *, actor: User, organisation: Organisation, facts: Mapping[str, Any], clients: Iterable[Organisation] = ()
) -> Incident:
    """Log a new incident in ``detection``; the 72-hour clock runs from ``facts['aware_at']``."""
    _require_team(actor, organisation.id)
    clients = list(clients)
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise ValidationError({field: [_("Unknown field.")] for field in sorted(unknown)})
    values = _normalised({field: facts.get(field) for field in FACT_FIELDS if field in facts})
    missing = {f: [_("This field is required.")] for f in REQUIRED_FACTS if values.get(f) in (None, "")}
    _raise_if(missing)
    _raise_if(
        timeline_errors(values)
        | containment_errors(values)
        | country_errors(values)
        | role_errors(
            organisation=organisation, our_role=values.get("our_role", "controller"), clients=clients
        )
    )

    organisation = organisation_lock(organisation.id)  # serialises reference numbers per organisation
    now = timezone.now()
    incident = Incident(
        organisation=organisation, reported_by=actor, reference=_next_reference(organisation, now), **values
    )
    incident.save()
    incident.client_organisations.set(clients)
    audit = {field: _audit_value(getattr(incident, field)) for field in FACT_FIELDS}
    audit["client_organisations"] = _clients_value(clients)
    events.incident_created_event(incident=incident, actor=actor, values=audit)
    return incident


@transaction.atomic
def incident_update(
    *,
    actor: User,
    incident_id: int,
    changes: Mapping[str, Any],
    clients: Iterable[Organisation] | None = None,
) -> Incident:
    """Correct or complete the facts. Only changed fields are written and audited (old → new)."""
    incident = incident_get_for_update(actor, incident_id)
    if incident.status == Incident.Status.CLOSED:
        raise DomainError(
            Code.CLOSED, _("A closed incident cannot be edited; reopen it first (with a reason)."), status=409
        )
    unknown = set(changes) - set(FACT_FIELDS)
    if unknown:
        raise ValidationError({field: [_("This field cannot be changed here.")] for field in sorted(unknown)})

    merged = _normalised({field: getattr(incident, field) for field in FACT_FIELDS} | dict(changes))
    if merged.get("containment_status") == Incident.Containment.CONTAINED and not merged.get("contained_at"):
        merged["contained_at"] = timezone.now()
    blank = {f: [_("This field is required.")] for f in REQUIRED_FACTS if merged.get(f) in (None, "")}
    _raise_if(blank)
    current_clients = list(incident.client_organisations.all())
    new_clients = current_clients if clients is None else list(clients)
    _raise_if(
        timeline_errors(merged)
        | containment_errors(merged)
        | country_errors(merged)
        | role_errors(organisation=incident.organisation, our_role=merged["our_role"], clients=new_clients)
    )

    diff = {
        f: (_audit_value(getattr(incident, f)), _audit_value(merged[f]))
        for f in FACT_FIELDS
        if _audit_value(getattr(incident, f)) != _audit_value(merged[f])
    }
    if {c.id for c in new_clients} != {c.id for c in current_clients}:
        diff["client_organisations"] = (_clients_value(current_clients), _clients_value(new_clients))
        incident.client_organisations.set(new_clients)
    if not diff:
        return incident
    for field in FACT_FIELDS:
        setattr(incident, field, merged[field])
    incident.save()
    events.incident_updated_event(incident=incident, actor=actor, changes=diff)
    return incident


def incident_set_risk(*, incident: Incident, risk_level: str, risk_rationale: str) -> None:
    """Put the finalised assessment's verdict on the incident. Called by the risk service that finalises the
    assessment, holding the incident's lock and writing the audit event for the whole step."""
    if risk_level not in Incident.RiskLevel.values or not risk_rationale.strip():
        raise ValueError("A risk level and its reasons are required.")
    incident.risk_level, incident.risk_rationale = risk_level, risk_rationale.strip()
    incident.save(update_fields=["risk_level", "risk_rationale", "updated_at"])


def incident_set_verdicts(
    *,
    incident: Incident,
    risk_level: str,
    risk_rationale: str,
    notify_authority: bool,
    notify_subjects: bool,
    public_communication: bool,
    notify_controllers: bool,
) -> None:
    """Put the DPO's decision on the incident (risk service, under the incident's lock, audited there).
    From here the 72-hour clock stops when the authority need not be notified."""
    incident.notify_authority, incident.notify_subjects = notify_authority, notify_subjects
    incident.public_communication, incident.notify_controllers = public_communication, notify_controllers
    incident_set_risk(incident=incident, risk_level=risk_level, risk_rationale=risk_rationale)
    incident.save(
        update_fields=[
            "notify_authority",
            "notify_subjects",
            "public_communication",
            "notify_controllers",
            "updated_at",
        ]
    )


def incident_transition(
    *, actor: User, incident_id: int, name: str, reason: str = "", expected_status: str | None = None
) -> Incident:
    """Move an incident along its state machine. A refusal says why; a lost race says so (409), never a 500."""
    if name == "approve":
        require_second_factor(actor)
    try:
        with transaction.atomic():
            return _transition_locked(
                actor=actor,
                incident_id=incident_id,
                name=name,
                reason=reason,
                expected_status=expected_status,
            )
    except ConcurrentTransition as exc:
        raise Conflict(
            Code.STALE,
            _("Someone else changed this incident at the same moment; reload and try again."),
        ) from exc


def _transition_locked(
    *, actor: User, incident_id: int, name: str, reason: str, expected_status: str | None
) -> Incident:
    if name not in all_transition_names():
        raise DomainError(
            Code.UNKNOWN_TRANSITION,
            _("There is no transition called “%(name)s”.") % {"name": name},
            fields={
                "transition": [_("Choose one of: %(names)s.") % {"names": ", ".join(all_transition_names())}]
            },
        )
    incident = incident_get_for_update(actor, incident_id)
    if expected_status and expected_status != incident.status:
        raise Conflict(
            Code.STALE,
            _("This incident has moved on to “%(status)s” since you loaded it; reload to see what changed.")
            % {"status": incident.get_status_display()},
        )
    return workflow.take(incident, name, actor, reason=(reason or "").strip())


def evidence_add(
    *, actor: User, incident_id: int, name: str, size: int, stream: IO[bytes], description: str = ""
) -> Evidence:
    """Attach a file after checking its size and type; the audit trail keeps its SHA-256."""
    try:
        checked = check_upload(name, size, stream)
    except UploadRefused as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    stored_name = None
    try:
        with transaction.atomic():
            incident = incident_get_for_update(actor, incident_id)
            evidence = Evidence(
                incident=incident,
                storage_key=uuid.uuid4().hex,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                description=(description or "").strip()[:500],
                uploaded_by=actor,
                uploaded_at=timezone.now(),
            )
            evidence.file.save(evidence.storage_key, File(stream), save=False)
            stored_name = evidence.file.name
            evidence.save()
            events.evidence_added_event(incident=incident, actor=actor, evidence=evidence)
    except Exception:
        if stored_name:  # the row was rolled back: do not leave its file behind
            Evidence.file.field.storage.delete(stored_name)
        raise
    return evidence


def incident_set_authority_notified(*, incident: Incident, at: datetime | None) -> None:
    """Record when the authority was notified (notifications service, under the incident's lock, audited there).
    From then on the Art. 33(1) clock no longer runs."""
    incident.authority_notified_at = at
    incident.save(update_fields=["authority_notified_at", "updated_at"])


ORGANISATION_FIELDS = (
    "name",
    "registration_number",
    "address",
    "sector",
    "language",
    "country",
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "dpo_registration_number",
    "sender_name",
    "sender_email",
)


@transaction.atomic
def organisation_update(*, actor: User, organisation_id: int, changes: Mapping[str, Any]) -> Organisation:
    """The DPO keeps the organisation's details that every notice needs (Art. 33(3)(b): the contact point)."""
    if role_in(actor, organisation_id) != Role.DPO:
        raise DomainError(
            Code.FORBIDDEN, _("Only the DPO of this organisation may change its details."), status=403
        )
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValidationError({field: [_("This field cannot be changed here.")] for field in sorted(unknown)})
    organisation = organisation_lock(organisation_id)
    for field, value in changes.items():
        setattr(organisation, field, value)
    organisation.full_clean(exclude=["slug", "processor", "kind"])
    organisation.save()
    return organisation
