"""Writes of the processor side: the client organisations we process for with the breach terms of their data
processing agreements, and the written instructions a client gives us to notify on its behalf (domain.md §9). Each
write owns its transaction, checks the role and, for an instruction, writes the audit event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

from datalek.errors import DomainError
from incidents.lock_objects import organisation_lock
from incidents.models import Evidence, Incident, Organisation, User
from incidents.roles import TEAM_ROLES, Role, is_dpo, role_in
from incidents.services import evidence_add, incident_get_for_update
from inventory import services as inventory_services
from inventory.models import ProcessingActivity
from processors import events
from processors.error_codes import ProcessorErrorCode as Code
from processors.models import DpaTerms, WrittenInstruction
from processors.selectors import terms_of
from vocabulary.codes import SECTORS
from vocabulary.languages import LANGUAGES

SECTOR_CODES = [code for code, _label in SECTORS]


def _require_dpo(actor: User, organisation_id: int) -> None:
    role = role_in(actor, organisation_id)
    if role not in TEAM_ROLES:
        raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
    if role != Role.DPO:
        raise DomainError(
            Code.FORBIDDEN, _("Only the DPO keeps the client organisations and their terms."), status=403
        )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "client"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def client_create(
    *,
    actor: User,
    processor_id: int,
    name: str,
    country: str = "NL",
    language: str = "nl",
    registration_number: str = "",
) -> Organisation:
    """Add a controller we process for (the DPO of our organisation), with the default terms (24 h)."""
    _require_dpo(actor, processor_id)
    processor = organisation_lock(processor_id)
    if processor.kind != Organisation.Kind.OWN:
        raise DomainError(Code.NOT_FOUND, _("No such organisation."), status=404)
    name = (name or "").strip()
    errors = _client_errors(name=name, country=country, language=language)
    if errors:
        raise ValidationError(errors)
    client = Organisation.objects.create(
        name=name,
        slug=_unique_slug(name),
        kind=Organisation.Kind.CLIENT,
        processor=processor,
        country=country.upper(),
        language=language,
        registration_number=(registration_number or "").strip(),
    )
    DpaTerms.objects.create(client=client, updated_by=actor, updated_at=timezone.now())
    return client


def _client_errors(**values: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "name" in values and not values["name"]:
        errors["name"] = [_("Give the client's name.")]
    if "country" in values and (values["country"] or "").upper() not in countries:
        errors["country"] = [_("Not a country code: %(code)s.") % {"code": values["country"] or "—"}]
    if "language" in values and values["language"] not in dict(LANGUAGES):
        errors["language"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(dict(LANGUAGES))}]
    if values.get("sector") and values["sector"] not in SECTOR_CODES:
        errors["sector"] = [_("Choose one of: %(codes)s.") % {"codes": ", ".join(SECTOR_CODES)}]
    return errors


def _contacts(value: Iterable[str]) -> list[str]:
    contacts = list(dict.fromkeys(a.strip().lower() for a in value if a and a.strip()))
    bad = []
    for address in contacts:
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError({"contacts": [_("Not an e-mail address: %(a)s.") % {"a": ", ".join(bad)}]})
    return contacts


TERMS_FIELDS = ("alert_hours", "contacts", "agreement")
CLIENT_FIELDS = ("name", "language", "sector", "country", "registration_number", "dpo_name")


@transaction.atomic
def dpa_terms_save(
    *, actor: User, client_id: int, changes: Mapping[str, Any], activity_ids: list[int] | None = None
) -> DpaTerms:
    """The DPO records the breach terms of a client's DPA (Art. 28(3)(f)): the alert deadline in hours, the
    addresses for alerts, the agreement; the client's name, language and sector; and — in the inventory —
    which of our processing activities are done for it (so an incident on their systems proposes the client)."""
    client = _locked_client(actor, client_id)
    unknown = set(changes) - set(TERMS_FIELDS) - set(CLIENT_FIELDS)
    if unknown:
        raise ValidationError({f: [_("This field cannot be changed here.")] for f in sorted(unknown)})
    client_changes = {k: v for k, v in changes.items() if k in CLIENT_FIELDS}
    errors = _client_errors(**client_changes)
    if errors:
        raise ValidationError(errors)
    terms = terms_of(client)
    if "contacts" in changes:
        changes = {**changes, "contacts": _contacts(changes["contacts"])}
    for field in TERMS_FIELDS:
        if field in changes:
            setattr(terms, field, changes[field])
    terms.full_clean(exclude=["client", "updated_by"])
    for field, value in client_changes.items():
        setattr(client, field, value.upper() if field == "country" else value)
    client.save()
    terms.updated_by, terms.updated_at = actor, timezone.now()
    terms.save()
    if activity_ids is not None:
        _set_activities(actor, client, activity_ids)
    return terms


def _locked_client(actor: User, client_id: int) -> Organisation:
    client = Organisation.objects.filter(pk=client_id, kind=Organisation.Kind.CLIENT).first()
    if client is None or role_in(actor, client.processor_id) not in TEAM_ROLES:
        raise DomainError(Code.NOT_FOUND, _("No such client organisation."), status=404)
    _require_dpo(actor, client.processor_id)
    return Organisation.objects.select_for_update().get(pk=client_id)


def _set_activities(actor: User, client: Organisation, activity_ids: list[int]) -> None:
    """Through the inventory's own service, so each change is in its change log."""
    ours = ProcessingActivity.objects.active().filter(organisation_id=client.processor_id)
    wanted = set(activity_ids)
    unknown = wanted - set(ours.filter(id__in=wanted).values_list("id", flat=True))
    if unknown:
        raise ValidationError(
            {"activities": [_("Not an activity of our inventory: %(ids)s.") % {"ids": sorted(unknown)}]}
        )
    for activity in ours.prefetch_related("client_organisations"):
        current = {c.id for c in activity.client_organisations.all()}
        has = client.id in current
        if has != (activity.id in wanted):
            clients = (current | {client.id}) if activity.id in wanted else (current - {client.id})
            inventory_services.record_update(
                actor=actor,
                model=ProcessingActivity,
                record_id=activity.id,
                values={"client_organisations": list(Organisation.objects.filter(id__in=clients))},
            )


