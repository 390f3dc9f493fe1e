"""What must be finished before an incident is closed. Apps above incidents register their checks (the
notifications app: no notice half-way its approval road), so incidents need not know them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from incidents.models import Incident

Check = Callable[["Incident"], list[str]]
_CHECKS: list[Check] = []


def register_close_check(check: Check) -> None:
    if check not in _CHECKS:
        _CHECKS.append(check)


def open_work(incident: Incident) -> list[str]:
    return [message for check in _CHECKS for message in check(incident)]


def nothing_left_open(incident: Incident) -> bool:
    return not open_work(incident)


nothing_left_open.hint = _("Finish what is still open first.")  # type: ignore[attr-defined]
nothing_left_open.explain = open_work  # type: ignore[attr-defined]
