"""Reading the state machine: which transitions exist, which this user may take now, and what blocks the rest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django_fsm import Transition

from incidents.models import Incident


def _field():
    return Incident._meta.get_field("status")


def all_transition_names() -> list[str]:
    return sorted({t.name for t in _field().get_all_transitions(Incident)})


def transition_for(incident: Incident, name: str) -> Transition | None:
    """The transition called ``name`` out of the incident's current state, if there is one."""
    method = getattr(Incident, name, None) if name in all_transition_names() else None
    if method is None:
        return None
    return method._django_fsm.get_transition(incident.status)


def transition_blockers(incident: Incident, found: Transition) -> list[str]:
    """What keeps a transition from being taken: each failing condition's own explanation, or its hint."""
    blockers: list[str] = []
    for check in found.conditions:
        if check(incident):
            continue
        explain = getattr(check, "explain", None)
        if explain is not None:
            blockers.extend(str(message) for message in explain(incident))
        else:
            blockers.append(str(getattr(check, "hint", check.__name__)))
    return blockers


@dataclass(frozen=True)
class TransitionOption:
    name: str
    label: str
    target: Any
    reason: str  # "required", "optional" or ""
    style: str
    blockers: tuple[str, ...]
    panel: str = ""  # taken in another app's panel (e.g. "risk": finalising the assessment submits it)

    @property
    def available(self) -> bool:
        return not self.blockers


def transition_options(incident: Incident, user: Any) -> list[TransitionOption]:
    """Transitions out of the current state that this user's role allows, each with what still blocks it."""
    options = []
    for found in _field().get_all_transitions(Incident):
        if found.source != incident.status or not found.has_perm(incident, user):
            continue
        options.append(
            TransitionOption(
                name=found.name,
                label=str(found.custom.get("label", found.name)),
                target=found.target,
                reason=found.custom.get("reason", ""),
                style=found.custom.get("style", "primary"),
                blockers=tuple(transition_blockers(incident, found)),
                panel=found.custom.get("panel", ""),
            )
        )
    return options


def available_transition_names(incident: Incident, user: Any) -> list[str]:
    return [option.name for option in transition_options(incident, user) if option.available]
