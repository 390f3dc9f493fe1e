"""Writes of the portal. Each owns its transaction, takes the processor's incident lock (which also serialises the
appends to its audit chain), checks who acts, and writes the audit event.

A controller client user acts only on alerts released to their own client organisation (``selectors.alert_get``);
the processor's team answers questions only on its own incidents.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from datalek.errors import Conflict, DomainError
from incidents import services as incident_services
from incidents.lock_objects import incident_lock
from incidents.models import Incident, User
from inventory import services as inventory_services
from inventory.provenance import BREACH_FACT_PATHS, flatten
from notifications.models import Notice
from portal import events, selectors
from portal.error_codes import PortalErrorCode as Code
from portal.models import Acknowledgement, AlertImport, Question
from risk.engine.facts import breach_view

MAX_TEXT = 5000


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [_("Write something first.")]})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: [_("At most %(n)d characters.") % {"n": MAX_TEXT}]})
    return value


@transaction.atomic
def alert_acknowledge(*, actor: User, alert_id: int, phase_id: int | None = None) -> Acknowledgement:
    """The client confirms receipt of one phase of an alert (the newest when none is named). Once is enough:
    a second acknowledgement of the same phase returns the first (who and when stay as recorded)."""
    alert = selectors.alert_get(actor, alert_id)
    phase = selectors.phase_get(alert, phase_id) if phase_id else selectors.phases_of(alert)[-1]
    incident = incident_lock(alert.incident_id)
    existing = Acknowledgement.objects.filter(notice=phase).select_related("acknowledged_by").first()
    if existing is not None:
        return existing
    acknowledgement = Acknowledgement.objects.create(
        notice=phase, acknowledged_by=actor, acknowledged_at=timezone.now()
    )
    events.acknowledged_event(incident=incident, actor=actor, notice=phase)
    return acknowledgement


@transaction.atomic
def question_ask(*, actor: User, alert_id: int, text: str) -> Question:
    """A question of the client about an alert; it stays open on the processor's incident page until answered."""
    text = _text(text, "text")
    alert = selectors.alert_get(actor, alert_id)
    incident = incident_lock(alert.incident_id)
    question = Question.objects.create(alert=alert, asked_by=actor, asked_at=timezone.now(), text=text)
    events.question_event(incident=incident, actor=actor, question=question)
    return question


@transaction.atomic
def question_answer(*, actor: User, question_id: int, text: str) -> Question:
    """The processor's team answers (the security team or the DPO of the incident's organisation)."""
    text = _text(text, "answer")
    found = selectors.team_question_get(actor, question_id)
    incident = incident_services.incident_get_for_update(actor, found.alert.incident_id)
    question = (
        Question.objects.select_for_update(of=("self",)).select_related("alert__client").get(pk=found.pk)
    )
    if question.answered_at is not None:
        raise DomainError(
            Code.ALREADY_ANSWERED,
            _("%(who)s already answered this question; the client can ask a new one.")
            % {"who": question.answered_by.display_name()},
            status=409,
        )
    question.answer, question.answered_by, question.answered_at = text, actor, timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    events.answer_event(incident=incident, actor=actor, question=question)
    return question


# --- import: the alert as an incident of the controller's own organisation --------------------------------------


def alert_import(*, actor: User, alert_id: int, organisation_id: int) -> AlertImport:
    """A controller that also uses Datalek starts its own incident from our alert: in one of its own
    organisations (where the user is on the security team or the DPO), with T0 = the moment the alert reached it
    (WP250 §II.A.4: the controller is aware once its processor has informed it), the facts of the alert prefilled,
    and the alert as received attached as evidence. Only what the alert says is copied, nothing else."""
    alert = selectors.alert_get(actor, alert_id)
    target = selectors.import_targets(actor, alert).filter(pk=organisation_id).first()
    if target is None:
        raise ValidationError(
            {
                "organisation": [
                    _("Choose one of your own organisations, where you are on the team or the DPO.")
                ]
            }
        )
    phase = selectors.phases_of(alert)[-1]
    facts = _facts_or_none(alert)
    try:
        with transaction.atomic():
            return _import(actor, alert, phase, target, facts)
    except IntegrityError as exc:  # the same alert imported into the same organisation at the same moment
        raise Conflict(
            Code.ALREADY_IMPORTED, _("This alert was just imported into that organisation.")
        ) from exc


def _facts_or_none(alert: Notice) -> dict[str, Any] | None:
    try:
        return selectors.alert_facts(alert)
    except DomainError:
        return None


def _import(actor: User, alert: Notice, phase: Notice, target, facts: dict[str, Any] | None) -> AlertImport:
    earlier = AlertImport.objects.filter(alert=alert, organisation=target).select_related("incident").first()
    if earlier is not None:
        raise DomainError(
            Code.ALREADY_IMPORTED,
            _("This alert is already imported into %(org)s as %(ref)s.")
            % {"org": target.name, "ref": earlier.incident.reference},
            status=409,
        )
    source = _source(alert, phase)
    incident = incident_services.incident_create(
        actor=actor, organisation=target, facts=_incident_facts(actor, phase, source)
    )
    imported = AlertImport.objects.create(
        alert=alert,
        organisation=target,
        incident=incident,
        phase=phase,
        facts=facts,
        imported_by=actor,
        imported_at=timezone.now(),
    )
    events.imported_event(incident=incident, actor=actor, imported=imported, source=source)
    for path, value in flatten(breach_view(facts or {})).items():  # the breach as a whole
        if path in BREACH_FACT_PATHS and value not in (None, "", []):
            inventory_services.incident_confirm_fact(
                actor=actor, incident_id=incident.pk, path=path, value=value
            )
    _attach(actor, incident, source, phase, facts)
    return imported


