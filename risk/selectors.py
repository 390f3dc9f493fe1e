"""Reads of risk assessments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from incidents.models import Incident
from inventory import selectors as inventory_selectors
from inventory.provenance import BREACH_FACT_PATHS, DERIVED, RECORDED, flatten, same_value, set_path
from risk import explanations
from risk.engine.facts import V1_PEOPLE_FIELDS, breach_view, v2_shape
from risk.models import RiskAssessment


def assessments_of(incident: Incident) -> QuerySet[RiskAssessment]:
    return incident.assessments.select_related("created_by", "finalised_by", "decided_by").order_by(
        "-version"
    )


def draft_of(incident: Incident) -> RiskAssessment | None:
    return incident.assessments.filter(finalised_at__isnull=True).first()


def latest_final_of(incident: Incident) -> RiskAssessment | None:
    return incident.assessments.filter(finalised_at__isnull=False).order_by("-version").first()


def rationale_of(incident: Incident) -> str:
    """The incident's reasons for its risk level in the active language (``explanations.rationale_text``)."""
    final = latest_final_of(incident) if incident.risk_rationale else None  # nothing to say: no query
    if final is None:
        return incident.risk_rationale
    return explanations.rationale_text(
        incident.risk_rationale, final.decision, engine_version=final.engine_version, version=final.version
    )


FactSource = Callable[[Incident], dict[str, Any] | None]
_FACT_SOURCES: list[FactSource] = []


def register_fact_source(source: FactSource) -> None:
    """Apps above risk (the portal's import of a processor's alert) offer breach facts a new incident starts
    from; they fill only what neither the incident nor the inventory says."""
    if source not in _FACT_SOURCES:
        _FACT_SOURCES.append(source)


def marked_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """A stored facts object as its provenance marks see it, by path (inventory/provenance.py): the breach as a
    whole (``breach_view``: the groups' categories joined, their people added), since the inventory proposes for
    the whole breach, plus the recipients' detail of a v2 object. A one-group breach has the marks of v1."""
    view = breach_view(facts)
    if facts.get("recipients_detail") is not None:
        view["recipients_detail"] = facts["recipients_detail"]
    return view


def starting_facts(incident: Incident) -> dict[str, Any]:
    """What the facts form starts from, as a (perhaps incomplete) v2 object: the draft, else the last version (a
    new phase starts from the old facts), else what the incident itself already says plus what the inventory
    proposes for its affected systems — derived until a person confirms them (``starting_provenance``); the
    proposals for the people fill the first group. Nothing else is guessed: unknown facts stay empty."""
    previous = draft_of(incident) or latest_final_of(incident)
    if previous is not None:
        return {**v2_shape(previous.facts), "role": incident.our_role}
    facts: dict[str, Any] = {"version": 2, "role": incident.our_role, "summary": incident.description}
    group: dict[str, Any] = {}
    for path, fact in inventory_selectors.fact_values(incident).items():
        if path in BREACH_FACT_PATHS:
            set_path(group if path in V1_PEOPLE_FIELDS else facts, path, fact["value"])
    facts["groups"] = [group]
    for source in _FACT_SOURCES:
        offered = v2_shape(source(incident) or {})
        _fill_missing(facts, {k: v for k, v in offered.items() if k not in ("role", "version")})
    return facts


def _fill_missing(facts: dict[str, Any], offered: dict[str, Any]) -> None:
    for key, value in offered.items():
        if key not in facts:
            facts[key] = value
        elif isinstance(facts[key], dict) and isinstance(value, dict):
            _fill_missing(facts[key], value)
        elif key == "groups" and isinstance(value, list):
            for index, group in enumerate(value):  # group by group, in order; more groups are added
                if index < len(facts[key]):
                    _fill_missing(facts[key][index], group)
                else:
                    facts[key].append(group)


def starting_provenance(incident: Incident) -> dict[str, dict[str, Any]]:
    """For each fact of ``starting_facts`` that came from the inventory, by path: its ``status`` (derived or
    recorded), ``source``, who recorded it and whether it can be confirmed as it stands."""
    proposed = inventory_selectors.fact_values(incident)
    previous = draft_of(incident) or latest_final_of(incident)
    if previous is None:
        return {
            path: _mark(path, fact, fact["status"])
            for path, fact in proposed.items()
            if path in BREACH_FACT_PATHS
        }
    facts = flatten(marked_facts(previous.facts))
    marks = {}
    for path in BREACH_FACT_PATHS:
        fact = proposed.get(path)
        status = previous.provenance.get(path)
        current = fact is not None and same_value(fact["value"], facts.get(path))
        if current and fact["status"] == RECORDED:
            marks[path] = _mark(path, fact, RECORDED)
        elif status == DERIVED:
            source = _("as in version %(v)s, derived from the inventory") % {"v": previous.version}
            marks[path] = _mark(path, fact if current else {"source": source}, DERIVED, confirmable=current)
        elif status == RECORDED and fact is not None:
            marks[path] = _mark(path, {}, RECORDED)
    return marks


def _mark(path: str, fact: dict[str, Any], status: str, confirmable: bool | None = None) -> dict[str, Any]:
    return {
        "path": path,
        "status": status,
        "source": fact.get("source", ""),
        "confirmed_by": fact.get("confirmed_by") if status == RECORDED else None,
        "confirmed_at": fact.get("confirmed_at") if status == RECORDED else None,
        "confirmable": (status == DERIVED) if confirmable is None else confirmable,
    }