def instruction_record(
    *,
    actor: User,
    incident_id: int,
    client_id: int,
    allows: list[str],
    given_by: str,
    given_at: datetime | None,
    document_reference: str = "",
    note: str = "",
    upload: tuple[str, int, IO[bytes]] | None = None,
) -> WrittenInstruction:
    """Record a client's written instruction (the security team or the DPO). The writing is attached to the
    incident as evidence (``upload``: name, size, stream; its SHA-256 goes into the audit trail), or said where
    it is kept (``document_reference``)."""
    values = _checked(allows, given_by, given_at, document_reference, has_upload=upload is not None)
    document = None
    if upload is not None:
        name, size, stream = upload
        document = evidence_add(
            actor=actor,
            incident_id=incident_id,
            name=name,
            size=size,
            stream=stream,
            description=_("Written instruction of the client, given by %(who)s")
            % {"who": values["given_by"]},
        )
    return _record(actor, incident_id, client_id, values, document, note)


def _checked(
    allows: list[str], given_by: str, given_at: datetime | None, reference: str, *, has_upload: bool
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    allows = list(dict.fromkeys(allows or []))
    if not allows or set(allows) - set(WrittenInstruction.Allows.values):
        errors["allows"] = [
            _("Say what the client allows: the authority notice, telling the people, or both.")
        ]
    if not (given_by or "").strip():
        errors["given_by"] = [_("Say who at the client gave the instruction.")]
    if given_at is None or given_at > timezone.now():
        errors["given_at"] = [_("Give the moment it was given; it cannot be in the future.")]
    if not has_upload and not (reference or "").strip():
        errors["document_reference"] = [
            _("In writing only: attach the e-mail or letter, or say where it is kept.")
        ]
    if errors:
        raise ValidationError(errors)
    return {
        "allows": allows,
        "given_by": given_by.strip(),
        "given_at": given_at,
        "document_reference": reference.strip(),
    }


@transaction.atomic
def _record(
    actor: User,
    incident_id: int,
    client_id: int,
    values: dict[str, Any],
    document: Evidence | None,
    note: str,
) -> WrittenInstruction:
    incident = incident_get_for_update(actor, incident_id)
    if incident.our_role != Incident.OurRole.PROCESSOR:
        raise ValidationError(
            {"client": [_("Instructions come from clients when we act as their processor.")]}
        )
    client = incident.client_organisations.filter(pk=client_id).first()
    if client is None:
        raise ValidationError(
            {"client": [_("Choose one of the affected client organisations of this incident.")]}
        )
    instruction = WrittenInstruction.objects.create(
        incident=incident,
        client=client,
        document=document,
        note=(note or "").strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
        **values,
    )
    events.instruction_event(incident=incident, actor=actor, instruction=instruction, what="recorded")
    return instruction


@transaction.atomic
def instruction_revoke(*, actor: User, instruction_id: int, reason: str) -> WrittenInstruction:
    """The client withdrew its instruction (or it was recorded in error): the DPO revokes it, with the reason.
    Notices on its strength that are not out yet can no longer be submitted, approved, filed or sent."""
    incident_id = (
        WrittenInstruction.objects.filter(pk=instruction_id).values_list("incident_id", flat=True).first()
    )
    if incident_id is None:
        raise DomainError(Code.NOT_FOUND, _("No such instruction."), status=404)
    incident = incident_get_for_update(actor, incident_id)
    if not is_dpo(incident, actor):
        raise DomainError(Code.FORBIDDEN, _("Only a DPO revokes an instruction."), status=403)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the instruction no longer holds.")]})
    instruction = WrittenInstruction.objects.select_for_update().get(pk=instruction_id)
    if instruction.revoked_at is not None:
        raise DomainError(Code.NOT_ALLOWED, _("This instruction was already revoked."), status=409)
    instruction.revoked_by, instruction.revoked_at = actor, timezone.now()
    instruction.revoke_reason = reason.strip()
    instruction.save(update_fields=["revoked_by", "revoked_at", "revoke_reason"])
    events.instruction_event(incident=incident, actor=actor, instruction=instruction, what="revoked")
    return instruction
