"""What the dashboard shows above the incident lists besides them. Apps above incidents register their panels (the
notifications app: the checklist of an organisation profile that is not ready), so incidents need not know them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from incidents.models import User


@dataclass(frozen=True)
class Panel:
    """A template included on the dashboard with its context (under the name ``panel``)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelBuilder = Callable[["User"], "Panel | None"]
_BUILDERS: list[PanelBuilder] = []


def register_dashboard_panel(builder: PanelBuilder) -> None:
    if builder not in _BUILDERS:
        _BUILDERS.append(builder)


def panels_for(user: User) -> list[Panel]:
    """The registered panels that have something to show this user, in the order they were registered."""
    return [panel for builder in _BUILDERS if (panel := builder(user)) is not None]
