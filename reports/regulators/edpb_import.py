"""Reading a notice in the EDPB template's JSON (ours, a processor's, a previous tool's) back into breach facts.

Pure: ``facts_from(data, base)`` takes a document valid against the schema and the facts an assessment starts from
(``risk.selectors.starting_facts``) and gives the facts with what the document says put in, the paths it filled
(marked *derived* on the new draft assessment: a person confirms them) and the fields it could not use, with why.

Only what maps back without guessing: the nature, the type of confidentiality breach, the cause, the integrity and
availability losses, and — for a breach of one group, whose totals are that group's — the categories of people and
data and the number of people. The template's options that have no code of ours ("additional", "not yet known",
military staff …) are left out and said so. Nothing else of the breach facts is touched.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, get_args

from reports.regulators.edpb import CAUSES, CONFIDENTIALITY, DATA, SUBJECTS
from risk.engine.facts import DataCategory

OUR_DATA = set(get_args(DataCategory))
FROM_CONFIDENTIALITY = {v: k for k, v in CONFIDENTIALITY.items()}
FROM_CAUSE = {v: k for k, v in CAUSES.items()}
FROM_DATA = {v: k for k, v in DATA.items()} | {"employment_health": "health"}
INTEGRITY = {
    "misused_reversible": ("recoverable", True),
    "misused_irreversible": ("unrecoverable", True),
}


@dataclass
class Imported:
    facts: dict[str, Any]
    filled: list[str] = field(default_factory=list)  # paths of the breach view, as provenance marks name them
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"id", "reason"}

    def skip(self, id: str, reason: str) -> None:
        self.skipped.append({"id": id, "reason": reason})


def facts_from(data: dict[str, Any], base: dict[str, Any]) -> Imported:
    """``data`` must be valid against the schema (``edpb_template.validation_errors``)."""
    given = {
        e["id"]: e["value"] for e in data["fields"] if e["provenance"] != "missing" and e.get("applies", True)
    }
    out = Imported(copy.deepcopy(base))
    facts = out.facts
    _breach_wide(given, facts, out)
    groups = facts.get("groups") or []
    people = {k: given[k] for k in ("65", "68", "70") if given.get(k) is not None}
    if people and len(groups) != 1:
        for id in people:
            out.skip(id, "The breach has several groups: the template's totals cannot be split between them.")
        return out
    if people:
        _people(people, groups[0], out)
    return out


def _breach_wide(given: dict[str, Any], facts: dict[str, Any], out: Imported) -> None:
    if given.get("55") is not None:
        facts["nature"] = list(given["55"])
        out.filled.append("nature")
        if "confidentiality" not in given["55"]:
            facts["confidentiality"] = "none"
            out.filled.append("confidentiality")
    if given.get("56") is not None:
        facts["confidentiality"] = None if given["56"] == "tbd" else FROM_CONFIDENTIALITY[given["56"]]
        out.filled.append("confidentiality")
    if given.get("61") is not None:
        facts["cause"] = None if given["61"] == "tbd" else FROM_CAUSE[given["61"]]
        out.filled.append("cause")
    if given.get("58") is not None:
        _integrity(given["58"], facts, out)
    if given.get("59") in ("temporary", "permanent"):
        facts["availability"] = {**(facts.get("availability") or {}), "loss": given["59"]}
        out.filled.append("availability.loss")
    elif given.get("59") is not None:
        out.skip("59", "“Not determined” is no loss of ours.")


def _integrity(value: str, facts: dict[str, Any], out: Imported) -> None:
    integrity = dict(facts.get("integrity") or {})
    if value in INTEGRITY:
        integrity["loss"], integrity["misused"] = INTEGRITY[value]
        out.filled += ["integrity.loss", "integrity.misused"]
    else:  # altered, no evidence of wrong use: whether it can be restored is not said
        integrity["misused"] = False
        out.filled.append("integrity.misused")
    facts["integrity"] = integrity


def _people(given: dict[str, Any], group: dict[str, Any], out: Imported) -> None:
    if "65" in given:
        codes = [k for k in given["65"] if k in SUBJECTS]
        if len(codes) < len(given["65"]):
            out.skip(
                "65", "Some categories have no code of ours (additional, not yet known, military staff)."
            )
        if codes:
            group["subject_categories"] = codes
            out.filled.append("subject_categories")
    if "68" in given:
        group["subjects_count"] = given["68"]
        out.filled.append("subjects_count")
    if "70" in given:
        codes = list(dict.fromkeys(FROM_DATA[k] for k in given["70"] if k in FROM_DATA))
        if len(codes) < len(given["70"]):
            out.skip("70", "Some types have no code of ours (additional, not yet known).")
        if codes:
            group["data_categories"] = [c for c in codes if c in OUR_DATA]
            out.filled.append("data_categories")
