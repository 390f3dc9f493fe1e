"""Notices drafted *on behalf of* a controller client, on its written instruction (``processors``): the client's
competent authority, when our alert informed it, and the content that names it as the controller and us as the
processor making the notice (domain.md §9; WP250). Called by ``services.notice_draft`` under the incident's lock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.models import Incident, Organisation, User
from notifications import content as build
from notifications.authorities import Establishment as Place
from notifications.authorities import Resolution, resolve
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import Notice
from processors.models import WrittenInstruction
from processors.selectors import KIND_NEEDS, instruction_for


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
