"""Written instructions of a controller client to notify, on its behalf, the supervisory authority or the people.

As processor we never notify the authority or the client's customers on the client's behalf unless the client
instructs us in writing (domain.md §9; the duty and the responsibility stay the client's, WP250). Such an
instruction is recorded here — who gave it, when, what it allows, the writing itself — and only while one is in
force can a notice be drafted *on behalf of* that client. Such a notice is an ordinary notice (the same approval
road, four eyes, filing) with ``on_behalf_of`` set: it names the client as the controller, counts the client's
72 hours from the moment our alert informed it, and says that we, its processor, make it on its instruction.

(Reads and writes of the processor side live outside ``services.py``, see ``notifications.dpa``.)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.models import Evidence, Incident, Organisation, User
from incidents.roles import is_dpo
from incidents.services import evidence_add, incident_get_for_update
from notifications import content as build
from notifications import events
from notifications.authorities import Establishment as Place
from notifications.authorities import Resolution, resolve
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import Notice, WrittenInstruction

KIND_NEEDS = {Notice.Kind.AUTHORITY: "authority", Notice.Kind.SUBJECTS: "subjects"}


# --- reads ---------------------------------------------------------------------------------------------------


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


def client_authorities(incident: Incident, client: Organisation) -> Resolution:
    """The client's competent authority: from its establishment (the country of the client organisation) and
    where the affected people live, as for any controller (Art. 55, 56)."""
    return resolve(
        role="controller",
        establishments=[Place(client.country.code, True)],
        affected_countries=[c.code for c in incident.affected_countries],
    )


def client_informed_at(incident: Incident, client: Organisation) -> datetime | None:
    """When our first alert went out to the client: from then on it is aware (WP250 §II.A.4)."""
    return (
        Notice.objects.filter(
            incident=incident, kind=Notice.Kind.CONTROLLER, phase=Notice.Phase.INITIAL, client=client
        )
        .values_list("released_at", flat=True)
        .first()
    )


# --- writes --------------------------------------------------------------------------------------------------


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


# --- drafting on a client's behalf (called by ``services.notice_draft`` under the incident's lock) ------------


def on_behalf_check(incident: Incident, kind: str, authority: str, client_id: int | None) -> tuple:
    """The client and its instruction for a notice on its behalf; refuses when there is no written instruction
    that allows this kind of notice."""
    if incident.our_role != Incident.OurRole.PROCESSOR:
        raise ValidationError({"on_behalf_of": [_("Only a processor notifies on a client's behalf.")]})
    client = incident.client_organisations.filter(pk=client_id).first()
    if client is None:
        raise ValidationError(
            {"on_behalf_of": [_("Choose one of the affected client organisations of this incident.")]}
        )
    if kind not in KIND_NEEDS:
        raise ValidationError(
            {"kind": [_("On a client's behalf we only notify the authority or the people.")]}
        )
    instruction = instruction_for(incident, client, kind)
    if instruction is None:
        raise DomainError(
            Code.CONDITIONS_NOT_MET,
            _(
                "%(client)s has not instructed us in writing to do this: we never notify on a client's behalf "
                "without its written instruction. Record the instruction first."
            )
            % {"client": client.name},
            status=409,
        )
    if kind == Notice.Kind.AUTHORITY:
        codes = client_authorities(incident, client).codes
        if authority not in codes:
            raise ValidationError(
                {
                    "authority": [
                        _("Choose one of the client's competent authorities: %(codes)s.")
                        % {"codes": ", ".join(codes) or "—"}
                    ]
                }
            )
    elif incident.client_organisations.exclude(pk=client.pk).exists():
        raise ValidationError(
            {
                "on_behalf_of": [
                    _(
                        "The list of affected people of this incident is not kept per client, and more than one "
                        "client is affected: log a separate incident for this client's people to tell them."
                    )
                ]
            }
        )
    return client, instruction


def on_behalf_content(
    incident: Incident,
    client: Organisation,
    instruction: WrittenInstruction,
    *,
    kind: str,
    authority: str,
    languages: list[str],
    phase: str,
    actor: User,
    late_reason: str = "",
) -> dict[str, Any]:
    """A notice's content with the client as the controller and us as the processor making it on its
    instruction; its 72 hours run from the moment our alert informed it."""
    if kind == Notice.Kind.SUBJECTS:
        return {"texts": {lang: _subject_texts(incident, client, lang) for lang in languages}}
    content = build.authority_content(
        incident, authority, reporter=actor, phase=phase, late_reason=late_reason
    )
    _as_client(content, incident, client, instruction, authority, late_reason)
    return content


def _put(content: dict, path: str, value: Any, provenance: str = build.RECORDED) -> None:
    section, key = path.split(".")
    content["sections"].setdefault(section, {})[key] = value
    empty = value is None or value == "" or value == []
    content["provenance"][path] = build.MISSING if empty and provenance != "" else provenance


def _as_client(
    content: dict,
    incident: Incident,
    client: Organisation,
    instruction: WrittenInstruction,
    authority: str,
    late_reason: str,
) -> None:
    for key in ("name", "registration_number", "address", "sector", "dpo_name", "dpo_email", "dpo_phone"):
        _put(content, f"controller.{key}", getattr(client, key))
    _put(content, "controller.dpo_registration_number", client.dpo_registration_number)
    _put(content, "controller.country", client.country.code)
    resolution = client_authorities(incident, client)
    _put(content, "international.cross_border", resolution.cross_border, build.DERIVED)
    _put(
        content,
        "international.other_authorities",
        [c for c in resolution.codes if c != authority],
        build.DERIVED,
    )
    informed = client_informed_at(incident, client) or incident.aware_at
    deadline = informed + timedelta(hours=settings.AUTHORITY_DEADLINE_HOURS)
    _put(content, "timeline.discovery_channel", Incident.Discovery.PROCESSOR)
    _put(content, "timeline.detected_at", informed.isoformat(), build.DERIVED)
    _put(content, "timeline.aware_at", informed.isoformat(), build.DERIVED)
    _put(
        content,
        "timeline.aware_established_by",
        _("Alert of its processor %(org)s") % {"org": incident.organisation.name},
    )
    _put(
        content,
        "timeline.aware_justification",
        _("WP250 §II.A.4: the controller is aware once its processor has informed it."),
    )
    _put(content, "timeline.deadline", deadline.isoformat(), build.DERIVED)
    late = timezone.now() > deadline
    _put(content, "timeline.late_reason", late_reason, build.RECORDED if late_reason or late else "")
    _put(content, "on_behalf.processor", incident.organisation.name)
    _put(content, "on_behalf.instruction_given_by", instruction.given_by)
    _put(content, "on_behalf.instruction_given_at", instruction.given_at.isoformat())
    _put(
        content,
        "on_behalf.instruction_document",
        instruction.document.original_name if instruction.document_id else instruction.document_reference,
    )


def _subject_texts(incident: Incident, client: Organisation, language: str) -> dict[str, str]:
    """The people's texts with the client named as the one responsible, and its contact point."""
    texts = build.subject_texts(incident, language, organisation=client)  # what happened at the client
    with translation.override(language):
        texts["subject"] = _("Important: your personal data at %(org)s") % {"org": client.name}
        texts["contact"] = _(
            "Questions? Contact %(name)s at %(email)s. %(processor)s, which processes your data for %(org)s, "
            "sends this message on its behalf."
        ) % {
            "name": client.dpo_name or client.name,
            "email": client.dpo_email or "—",
            "processor": incident.organisation.name,
            "org": client.name,
        }
    return texts
