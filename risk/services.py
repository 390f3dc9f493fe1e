"""Writes of the risk assessment: run the engine on the facts, finalise (which submits to the DPO), and the
DPO's decision. Each owns its transaction, holds the incident's lock and writes the audit event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from datalek.errors import DomainError
from incidents.error_codes import IncidentErrorCode as Code
from incidents.models import Incident, User
from incidents.roles import is_dpo
from incidents.second_factor import require_second_factor
from incidents.services import (
    incident_get_for_update,
    incident_set_risk,
    incident_set_verdicts,
    incident_transition,
)
from inventory import services as inventory_services
from risk import events, explanations, selectors
from risk.engine import FactsError, assess, parse_facts
from risk.models import VERDICTS, RiskAssessment


def facts_errors(exc: FactsError) -> dict[str, list[str]]:
    """A FactsError as field errors keyed by the dotted path of each bad field."""
    errors: dict[str, list[str]] = {}
    for field, message in exc.errors:
        errors.setdefault(field or "facts", []).append(message)
    return errors


def decision_for(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Run the engine on facts without storing anything (``POST /api/assess/``)."""
    try:
        return assess(parse_facts(dict(facts))).to_dict()
    except FactsError as exc:
        raise ValidationError(facts_errors(exc)) from exc


def _require_status(incident: Incident, status: str, message: str) -> None:
    if incident.status != status:
        raise DomainError(Code.TRANSITION_NOT_ALLOWED, message, status=409)


def _parsed(incident: Incident, facts: Mapping[str, Any]):
    try:
        parsed = parse_facts(dict(facts))
    except FactsError as exc:
        raise ValidationError(facts_errors(exc)) from exc
    if parsed.role != incident.our_role:
        raise ValidationError(
            {
                "role": [
                    _(
                        "The incident says we act as %(role)s here; the facts must say the same "
                        "(or correct our role on the incident first)."
                    )
                    % {"role": incident.get_our_role_display().lower()}
                ]
            }
        )
    return parsed


@transaction.atomic
def assessment_run(*, actor: User, incident_id: int, facts: Mapping[str, Any]) -> RiskAssessment:
    """Assess the facts and keep them as the draft version (a new version after the last finalised one), with
    the provenance of each fact: recorded, derived from the inventory (left as proposed), or missing."""
    incident = incident_get_for_update(actor, incident_id)
    _require_status(
        incident,
        Incident.Status.ASSESSMENT,
        _("The risk is assessed while the incident is in risk assessment."),
    )
    parsed = _parsed(incident, facts)
    decision = assess(parsed)
    now = timezone.now()
    draft = selectors.draft_of(incident)
    previous = draft or selectors.latest_final_of(incident)
    if draft is None:
        last = incident.assessments.aggregate(last=Max("version"))["last"] or 0
        draft = RiskAssessment(incident=incident, version=last + 1, created_by=actor, created_at=now)
    # Stored as v2 whatever came in (a v1 object is one group, the same meaning); the decision with the messages
    # behind its reasons, to be said in Dutch or French later.
    draft.facts, draft.decision = parsed.to_v2_dict(), decision.to_record()
    # The provenance marks concern the breach as a whole (the inventory proposes for the whole breach): they are
    # kept by the paths of its breach view (inventory/provenance.py).
    draft.provenance = inventory_services.assessment_provenance(
        actor=actor,
        incident=incident,
        facts=selectors.marked_facts(draft.facts),
        previous_facts=selectors.marked_facts(previous.facts) if previous else None,
        previous_marks=previous.provenance if previous else None,
    )
    draft.engine_version, draft.updated_at = decision.engine_version, now
    draft.save()
    events.assessment_run_event(incident=incident, actor=actor, assessment=draft)
    return draft


def _rationale(assessment: RiskAssessment) -> str:
    """In English, as stored; said in the reader's language by ``explanations.rationale_text``."""
    return explanations.rationale(
        assessment.decision, engine_version=assessment.engine_version, version=assessment.version
    )


