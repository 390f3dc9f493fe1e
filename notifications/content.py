"""What a notice says, assembled from the stored facts — the incident, the finalised risk assessment with the
DPO's decision, and our organisation — never from anything that is not in the database.

Authority and controller notices carry every answer with its provenance: ``recorded`` (entered by a person),
``derived`` (computed, e.g. the deadline or the severity: check it before filing) or ``missing`` (not known yet).
Texts a person writes for the notice (``texts``) stay editable until approval; the facts are refreshed from the
incident on request. At approval the whole content is frozen and hashed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incidents.models import Incident
from notifications.authorities import by_code
from risk.forms import DATA_CATEGORIES
from risk.models import RiskAssessment
from risk.selectors import latest_final_of

RECORDED, DERIVED, MISSING = "recorded", "derived", "missing"
SPECIAL = {
    "health",
    "genetic",
    "biometric",
    "racial_ethnic",
    "political",
    "religious",
    "trade_union",
    "sex_life",
}


def content_sha256(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


class _Answers:
    """Collects answers section by section, each with its provenance."""

    def __init__(self, assessment: RiskAssessment | None) -> None:
        self.facts = assessment.facts if assessment else {}
        self.fact_provenance = assessment.provenance if assessment else {}
        self.sections: dict[str, dict[str, Any]] = {}
        self.provenance: dict[str, str] = {}

    def put(
        self, section: str, key: str, value: Any, provenance: str = RECORDED, *, required: bool = True
    ) -> None:
        """An empty answer is ``missing`` when the forms ask for it; an optional one stays unmarked."""
        empty = value is None or value == "" or value == []
        self.sections.setdefault(section, {})[key] = value
        self.provenance[f"{section}.{key}"] = (MISSING if required else "") if empty else provenance

    def fact(self, section: str, key: str, path: str) -> None:
        """A breach fact from the assessment, with the provenance the assessment recorded for it."""
        value: Any = self.facts
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        self.put(section, key, value, self.fact_provenance.get(path, RECORDED))


def authority_content(
    incident: Incident, authority_code: str, *, reporter, phase: str, late_reason: str = ""
) -> dict[str, Any]:
    """The complete notice to a supervisory authority (Art. 33(3)), in the canonical order of the EDPB template;
    the reports render it in each regulator's own structure."""
    authority = by_code(authority_code)
    assessment = latest_final_of(incident)
    a = _Answers(assessment)
    org = incident.organisation
    a.put("notice", "authority", authority.code, DERIVED)
    a.put("notice", "authority_name", authority.name, DERIVED)
    a.put("notice", "phase", phase)
    for key in (
        "name",
        "registration_number",
        "address",
        "sector",
        "dpo_name",
        "dpo_email",
        "dpo_phone",
        "dpo_registration_number",
    ):
        a.put("controller", key, getattr(org, key))
    a.put("controller", "country", org.country.code)
    a.put("reporter", "name", reporter.display_name())
    a.put("reporter", "email", reporter.email)
    decision = getattr(incident, "authority_decision", None)
    a.put("international", "cross_border", bool(decision and decision.resolved.get("cross_border")), DERIVED)
    a.put("international", "countries", [c.code for c in incident.affected_countries])
    a.put(
        "international",
        "other_authorities",
        [c for c in (decision.codes if decision else []) if c != authority.code],
        DERIVED,
    )
    a.put("timeline", "occurrence", incident.occurrence)
    a.put("timeline", "occurred_from", _iso(incident.occurred_from))
    a.put(
        "timeline",
        "occurred_until",
        _iso(incident.occurred_until),
        required=incident.occurrence == Incident.Occurrence.PERIOD,
    )
    a.put("timeline", "detected_at", _iso(incident.detected_at))
    a.put("timeline", "discovery_channel", incident.discovery_channel)
    a.put("timeline", "aware_at", _iso(incident.aware_at))
    a.put("timeline", "aware_established_by", incident.aware_established_by)
    a.put("timeline", "aware_justification", incident.aware_justification)
    a.put("timeline", "deadline", _iso(incident.authority_deadline), DERIVED)
    a.put("timeline", "late_reason", late_reason, required=timezone.now() > incident.authority_deadline)
    a.put("breach", "description", incident.description)
    a.put("breach", "systems", incident.systems_affected)
    a.fact("breach", "nature", "nature")
    a.fact("breach", "confidentiality", "confidentiality")
    a.fact("breach", "cause", "cause")
    a.fact("breach", "recipients", "recipients")
    categories = a.facts.get("data_categories") or []
    a.put(
        "data",
        "categories",
        [c for c in categories if c not in SPECIAL],
        a.fact_provenance.get("data_categories", RECORDED),
    )
    a.put(
        "data",
        "special_categories",
        [c for c in categories if c in SPECIAL] if categories else None,
        a.fact_provenance.get("data_categories", RECORDED),
    )
    a.put("data", "records", None)
    a.fact("subjects", "categories", "subject_categories")
    a.fact("subjects", "count", "subjects_count")
    a.fact("measures_before", "encryption", "protection.encryption")
    a.fact("measures_before", "key_compromised", "protection.key_compromised")
    a.fact("measures_before", "hashing", "protection.hashing")
    a.fact("measures_before", "backup", "protection.backup")
    _consequences(a, assessment, incident)
    a.put("measures_after", "containment_status", incident.containment_status)
    _measures(a, incident)
    a.put("communication", "notify_subjects", incident.notify_subjects)
    a.put("communication", "public_communication", incident.public_communication)
    a.put("communication", "exemptions", assessment.decision["exemptions"] if assessment else None, DERIVED)
    return {"sections": a.sections, "provenance": a.provenance, "built_at": timezone.now().isoformat()}