def _source(alert: Notice, phase: Notice) -> dict[str, Any]:
    sections = phase.content.get("sections", {})
    processor = sections.get("processor", {})
    return {
        "processor": processor.get("name") or alert.incident.organisation.name,
        "reference": processor.get("incident_reference") or "",
        "phase": phase.phase,
        "received_at": alert.released_at.isoformat(),
        "phase_received_at": phase.released_at.isoformat(),
    }


def _moment(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _incident_facts(actor: User, phase: Notice, source: dict[str, Any]) -> dict[str, Any]:
    """The alert's answers as the facts of the controller's own incident; T0 is when our alert reached it."""
    sections = phase.content.get("sections", {})
    timeline, breach = sections.get("timeline", {}), sections.get("breach", {})
    received = _moment(source["received_at"])
    started, ended = _moment(timeline.get("occurred_from")), _moment(timeline.get("occurred_until"))
    occurrence = (
        Incident.Occurrence.PERIOD
        if started and ended
        else Incident.Occurrence.ONGOING
        if started
        else Incident.Occurrence.UNKNOWN
    )
    when = date_format(timezone.localtime(received), "DATETIME_FORMAT")
    reference = source["reference"] or "—"
    facts = {
        "title": _fitted(
            _("Alert from our processor %(processor)s (%(ref)s)"),
            {"processor": source["processor"], "ref": reference},
            "processor",
            _max_length("title"),
        ),
        "description": _description(sections, source, when),
        "our_role": Incident.OurRole.CONTROLLER,
        "occurrence": occurrence,
        "occurred_from": started,
        "occurred_until": ended if started else None,
        "detected_at": received,
        "aware_at": received,
        "aware_established_by": _clipped(actor.display_name(), _max_length("aware_established_by")),
        "aware_justification": _(
            "The alert of our processor %(processor)s (their reference %(ref)s) reached us on %(when)s. "
            "WP250 §II.A.4: the controller is aware once its processor has informed it."
        )
        % {"processor": source["processor"], "ref": reference, "when": when},
        "discovery_channel": Incident.Discovery.PROCESSOR,
        "systems_affected": _("At our processor %(processor)s: %(systems)s")
        % {"processor": source["processor"], "systems": breach.get("systems") or "—"},
    }
    _require_lengths(facts)
    return facts


def _max_length(field: str) -> int:
    return Incident._meta.get_field(field).max_length


def _clipped(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _fitted(template: str, values: dict[str, str], longest: str, most: int) -> str:
    """``template`` filled in within ``most`` characters, by shortening the value ``longest`` (a processor's name
    may be as long as the whole title; it is in full in the description and the attached alert)."""
    room = most - len(template % (values | {longest: ""}))
    return template % (values | {longest: _clipped(values[longest], max(room, 1))})


def _require_lengths(facts: dict[str, Any]) -> None:
    """What we compose from an alert fits the incident's fields, or the import is refused naming the field."""
    errors = {
        field: [
            _("At most %(n)d characters (this would have %(length)d).") % {"n": most, "length": len(value)}
        ]
        for field, value in facts.items()
        if isinstance(value, str) and (most := _max_length(field)) and len(value) > most
    }
    if errors:
        raise ValidationError(errors)


def _description(sections: dict[str, Any], source: dict[str, Any], when: str) -> str:
    measures = sections.get("measures_after", {})
    taken = [
        measures.get(k) for k in ("containment_measures", "containment_plan", "mitigation") if measures.get(k)
    ]
    parts = [
        sections.get("breach", {}).get("description") or "",
        _("From the alert of our processor %(processor)s, received %(when)s.")
        % {"processor": source["processor"], "when": when},
    ]
    if taken:
        parts.append(_("Measures of the processor: %(measures)s") % {"measures": " ".join(taken)})
    return "\n\n".join(p for p in parts if p)


def _attach(actor: User, incident: Incident, source: dict[str, Any], phase: Notice, facts) -> None:
    """The alert as received, as evidence of the new incident (its SHA-256 in the audit trail)."""
    document = {
        "format": "datalek-alert",
        "version": 1,
        "source": source,
        "content_sha256": phase.content_sha256,
        "sections": phase.content.get("sections", {}),
        "facts": facts,
    }
    data = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    name = f"alert-{source['reference'] or phase.pk}.json"
    incident_services.evidence_add(
        actor=actor,
        incident_id=incident.pk,
        name=name,
        size=len(data),
        stream=io.BytesIO(data),
        description=_("The processor's alert as received, with its breach facts"),
    )
