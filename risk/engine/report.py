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


def explain(decision: Decision) -> str:
    """A human-readable report of `decision`: severity with its bases, the verdicts, every reason."""
    lines = [f"Datalek risk engine {decision.engine_version}", ""]
    lines += _severity_lines(decision)
    lines.append("")
    lines += _verdict_lines(decision)
    lines += ["", "Reasons:"]
    for reason in decision.reasons:
        lines.append(f"  - {reason.code} [{reason.article}]")
        lines.append(f"    {reason.text}")
    return "\n".join(lines) + "\n"
