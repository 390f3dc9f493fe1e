"""The one workflow driver for every state machine (the incident, a notice, a client's alert).

Each app registers its machines (``register(Machine(...))``, in its ``AppConfig.ready()``), as it registers the
kinds of its audit events; this module names no higher app. Two entry points:

- ``options(obj, user)`` — what this user could do with the object: every transition of its machine that applies
  to it, each with whether it is available now and, when not, why in words (wrong status, not your role, four
  eyes, conditions not met …). The pages derive their buttons from it, and so does the personal inbox.
- ``take(obj, name, actor, **data)`` — take one transition: lock (the incident first, then the object under it,
  through ``lock_objects``), check, transition, save only the fields that changed and write the audit event,
  all in one transaction. A refusal is a ``DomainError`` with the machine's own error codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django_fsm import ANY_OTHER_STATE, ANY_STATE, ConcurrentTransition, Transition

from datalek.errors import Conflict, DomainError
from incidents import lock_objects
from incidents.models import Incident

# Why a transition is not available (``Option.obstacle``): the pages hide an option whose status is wrong and
# show the reason of the others instead of a button.
STATUS, ROLE, CONDITIONS = "status", "role", "conditions"


@dataclass(frozen=True)
class Option:
    """One transition of an object's machine, as this user sees it now."""

    name: str
    label: str
    available: bool
    reason: str  # why it is not available, in words ("" when it is)
    obstacle: str = ""  # STATUS, ROLE or CONDITIONS when not available
    target: Any = None
    style: str = "primary"


@dataclass(frozen=True)
class Step:
    """A transition being taken, as the machine's audit writer receives it."""

    obj: models.Model
    incident: Incident
    actor: Any
    name: str
    source: str
    target: str
    reason: str
    at: datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class Refusals:
    """The error codes a machine answers with (each app keeps its own codes)."""

    not_allowed: str
    forbidden: str
    conditions: str
    stale: str
    stale_message: Callable[[], str]


@dataclass(frozen=True)
class Machine:
    model: type[models.Model]
    incident_of: Callable[
        [Any], Incident
    ]  # the incident whose lock is taken first (the object itself, or its own)
    audit: Callable[[Step], Any]  # writes the audit event of a step
    refusals: Refusals
    label: Callable[[Any, Transition], str]
    wrong_status: Callable[[Any, Transition | None, str], str]  # obj, the transition (if known), its name
    forbidden: Callable[[Any, Transition, Any], str]  # obj, transition, user
    applies: Callable[[Any, str], bool] = lambda obj, name: True
    system: frozenset[str] = frozenset()  # taken by the system only (never offered to a person)
    reason_to_method: bool = False  # the transition method takes the reason (the incident keeps it)
    check: Callable[[Any, Transition, str], None] = lambda obj, found, reason: (
        None
    )  # last check (obj, t, reason)
    field_name: str = "status"
    order: tuple[str, ...] = field(default=())

    def status_field(self):
        return self.model._meta.get_field(self.field_name)

    def transitions(self) -> list[Transition]:
        found = list(self.status_field().get_all_transitions(self.model))
        rank = {name: i for i, name in enumerate(self.order)}
        return sorted(found, key=lambda t: (rank.get(t.name, len(rank)), t.name))

    def names(self) -> list[str]:
        return sorted({t.name for t in self.transitions()})


_MACHINES: dict[type[models.Model], Machine] = {}


def register(machine: Machine) -> None:
    _MACHINES[machine.model] = machine


def machine_of(obj_or_model: Any) -> Machine:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in _MACHINES:
            return _MACHINES[klass]
    raise LookupError(f"No state machine is registered for {model.__name__}.")


def transition_from(obj: Any, name: str) -> Transition | None:
    """The transition called ``name`` out of the object's current status, if there is one (the same precedence
    as django-fsm: the exact source, then any state, then any other state)."""
    machine = machine_of(obj)
    status = getattr(obj, machine.field_name)
    by_source = {t.source: t for t in machine.transitions() if t.name == name}
    found = by_source.get(status) or by_source.get(ANY_STATE)
    if found is None and ANY_OTHER_STATE in by_source and by_source[ANY_OTHER_STATE].target != status:
        found = by_source[ANY_OTHER_STATE]
    return found


def blockers(obj: Any, found: Transition) -> list[str]:
    """What keeps a transition from being taken: each failing condition's own explanation, or its hint."""
    said: list[str] = []
    for check in found.conditions:
        if check(obj):
            continue
        explain = getattr(check, "explain", None)
        if explain is not None:
            said.extend(str(message) for message in explain(obj))
        else:
            said.append(str(getattr(check, "hint", check.__name__)))
    return said


