"""A plain-text report of a decision, for people: the ENISA breakdown, the verdicts, the reasons."""

from __future__ import annotations

from risk.engine.decision import Decision

VERDICTS = (
    ("notify_authority", "Notify the supervisory authority (Art. 33(1))"),
    ("notify_subjects", "Communicate to the people (Art. 34(1))"),
    ("public_communication", "Public communication instead (Art. 34(3)(c))"),
    ("notify_controllers", "Alert our controller clients (Art. 33(2))"),
)


def _severity_lines(decision: Decision) -> list[str]:
    sev = decision.severity
    basis = sev.basis
    lines = [
        f"ENISA severity (advisory): SE = {sev.score:g} -> {sev.level}",
        f"  DPC {sev.dpc}: {basis.get('dpc', '')}",
        f"  EI {sev.ei:g}: {basis.get('ei', '')}",
        f"  CB {sev.cb:g}:",
    ]
    lines += [f"    - {part}" for part in basis.get("cb", [])]
    lines.append(f"  {basis.get('score', '')}")
    return lines


def _verdict_lines(decision: Decision) -> list[str]:
    lines = [f"Risk: {decision.risk}"]
    for attribute, label in VERDICTS:
        lines.append(f"  [{'x' if getattr(decision, attribute) else ' '}] {label}")
    exemptions = ", ".join(decision.exemptions) or "none"
    lines.append(f"Exemptions (Art. 34(3)): {exemptions}")
    return lines


def _group_lines(decision: Decision) -> list[str]:
    lines = []
    for group in decision.groups:
        v = group.weighing
        people = "?" if group.subjects_count is None else f"{group.subjects_count:,}"
        told = "tell them" if group.notify_subjects else "no individual communication"
        lines.append(f"Group {group.label}: {group.risk} ({people} people; {told})")
        lines.append(
            f"  weighing: consequences {v.consequences:.2f} x holder {v.holder_factor:.2f} ({v.holder}) x likelihood "
            f"{v.likelihood:.2f} x people {v.people_factor:.2f} = index {v.index:.2f}; availability {v.availability:.2f}"
        )
    if decision.to_be_determined:
        more = (
            "; the verdicts depend on them: more information needed"
            if decision.needs_more_information
            else ""
        )
        lines.append(f"To be determined: {', '.join(decision.to_be_determined)}{more}")
    return lines


def explain(decision: Decision) -> str:
    """A human-readable report of `decision`: severity with its bases, the verdicts, every reason."""
    lines = [f"Datalek risk engine {decision.engine_version}", ""]
    lines += _severity_lines(decision)
    lines.append("")
    lines += _verdict_lines(decision)
    lines += _group_lines(decision)
    lines += ["", "Reasons:"]
    for reason in decision.reasons:
        lines.append(f"  - {reason.code} [{reason.article}]")
        lines.append(f"    {reason.text}")
    return "\n".join(lines) + "\n"