def _consequences(a: _Answers, assessment: RiskAssessment | None, incident: Incident) -> None:
    if assessment is None:
        for key in ("risk", "severity_score", "severity_level", "reasons"):
            a.put("consequences", key, None)
        return
    severity = assessment.decision["severity"]
    decided = assessment.is_decided
    a.put(
        "consequences",
        "risk",
        incident.risk_level or assessment.decision["risk"],
        RECORDED if decided else DERIVED,
    )
    a.put("consequences", "severity_score", severity["score"], DERIVED)
    a.put("consequences", "severity_level", severity["level"], DERIVED)
    a.put(
        "consequences",
        "reasons",
        [
            f"{r['article']}: {r['text']}"
            for r in assessment.decision["reasons"]
            if not r["code"].startswith("verdict_")
        ],
        DERIVED,
    )
    a.put("consequences", "dpo_justification", assessment.dpo_justification or None, RECORDED)


def _measures(a: _Answers, incident: Incident) -> None:
    """Art. 33(3)(d): measures taken or proposed; one of them is enough for the answer to be there."""
    any_measure = bool(
        incident.containment_measures
        or incident.containment_plan
        or (a.facts.get("mitigation") or {}).get("description")
    )
    a.put("measures_after", "containment_measures", incident.containment_measures, required=not any_measure)
    a.put("measures_after", "containment_plan", incident.containment_plan, required=not any_measure)
    value = (a.facts.get("mitigation") or {}).get("description")
    a.put(
        "measures_after",
        "mitigation",
        value,
        a.fact_provenance.get("mitigation.description", RECORDED),
        required=not any_measure,
    )


def controller_alert_content(incident: Incident, client, *, reporter, phase: str) -> dict[str, Any]:
    """The processor's alert to a controller client, with the content of the EU Art. 28 clauses, clause 9.2:
    nature, categories and approximate numbers, contact point, likely consequences, measures."""
    assessment = latest_final_of(incident)
    a = _Answers(assessment)
    org = incident.organisation
    a.put("notice", "client", client.name)
    a.put("notice", "phase", phase)
    a.put("processor", "name", org.name)
    a.put("contact", "name", org.dpo_name or reporter.display_name())
    a.put("contact", "email", org.dpo_email or reporter.email)
    a.put("contact", "phone", org.dpo_phone)
    a.put("timeline", "aware_at", _iso(incident.aware_at))
    a.put("timeline", "occurred_from", _iso(incident.occurred_from))
    a.put("timeline", "occurred_until", _iso(incident.occurred_until))
    a.put("breach", "description", incident.description)
    a.put("breach", "systems", incident.systems_affected)
    a.fact("breach", "nature", "nature")
    a.fact("data", "categories", "data_categories")
    a.fact("subjects", "categories", "subject_categories")
    a.fact("subjects", "count", "subjects_count")
    a.put("data", "records", None)
    _consequences(a, assessment, incident)
    _measures(a, incident)
    return {"sections": a.sections, "provenance": a.provenance, "built_at": timezone.now().isoformat()}


def subject_texts(incident: Incident, language: str) -> dict[str, str]:
    """A first draft, in plain language, of the communication to the people (Art. 34(2)): what happened, which
    data, the likely consequences, what we did, what they can do, whom to contact. The DPO edits it."""
    assessment = latest_final_of(incident)
    facts = assessment.facts if assessment else {}
    org = incident.organisation
    with translation.override(language):
        labels = dict(DATA_CATEGORIES)
        categories = ", ".join(str(labels.get(c, c)) for c in facts.get("data_categories", []))
        return {
            "subject": _("Important: your personal data at %(org)s") % {"org": org.name},
            "what_happened": incident.description,
            "data": _("The data concerned: %(categories)s.") % {"categories": categories}
            if categories
            else "",
            "consequences": _(
                "Someone could misuse this information, for example to send you convincing phishing "
                "messages or to commit fraud in your name."
            ),
            "measures": " ".join(
                filter(
                    None,
                    [
                        incident.containment_measures,
                        incident.containment_plan,
                        (facts.get("mitigation") or {}).get("description", ""),
                    ],
                )
            ),
            "advice": _(
                "Be alert to unexpected e-mails, text messages or calls that refer to us or ask for "
                "personal details or payments. Change your password if you used it elsewhere."
            ),
            "contact": _("Questions? Contact %(name)s at %(email)s.")
            % {"name": org.dpo_name or org.name, "email": org.dpo_email or "—"},
        }


def public_texts(incident: Incident, language: str) -> dict[str, str]:
    with translation.override(language):
        texts = subject_texts(incident, language)
        texts["title"] = _("Data breach at %(org)s") % {"org": incident.organisation.name}
        return texts


def changes_between(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed since the previous phase, answer by answer (Art. 33(4))."""
    if not previous:
        return []
    before, after = _flatten(previous), _flatten(current)
    return [
        {"path": path, "old": before.get(path), "new": after.get(path)}
        for path in sorted(set(before) | set(after))
        if before.get(path) != after.get(path) and not path.startswith(("provenance.", "built_at"))
    ]


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): value}
