"""The incident's state machine as the workflow driver knows it (registered in ``IncidentsConfig.ready()``), and
the incident page's reading of it: which transitions this user may take now, and what blocks the rest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_fsm import Transition

from incidents import events, workflow
from incidents.error_codes import IncidentErrorCode as Code
from incidents.models import Incident


def _label(incident: Incident, found: Transition) -> str:
    return str(found.custom.get("label", found.name))


def _wrong_status(incident: Incident, found: Transition | None, name: str) -> str:
    return _("“%(name)s” is not possible while the incident is in “%(status)s”.") % {
        "name": _label(incident, found) if found is not None else name,
        "status": incident.get_status_display(),
    }


def _forbidden(incident: Incident, found: Transition, user: Any) -> str:
    return _("Your role may not do “%(label)s”.") % {"label": _label(incident, found)}


def _reason_given(incident: Incident, found: Transition, reason: str) -> None:
    if found.custom.get("reason") == "required" and not (reason or "").strip():
        raise ValidationError(
            {"reason": [_("A reason is required for “%(label)s”.") % {"label": _label(incident, found)}]}
        )


def _audit(step: workflow.Step) -> None:
    events.transition_event(
        incident=step.obj,
        actor=step.actor,
        name=step.name,
        source=step.source,
        target=step.target,
        reason=step.reason,
        at=step.at,
    )


MACHINE = workflow.Machine(
    model=Incident,
    incident_of=lambda incident: incident,
    audit=_audit,
    refusals=workflow.Refusals(
        not_allowed=Code.TRANSITION_NOT_ALLOWED,
        forbidden=Code.TRANSITION_FORBIDDEN,
        conditions=Code.CONDITIONS_NOT_MET,
        stale=Code.STALE,
        stale_message=lambda: _(
            "Someone else changed this incident at the same moment; reload and try again."
        ),
    ),
    label=_label,
    wrong_status=_wrong_status,
    forbidden=_forbidden,
    check=_reason_given,
    reason_to_method=True,
    order=(
        "start_triage",
        "confirm_breach",
        "close_not_breach",
        "start_assessment",
        "submit_for_approval",
        "approve",
        "return_to_assessment",
        "close",
        "reopen",
    ),
)


def all_transition_names() -> list[str]:
    return MACHINE.names()


def transition_for(incident: Incident, name: str) -> Transition | None:
    """The transition called ``name`` out of the incident's current state, if there is one."""
    return workflow.transition_from(incident, name) if name in all_transition_names() else None


def transition_blockers(incident: Incident, found: Transition) -> list[str]:
    """What keeps a transition from being taken: each failing condition's own explanation, or its hint."""
    return workflow.blockers(incident, found)


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
    """Transitions out of the current state that this user's role allows, each with what still blocks it
    (the driver's ``options()``, without those of other states or of other roles)."""
    listed = []
    for option in workflow.options(incident, user):
        if option.obstacle in (workflow.STATUS, workflow.ROLE):
            continue
        found = transition_for(incident, option.name)
        listed.append(
            TransitionOption(
                name=option.name,
                label=option.label,
                target=found.target,
                reason=found.custom.get("reason", ""),
                style=found.custom.get("style", "primary"),
                blockers=tuple(transition_blockers(incident, found)),
                panel=found.custom.get("panel", ""),
            )
        )
    return listed


def available_transition_names(incident: Incident, user: Any) -> list[str]:
    return [option.name for option in transition_options(incident, user) if option.available]