@transaction.atomic
def assessment_finalise(*, actor: User, incident_id: int, note: str = "") -> RiskAssessment:
    """Freeze the draft and submit it to the DPO: the ``submit_for_approval`` transition, in one step."""
    incident = incident_get_for_update(actor, incident_id)
    _require_status(
        incident, Incident.Status.ASSESSMENT, _("Only an assessment in progress can be finalised.")
    )
    draft = selectors.draft_of(incident)
    if draft is None:
        raise DomainError(
            Code.CONDITIONS_NOT_MET, _("Run the assessment on the facts before finalising it."), status=409
        )
    draft.finalised_by, draft.finalised_at = actor, timezone.now()
    draft.save(update_fields=["finalised_by", "finalised_at"])
    incident_set_risk(incident=incident, risk_level=draft.decision["risk"], risk_rationale=_rationale(draft))
    events.assessment_finalised_event(incident=incident, actor=actor, assessment=draft)
    incident_transition(actor=actor, incident_id=incident.pk, name="submit_for_approval", reason=note)
    return draft


@transaction.atomic
def assessment_decide(
    *,
    actor: User,
    incident_id: int,
    agree: bool,
    risk: str | None = None,
    notify_authority: bool | None = None,
    notify_subjects: bool | None = None,
    public_communication: bool | None = None,
    justification: str = "",
) -> RiskAssessment:
    """The DPO's decision on the finalised assessment: agree with the advice, or decide otherwise — then only
    with a written justification. Both positions stay on record; the incident takes the DPO's."""
    require_second_factor(actor)
    incident = incident_get_for_update(actor, incident_id)
    if not is_dpo(incident, actor):
        raise DomainError(Code.FORBIDDEN, _("Only a DPO decides on the assessment."), status=403)
    _require_status(
        incident, Incident.Status.APPROVAL, _("The DPO decides while the incident awaits approval.")
    )
    assessment = selectors.latest_final_of(incident)
    if assessment is None:
        raise DomainError(
            Code.CONDITIONS_NOT_MET, _("There is no finalised assessment to decide on."), status=409
        )
    advice = assessment.advice
    position = (
        dict(advice)
        if agree
        else {
            "risk": risk,
            "notify_authority": notify_authority,
            "notify_subjects": notify_subjects,
            "public_communication": public_communication,
            "notify_controllers": advice["notify_controllers"],
        }
    )
    _check_position(position)
    overrides = [name for name in ("risk", *VERDICTS) if position[name] != advice[name]]
    justification = (justification or "").strip()
    if overrides and not justification:
        raise ValidationError(
            {
                "justification": [
                    _("You decided differently from the advice on: %(fields)s. Write down why.")
                    % {"fields": explanations.verdict_labels(overrides)}
                ]
            }
        )
    assessment.dpo_risk = position["risk"]
    for name in VERDICTS:
        setattr(assessment, f"dpo_{name}", position[name])
    assessment.dpo_overrides, assessment.dpo_justification = overrides, justification
    assessment.decided_by, assessment.decided_at = actor, timezone.now()
    assessment.save()
    rationale = justification if overrides else _rationale(assessment)
    incident_set_verdicts(
        incident=incident,
        risk_level=position["risk"],
        risk_rationale=rationale,
        **{name: position[name] for name in VERDICTS},
    )
    events.dpo_decision_event(incident=incident, actor=actor, assessment=assessment)
    return assessment


def _check_position(position: dict[str, Any]) -> None:
    errors = {}
    if position["risk"] not in Incident.RiskLevel.values:
        errors["risk"] = [_("Choose one of: %(levels)s.") % {"levels": ", ".join(Incident.RiskLevel.values)}]
    for name in ("notify_authority", "notify_subjects", "public_communication"):
        if not isinstance(position[name], bool):
            errors[name] = [_("Say yes or no.")]
    if errors:
        raise ValidationError(errors)
