"""The internal incident report: facts, time line, the risk assessment (the engine's advice and the DPO's decision side
by side, with the breakdown and the reasons), the notices and their status, and the audit trail up to a given event
with its hash — the chain head that proves the report matches the trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext as _

from incidents.audit import verify_chain
from incidents.models import Incident, IncidentEvent
from incidents.selectors import incident_events
from notifications.content import at_path, group_answer
from notifications.labels import CHOICES, group_line
from people.groups import groups_of
from reports.regulators.common import show
from reports.selectors import document_meta, notices_of
from risk.engine.facts import breach_view
from risk.models import VERDICTS, RiskAssessment
from vocabulary import codes as vocab

FACT_ROWS = (
    ("nature", vocab.NATURES),
    ("confidentiality", vocab.CONFIDENTIALITY),
    ("cause", vocab.CAUSES),
    ("recipients", vocab.RECIPIENTS),
    ("recipients_count", None),
    ("data_categories", vocab.DATA_CATEGORIES),
    ("identifiability", vocab.IDENTIFIABILITY),
    ("subject_categories", vocab.SUBJECT_CATEGORIES),
    ("subjects_count", None),
    ("sector", vocab.SECTORS),
    ("protection.encryption", vocab.PROTECTION_LEVELS),
    ("protection.key_compromised", None),
    ("protection.hashing", vocab.PROTECTION_LEVELS),
    ("protection.backup", vocab.BACKUP),
    ("availability.loss", vocab.AVAILABILITY_LOSS),
    ("availability.impact", vocab.AVAILABILITY_IMPACT),
    ("integrity.loss", vocab.INTEGRITY_LOSS),
    ("mitigation.description", None),
)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    mark: str = ""


def _text(value: Any, choices) -> str:
    labels = dict(choices or ())
    if isinstance(value, list):
        value = [str(labels.get(v, v)) for v in value]
    elif value in labels:
        value = str(labels[value])
    return "; ".join(show(value, {True: _("yes"), False: _("no")})) or "—"


def fact_rows(assessment: RiskAssessment) -> list[Row]:
    """The facts of the breach as a whole (``breach_view``), and for a breach of several groups a row per group
    after the number of people: each group's number, people, data and verdict."""
    labels = _fact_labels()
    facts = breach_view(assessment.facts)
    rows = []
    for path, choices in FACT_ROWS:
        rows.append(
            Row(labels[path], _text(at_path(facts, path), choices), assessment.provenance.get(path, ""))
        )
        if path == "subjects_count":
            rows += _group_rows(assessment)
    return rows


def _group_rows(assessment: RiskAssessment) -> list[Row]:
    groups = groups_of(assessment.facts, assessment.decision)
    if len(groups) < 2:
        return []
    return [Row(_("Group “%(group)s”") % {"group": g.label}, group_line(group_answer(g))) for g in groups]


def _fact_labels() -> dict[str, str]:
    return {
        "nature": _("Nature of the breach"),
        "confidentiality": _("Was the data accessed?"),
        "cause": _("Cause"),
        "recipients": _("Who may have the data"),
        "recipients_count": _("Number of recipients"),
        "data_categories": _("Categories of personal data"),
        "identifiability": _("Ease of identification"),
        "subject_categories": _("Categories of people"),
        "subjects_count": _("Number of people"),
        "sector": _("Sector"),
        "protection.encryption": _("Encryption"),
        "protection.key_compromised": _("Key compromised"),
        "protection.hashing": _("Hashing"),
        "protection.backup": _("Backup"),
        "availability.loss": _("Loss of availability"),
        "availability.impact": _("Impact of the unavailability"),
        "integrity.loss": _("Loss of integrity"),
        "mitigation.description": _("Mitigation"),
    }


def verdict_rows(assessment: RiskAssessment) -> list[dict[str, Any]]:
    """The engine's advice and the DPO's decision, verdict by verdict."""
    labels = {
        "risk": _("Risk"),
        "notify_authority": _("Notify the authority (Art. 33)"),
        "notify_subjects": _("Tell the people (Art. 34)"),
        "public_communication": _("Public communication (Art. 34(3)(c))"),
        "notify_controllers": _("Alert the controllers (Art. 33(2))"),
    }
    risks = dict(CHOICES["consequences.risk"])
    advice, position = assessment.advice, assessment.dpo_position
    rows = []
    for key in ("risk", *VERDICTS):
        engine, dpo = advice.get(key), position.get(key)
        if key == "risk":
            engine, dpo = str(risks.get(engine, engine)), str(risks.get(dpo, dpo or "")) or None
        rows.append(
            {
                "label": labels[key],
                "engine": _text(engine, None),
                "dpo": _text(dpo, None) if assessment.is_decided else "—",
                "differs": key in (assessment.dpo_overrides or []),
            }
        )
    return rows


def events_upto(incident: Incident, upto: int) -> list[IncidentEvent]:
    return list(incident_events(incident).filter(sequence__lte=upto))


def chain_intact(incident: Incident, events: list[IncidentEvent]) -> bool:
    """The events up to the report's last one link and match their hashes (the chain's later part is not the
    report's business: it grows with every change, including this report's own rendering)."""
    if not events:
        return True
    head = SimpleNamespace(
        id=incident.id,
        reference=incident.reference,
        audit_event_count=len(events),
        audit_head_hash=events[-1].hash,
    )
    return not verify_chain(head, events)


def incident_report_context(
    incident: Incident, *, upto: int, version: str, created: datetime | None, language: str
) -> dict[str, Any]:
    assessments = list(
        incident.assessments.filter(finalised_at__isnull=False)
        .select_related("finalised_by", "decided_by")
        .order_by("-version")
    )
    latest = assessments[0] if assessments else None
    events = events_upto(incident, upto)
    return {
        "doc": document_meta(
            kind="incident_report",
            reference=incident.reference,
            language=language,
            version=version,
            created=created,
            author=incident.organisation.name,
        ),
        "incident": incident,
        "clients": list(incident.client_organisations.order_by("name")),
        "systems": list(incident.inventory_links.select_related("system").order_by("system__name")),
        "evidence": list(incident.evidence.select_related("uploaded_by")),
        "assessment": latest,
        "older_assessments": assessments[1:],
        "facts": fact_rows(latest) if latest else [],
        "verdicts": verdict_rows(latest) if latest else [],
        "severity": latest.decision["severity"] if latest else None,
        "reasons": latest.decision["reasons"] if latest else [],
        "notices": notices_of(incident),
        "events": events,
        "head": events[-1] if events else None,
        "chain_intact": chain_intact(incident, events),
    }
