"""Audit events of the obligations, appended to the incident's hash chain (the caller holds the incident's lock)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.events import event_append
from incidents.models import Incident, IncidentEvent, User
from obligations.models import Obligation, ObligationReport


class ObligationEventKind(models.TextChoices):
    EVALUATED = "obligations_evaluated", _("Reporting obligations evaluated")
    ANSWERS = "regime_answers", _("Answers to a regime's test recorded")
    REPORT_STEP = "obligation_report", _("Report of an obligation drafted, approved or filed")
    MOMENT = "obligation_moment", _("Moment a report counts from recorded")


def evaluated_event(
    *, incident: Incident, actor: User | None, changes: list[dict[str, Any]]
) -> IncidentEvent:
    """Each obligation created, ruled out or changed by an evaluation, with its rule set, trigger and reason."""
    return event_append(
        incident=incident, kind=ObligationEventKind.EVALUATED, actor=actor, data={"changes": changes}
    )


def answers_event(*, incident: Incident, actor: User, regime: str, answers: dict[str, Any]) -> IncidentEvent:
    return event_append(
        incident=incident,
        kind=ObligationEventKind.ANSWERS,
        actor=actor,
        data={"regime": regime, "answers": answers},
    )


def obligation_keys(obligation: Obligation) -> dict[str, object]:
    """Which obligation an event is about, by the codes the trail keeps (its labels are the reader's language)."""
    return {
        "obligation": obligation.pk,
        "regime": obligation.regime,
        "variant": obligation.variant,
        "country": obligation.country,
    }


def report_event(
    *, incident: Incident, actor: User | None, report: ObligationReport, step: str, stored: dict[str, str]
) -> IncidentEvent:
    obligation = report.obligation
    return event_append(
        incident=incident,
        kind=ObligationEventKind.REPORT_STEP,
        actor=actor,
        data={
            **obligation_keys(obligation),
            "report": report.code,
            "step": step,
            "state": report.state,
            "filed_at": report.filed_at.isoformat() if report.filed_at else None,
            "reference": report.reference,
            "deadlines_stored": stored,
            # Since the timeline names the report (issue 18): the rule set whose label it has; older events lack it.
            "rule_set": obligation.rule_set,
        },
    )


def moment_event(
    *,
    incident: Incident,
    actor: User,
    obligation: Obligation,
    name: str,
    at: datetime,
    stored: dict[str, str],
) -> IncidentEvent:
    """A moment recorded on an obligation (the incident handled, a corrective measure, a later filing) and the
    deadlines it stored or moved."""
    return event_append(
        incident=incident,
        kind=ObligationEventKind.MOMENT,
        actor=actor,
        data={
            **obligation_keys(obligation),
            "moment": name,
            "at": at.isoformat(),
            "deadlines_stored": stored,
        },
    )
