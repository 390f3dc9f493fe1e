"""What a notice says, assembled from the stored facts — the incident, the finalised risk assessment with the
DPO's decision, and our organisation — never from anything that is not in the database.

Authority and controller notices carry every answer with its provenance: ``recorded`` (entered by a person),
``derived`` (computed, e.g. the deadline or the severity: check it before filing) or ``missing`` (not known yet).
Texts a person writes for the notice (``texts``) stay editable until approval; the facts are refreshed from the
incident on request. At approval the whole content is frozen and hashed.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident
from inventory.models import ProcessingActivity
from inventory.selectors import fact_provenance
from notifications import people_texts
from notifications.authorities import by_code
from notifications.contributors import told_by_channel
from notifications.models import Channel, Notice
from notifications.selectors import authorities_resolution
from people.groups import Audience, groups_of, people_by_category
from people.models import AffectedSubject
from processors.models import alert_deadline
from processors.selectors import alert_hours
from risk.engine import assess, parse_facts
from risk.engine.facts import breach_view, one_breach_facts
from risk.engine.rules import SPECIAL_CATEGORIES
from risk.models import RiskAssessment
from risk.selectors import latest_final_of
from vocabulary.codes import SECTORS

RECORDED, DERIVED, MISSING = "recorded", "derived", "missing"
SECTOR_CODES = [code for code, _label in SECTORS]


def at_path(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path ("protection.encryption"); None where a step is missing."""
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def content_sha256(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


class _Answers:
    """Collects answers section by section, each with its provenance."""

    def __init__(self, assessment: RiskAssessment | None) -> None:
        self.facts = breach_view(assessment.facts) if assessment else {}  # the breach as a whole (v1's shape)
        self.fact_provenance = assessment.provenance if assessment else {}
        self.sections: dict[str, dict[str, Any]] = {}
        self.provenance: dict[str, str] = {}

    def put(
        self,
        section: str,
        key: str,
        value: Any,
        provenance: str = RECORDED,
        *,
        required: bool = True,
        none_is_an_answer: bool = False,
    ) -> None:
        """An empty answer is ``missing`` when the forms ask for it; an optional one stays unmarked. With
        ``none_is_an_answer`` an empty list is an answer ("none": no special categories, no exemption …)."""
        empty = value is None or value == "" or (value == [] and not none_is_an_answer)
        self.sections.setdefault(section, {})[key] = value
        self.provenance[f"{section}.{key}"] = (MISSING if required else "") if empty else provenance

    def fact(self, section: str, key: str, path: str) -> None:
        """A breach fact from the assessment, with the provenance the assessment recorded for it."""
        self.put(section, key, at_path(self.facts, path), self.fact_provenance.get(path, RECORDED))


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
    countries = [c.code for c in incident.affected_countries]
    # Cross-border and the other authorities follow from the recorded countries and the authorities decided (the
    # DPO's decision, else what the resolver makes of the countries and the establishments): without recorded
    # countries we do not know, and the answer is missing — never "no" by default.
    cross_border, codes = _authorities(incident) if countries else (None, None)
    a.put("international", "cross_border", cross_border, DERIVED)
    a.put("international", "countries", countries)
    a.put(
        "international",
        "other_authorities",
        [c for c in codes if c != authority.code] if codes is not None else None,
        DERIVED,
        none_is_an_answer=True,
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
        [c for c in categories if c not in SPECIAL_CATEGORIES],
        a.fact_provenance.get("data_categories", RECORDED),
    )
    a.put(
        "data",
        "special_categories",
        [c for c in categories if c in SPECIAL_CATEGORIES] if categories else None,
        a.fact_provenance.get("data_categories", RECORDED),
        none_is_an_answer=True,
    )
    _records_and_elements(a)
    a.fact("subjects", "categories", "subject_categories")
    a.fact("subjects", "count", "subjects_count")
    _groups(a, assessment)
    a.fact("measures_before", "encryption", "protection.encryption")
    a.fact("measures_before", "key_compromised", "protection.key_compromised")
    a.fact("measures_before", "hashing", "protection.hashing")
    a.fact("measures_before", "backup", "protection.backup")
    _consequences(a, assessment, incident)
    a.put("measures_after", "containment_status", incident.containment_status)
    _measures(a, incident)
    a.put("communication", "notify_subjects", incident.notify_subjects)
    a.put("communication", "public_communication", incident.public_communication)
    a.put(
        "communication",
        "exemptions",
        assessment.decision["exemptions"] if assessment else None,
        DERIVED,
        none_is_an_answer=True,
    )
    # What the documents say besides the answers, frozen with them: how the people are told (by letter or
    # e-mail: AP 10.1.7, CNIL §13) and the processors involved (AP 3.3, CNIL §5, EDPB field 38).
    a.put("communication", "channels", people_by_channel(incident), DERIVED, required=False)
    # What was done: the people's notices delivered and the public communication published (AP 10.1.3/10.1.7,
    # CNIL §13) — counted from the deliveries, never assumed.
    a.put("communication", "told", people_told(incident), DERIVED, required=False)
    a.put("controller", "processors", _processors(incident), DERIVED, required=False)
    return {"sections": a.sections, "provenance": a.provenance, "built_at": timezone.now().isoformat()}


def _records_and_elements(a: _Answers) -> None:
    """The number of records (not known to our facts: a person writes it) and which elements of the categories the
    facts name (AP 6.1 asks name, gender, birth date … one by one)."""
    a.put("data", "records", None)
    a.put(
        "data",
        "elements",
        list(a.facts.get("data_elements") or []),
        a.fact_provenance.get("data_elements", RECORDED),
        required=False,
    )


def _groups(a: _Answers, assessment: RiskAssessment | None) -> None:
    """A breach of several groups: what the forms ask as "how many were concerned by what" — each group with its
    number, categories and verdict, the number of people per category of data (health: 1, contact: 1,201), and
    whom the people's notice is for (Art. 34(1): the groups at high risk). Nothing more for a breach of one group:
    its answers above say it all."""
    groups = groups_of(assessment.facts, assessment.decision) if assessment else []
    if len(groups) < 2:
        return
    mark = a.fact_provenance.get("groups", RECORDED)
    a.put("subjects", "groups", [group_answer(g) for g in groups], mark, required=False)
    a.put("data", "people_by_category", people_by_category(groups), DERIVED, required=False)
    audience = Audience(tuple(groups))
    told = [g.label for g in audience.told] if audience.by_group else []
    a.put("communication", "told_groups", told, DERIVED, required=False, none_is_an_answer=True)
    a.put("communication", "told_count", audience.told_count if told else 0, DERIVED, required=False)


def group_answer(group) -> dict[str, Any]:
    """A group of the breach as a notice keeps it (``subjects.groups``)."""
    return {
        "label": group.label,
        "subject_categories": list(group.subject_categories),
        "count": group.subjects_count,
        "data_categories": list(group.data_categories),
        "risk": group.risk,
        "notify_subjects": group.notify_subjects,
        "public_communication": group.public_communication,
        "exemptions": list(group.exemptions),
    }


def people_by_channel(incident: Incident) -> dict[str, int]:
    """How many people on the list are told by e-mail, and how many by letter (no e-mail, a postal address)."""
    counts = AffectedSubject.objects.filter(incident=incident).aggregate(
        by_email=Count("id", filter=~Q(email="")),
        by_post=Count("id", filter=Q(email="") & ~Q(postal_address="")),
    )
    return {"email": counts["by_email"] or 0, "post": counts["by_post"] or 0}


def _authorities(incident: Incident) -> tuple[bool, list[str]]:
    """Whether the processing is cross-border and which authorities are notified: the DPO's decision, else the
    resolver's answer from the recorded countries and establishments."""
    decision = getattr(incident, "authority_decision", None)
    if decision is not None:
        return bool(decision.resolved.get("cross_border")), list(decision.codes)
    resolution = authorities_resolution(incident)
    return bool(resolution.cross_border), list(resolution.codes)


def people_told(incident: Incident) -> dict[str, Any]:
    """The record of telling the people: sent messages of the notices to the people by channel (a letter counts
    once it is marked posted; counted by the outbox, ``contributors.told_by_channel``), and whether a public
    communication is published."""
    by_channel = told_by_channel(incident)
    published = Notice.objects.filter(
        incident=incident,
        kind=Notice.Kind.PUBLIC,
        status=Notice.Status.PUBLISHED,
        unpublished_at__isnull=True,
    ).exclude(phase=Notice.Phase.WITHDRAWAL)
    return {
        "sent": sum(by_channel.values()),
        "email": by_channel.get(Channel.EMAIL, 0),
        "post": by_channel.get(Channel.POST, 0),
        "public": published.exists(),
    }


def _processors(incident: Incident) -> list[dict[str, Any]]:
    """The processors involved, as the incident's facts hold them (proposed from the inventory or recorded)."""
    row = fact_provenance(incident).get("processors")
    return list(row.value) if row is not None and isinstance(row.value, list) else []


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
    a.put("consequences", "reasons", _reasons(assessment.decision), DERIVED)
    # Only a DPO who decided otherwise than the engine's advice gives a justification.
    a.put("consequences", "dpo_justification", assessment.dpo_justification or None, RECORDED, required=False)


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
    nature, categories and approximate numbers, contact point, likely consequences, measures.

    It speaks of *this client's* part of the breach only: when several clients are affected, the data, the people
    and their number come from the activities we do for this client on the affected systems (the inventory,
    marked derived), and the likely consequences are the engine's on those facts — another client's data, or
    the total over all clients, never appear. ``facts`` is the same part as breach facts (role controller), for
    the client's own assessment; frozen with the rest at approval."""
    assessment = latest_final_of(incident)
    scoped = client_facts(incident, client, assessment)
    a = _Answers(assessment)
    org = incident.organisation
    a.put("notice", "client", client.name)
    a.put("notice", "phase", phase)
    a.put("processor", "name", org.name)
    a.put("processor", "incident_reference", incident.reference)
    a.put("contact", "name", org.dpo_name or reporter.display_name())
    a.put("contact", "email", org.dpo_email or reporter.email)
    a.put("contact", "phone", org.dpo_phone, required=False)
    _alert_timeline(a, incident, client)
    a.put("breach", "description", incident.description)
    a.put("breach", "systems", incident.systems_affected)
    a.fact("breach", "nature", "nature")
    facts, marks = (scoped.facts, scoped.marks) if scoped else ({}, {})
    for section, key, path in (
        ("data", "categories", "data_categories"),
        ("subjects", "categories", "subject_categories"),
        ("subjects", "count", "subjects_count"),
    ):
        a.put(section, key, facts.get(path), marks.get(path, RECORDED))
    if scoped and scoped.source:
        a.put("subjects", "source", scoped.source, DERIVED)
    _records_and_elements(a)
    if scoped and scoped.scoped:
        _client_consequences(a, scoped.facts)
    else:
        _consequences(a, assessment, incident)
    _measures(a, incident)
    return {
        "sections": a.sections,
        "provenance": a.provenance,
        "built_at": timezone.now().isoformat(),
        "facts": scoped.facts if scoped else None,
    }


def _alert_timeline(a: _Answers, incident: Incident, client) -> None:
    hours = alert_hours(client)
    a.put("timeline", "occurrence", incident.occurrence)
    a.put(
        "timeline",
        "occurred_from",
        _iso(incident.occurred_from),
        required=incident.occurrence != Incident.Occurrence.UNKNOWN,
    )
    a.put(
        "timeline",
        "occurred_until",
        _iso(incident.occurred_until),
        required=incident.occurrence == Incident.Occurrence.PERIOD,
    )
    a.put("timeline", "aware_at", _iso(incident.aware_at))
    a.put("timeline", "alert_hours", hours, DERIVED)
    a.put("timeline", "alert_deadline", _iso(alert_deadline(incident.aware_at, hours)), DERIVED)


def _client_consequences(a: _Answers, facts: dict[str, Any]) -> None:
    """Clause 9.2(c), likely consequences: the engine's assessment of this client's part of the breach (derived:
    the DPO's decision on the whole breach may say more, and the DPO checks it before approving)."""
    decision = assess(parse_facts(facts)).to_record()
    a.put("consequences", "risk", decision["risk"], DERIVED)
    a.put("consequences", "severity_score", decision["severity"]["score"], DERIVED)
    a.put("consequences", "severity_level", decision["severity"]["level"], DERIVED)
    a.put("consequences", "reasons", _reasons(decision), DERIVED)


def _reasons(decision: dict[str, Any]) -> list[dict[str, Any]]:
    """The engine's reasons other than the verdicts, as stored — code, article, English text and the message behind
    it — so that each document and e-mail says them in its reader's language (risk/explanations.py)."""
    return [r for r in decision["reasons"] if not r["code"].startswith("verdict_")]


@dataclass(frozen=True)
class ClientFacts:
    facts: dict[str, Any]
    marks: dict[str, str]  # provenance of the client-specific facts, by path
    source: (
        dict[str, Any] | None
    )  # where the client's part comes from (None when it is the whole breach): source_text
    scoped: bool  # narrowed to this client (True), or the whole breach (False)


SCOPED_PATHS = ("data_categories", "subject_categories", "subjects_count")


def client_facts(incident: Incident, client, assessment: RiskAssessment | None) -> ClientFacts | None:
    """The finalised breach facts narrowed to ``client``'s part, with role controller (its own assessment).

    The register says which of our activities on the affected systems are done for the client: when each of
    them is done for this client alone (Art. 30(2) keeps the records per controller), their data and subject
    categories (those that leaked) and their number of people (an upper bound) are this client's part. Without
    such activities, a client that is the only one affected gets the facts as they are; with other clients
    affected, the whole breach's values stay, marked derived with a warning, for the DPO to check."""
    if assessment is None:
        return None
    facts = copy.deepcopy(breach_view(assessment.facts))
    marks = {p: assessment.provenance.get(p, RECORDED) for p in SCOPED_PATHS}
    scope = _client_scope(incident, client)
    others = incident.client_organisations.exclude(pk=client.pk).exists()
    source = _source(scope, others, client)
    if scope is not None:
        facts["data_categories"] = [c for c in facts["data_categories"] if c in scope.data] or sorted(
            scope.data
        )
        subjects = [s for s in facts["subject_categories"] if s in scope.subjects]
        facts["subject_categories"] = subjects or sorted(scope.subjects)
        if scope.count is not None:
            count = facts["subjects_count"]  # None while to be determined (v2)
            facts["subjects_count"] = scope.count if count is None else min(count, scope.count)
        marks = dict.fromkeys(SCOPED_PATHS, DERIVED)
    elif others:
        marks = dict.fromkeys(SCOPED_PATHS, DERIVED)
    facts.update(
        role="controller",
        sector=client.sector if client.sector in SECTOR_CODES else "general",
        dpc_adjustment=None,
        summary=incident.description,
    )
    return ClientFacts(
        parse_facts(one_breach_facts(facts, assessment.facts)).to_dict(), marks, source, scope is not None
    )


def _source(scope: _Scope | None, others: bool, client) -> dict[str, Any] | None:
    """Where the client's part comes from, as data (None when it is simply the whole breach): each reader — the
    client's portal, its PDF, our page — says it in their own language (``source_text``)."""
    if scope is not None:
        return {"kind": "register", "activities": list(scope.names), "client": client.name}
    if others:
        return {"kind": "all_clients", "client": client.name}
    return None


def source_text(value) -> str:
    """``subjects.source`` in the active language; a text stored by an earlier version is shown as it is."""
    if not isinstance(value, dict):
        return value
    if value.get("kind") == "register":
        return _("From the register: %(activities)s, done for %(client)s on the affected systems.") % {
            "activities": ", ".join(value.get("activities", ())),
            "client": value.get("client", ""),
        }
    return _(
        "For the whole breach, all clients together: the register does not say which part is %(client)s's "
        "(no activity on the affected systems is done for it alone). Check before approving."
    ) % {"client": value.get("client", "")}


@dataclass(frozen=True)
class _Scope:
    names: list[str]
    data: set[str]
    subjects: set[str]
    count: int | None


def _client_scope(incident: Incident, client) -> _Scope | None:
    """The client's part from the register; None when the register cannot tell it apart — no activity on the
    affected systems for this client, or one done for several clients together (whose numbers mix theirs)."""
    ids = (
        ProcessingActivity.objects.active()
        .filter(
            organisation_id=incident.organisation_id,
            client_organisations=client,
            systems__incident_links__incident=incident,
        )
        .values("id")
    )
    activities = list(
        ProcessingActivity.objects.filter(id__in=ids)
        .annotate(clients=Count("client_organisations", distinct=True))
        .order_by("name")
        .values("name", "data_categories", "subject_categories", "subjects_count", "clients")
    )
    if not activities or any(a["clients"] > 1 for a in activities):
        return None
    counts = [a["subjects_count"] for a in activities]
    return _Scope(
        names=[a["name"] for a in activities],
        data={c for a in activities for c in a["data_categories"]},
        subjects={c for a in activities for c in a["subject_categories"]},
        count=None if None in counts else sum(counts),
    )


def subjects_content(incident: Incident, languages: list[str]) -> dict[str, Any]:
    """The communication to the people (Art. 34(2)) in each language: ``notifications.people_texts``."""
    return people_texts.subjects_content(incident, languages)


def subject_texts(incident: Incident, language: str, *, organisation=None) -> dict[str, str]:
    """The people's texts in ``language`` for the breach as a whole, composed from the facts
    (``notifications.people_texts``), from ``organisation`` (a client on whose behalf we tell them) or ours; the
    DPO may edit them before approval."""
    return people_texts.texts(incident, language, organisation=organisation)


def public_texts(incident: Incident, language: str) -> dict[str, str]:
    """The public communication's texts in ``language`` (Art. 34(3)(c))."""
    return people_texts.texts(incident, language, public=True)


def public_content(incident: Incident, language: str) -> dict[str, Any]:
    """The public communication in ``language`` and in the languages of every country concerned."""
    return people_texts.public_content(incident, language)


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