def options(obj: Any, user: Any) -> list[Option]:
    """Every transition of the object's machine that applies to it, in the machine's order, as ``user`` sees it
    now: ``available`` when the user may take it at once; otherwise ``reason`` says why in words and
    ``obstacle`` says what kind of reason it is (``STATUS``: not from the current status; ``ROLE``: not for this
    user, e.g. four eyes; ``CONDITIONS``: something must be done first). Transitions the system takes on its own
    (e.g. a notice's "sent") are never listed. Reads only: no lock, no write.

    ``options(obj, user) -> list[Option]``, ``Option(name, label, available, reason, obstacle, target, style)``.
    """
    machine = machine_of(obj)
    listed: list[Option] = []
    seen: set[str] = set()
    for candidate in machine.transitions():
        name = candidate.name
        if name in seen or name in machine.system or not machine.applies(obj, name):
            continue
        seen.add(name)
        found = transition_from(obj, name)
        if found is None:
            listed.append(
                Option(
                    name,
                    machine.label(obj, candidate),
                    False,
                    machine.wrong_status(obj, candidate, name),
                    STATUS,
                    candidate.target,
                    candidate.custom.get("style", "primary"),
                )
            )
            continue
        label, style = machine.label(obj, found), found.custom.get("style", "primary")
        if not found.has_perm(obj, user):
            listed.append(
                Option(name, label, False, machine.forbidden(obj, found, user), ROLE, found.target, style)
            )
            continue
        blocked = blockers(obj, found)
        listed.append(
            Option(
                name,
                label,
                not blocked,
                " ".join(blocked),
                CONDITIONS if blocked else "",
                found.target,
                style,
            )
        )
    return listed


def available(obj: Any, user: Any) -> list[Option]:
    return [option for option in options(obj, user) if option.available]


def take(obj: Any, name: str, actor: Any, *, reason: str = "", **data: Any) -> Any:
    """Take the transition ``name`` on ``obj`` for ``actor`` (``None``: the system, e.g. the outbox finishing a
    notice), in one transaction: the incident is locked first, then the object under it (``lock_objects``); the
    status read under the lock must be the one ``obj`` holds (else: someone else moved it, 409); the transition
    must exist from that status, the actor's role must allow it and its conditions must hold; then the transition
    method runs with ``data``, only the changed fields are saved (``update_fields``) and the machine writes the
    audit event. Returns ``obj``, transitioned."""
    machine = machine_of(obj)
    refusals = machine.refusals
    with transaction.atomic():
        incident = machine.incident_of(obj)
        stored = lock_objects.lock_in_order(incident, obj)
        if getattr(stored, machine.field_name) != getattr(obj, machine.field_name):
            raise Conflict(refusals.stale, refusals.stale_message())
        found = transition_from(obj, name)
        if found is None or (name in machine.system and actor is not None) or not machine.applies(obj, name):
            raise DomainError(refusals.not_allowed, machine.wrong_status(obj, found, name), status=409)
        if actor is not None and not found.has_perm(obj, actor):
            raise DomainError(refusals.forbidden, machine.forbidden(obj, found, actor), status=403)
        blocked = blockers(obj, found)
        if blocked:
            raise DomainError(refusals.conditions, " ".join(blocked), status=409)
        machine.check(obj, found, reason)

        source, at = getattr(obj, machine.field_name), timezone.now()
        arguments = dict(data)
        if actor is not None:
            arguments["by"] = actor
        if machine.reason_to_method:
            arguments["reason"] = reason
        getattr(obj, name)(at=at, **arguments)
        try:
            obj.save(update_fields=changed_fields(stored, obj))
        except ConcurrentTransition as exc:
            raise Conflict(refusals.stale, refusals.stale_message()) from exc
        machine.audit(
            Step(
                obj=obj,
                incident=incident,
                actor=actor,
                name=name,
                source=source,
                target=getattr(obj, machine.field_name),
                reason=reason,
                at=at,
                data=data,
            )
        )
    return obj


def changed_fields(stored: models.Model, obj: models.Model) -> list[str]:
    """The fields in which ``obj`` differs from the row as stored (read under the lock), and the ``auto_now``
    timestamps that every save keeps."""
    names = []
    for model_field in obj._meta.concrete_fields:
        if model_field.primary_key:
            continue
        if getattr(model_field, "auto_now", False) or model_field.value_from_object(
            stored
        ) != model_field.value_from_object(obj):
            names.append(model_field.name)
    return names
