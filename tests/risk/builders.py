"""Breach facts for tests: a harmless baseline that each test changes in the one way it is about."""

from __future__ import annotations

import copy
from typing import Any

from risk.engine import BreachFacts, parse_facts

BASELINE: dict[str, Any] = {
    "role": "controller",
    "sector": "general",
    "nature": ["confidentiality"],
    "confidentiality": "exfiltrated",
    "cause": "internal_accidental",
    "recipients": "known",
    "recipients_count": 1,
    "data_categories": ["basic", "contact"],
    "dpc_adjustment": None,
    "subject_categories": ["customers"],
    "subjects_count": 1,
    "identifiability": "maximum",
    "protection": {"encryption": "none", "key_compromised": False, "hashing": "none", "backup": "recent"},
    "availability": {"loss": "none", "duration_hours": None, "impact": "none"},
    "integrity": {"loss": "none", "misused": False},
    "mitigation": {
        "data_retrieved_or_deleted": False,
        "high_risk_no_longer_likely": False,
        "description": "",
    },
    "individual_notice_disproportionate": False,
}


def facts_dict(**changes: Any) -> dict[str, Any]:
    """The baseline with `changes`; a dict value for a nested object updates only the keys it names."""
    data = copy.deepcopy(BASELINE)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def make_facts(**changes: Any) -> BreachFacts:
    return parse_facts(facts_dict(**changes))
