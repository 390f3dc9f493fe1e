"""Audit events of the risk assessment, appended to the incident's hash chain (incidents.events)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from risk.models import RiskAssessment


class RiskEventKind(models.TextChoices):
    ASSESSMENT_RUN = "assessment_run", _("Risk assessment run")
    ASSESSMENT_FINALISED = "assessment_finalised", _("Risk assessment finalised")
    DPO_DECISION = "dpo_decision", _("DPO decision recorded")


def _sha256(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _summary(assessment: RiskAssessment) -> dict[str, Any]:
    severity = assessment.decision["severity"]
    return {
        "version": assessment.version,
        "engine_version": assessment.engine_version,
        "severity": {key: severity[key] for key in ("dpc", "ei", "cb", "score", "level")},
        "advice": assessment.advice,
        "exemptions": assessment.decision["exemptions"],
        "facts_sha256": _sha256(assessment.facts),
        "derived_facts": sorted(
            path for path, mark in (assessment.provenance or {}).items() if mark == "derived"
        ),
        "decision_sha256": _sha256(assessment.decision),
    }


def assessment_run_event(*, incident: Incident, actor: User, assessment: RiskAssessment) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=RiskEventKind.ASSESSMENT_RUN,
        actor=actor,
        at=assessment.updated_at,
        data=_summary(assessment),
    )


def assessment_finalised_event(
    *, incident: Incident, actor: User, assessment: RiskAssessment
) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=RiskEventKind.ASSESSMENT_FINALISED,
        actor=actor,
        at=assessment.finalised_at,
        data=_summary(assessment),
    )


def dpo_decision_event(*, incident: Incident, actor: User, assessment: RiskAssessment) -> IncidentEvent:
    """Both positions, side by side, and the justification when they differ."""
    return event_append(
        incident=incident,
        kind=RiskEventKind.DPO_DECISION,
        actor=actor,
        at=assessment.decided_at,
        data={
            "version": assessment.version,
            "advice": assessment.advice,
            "decision": assessment.dpo_position,
            "overrides": list(assessment.dpo_overrides),
            "justification": assessment.dpo_justification,
        },
    )
