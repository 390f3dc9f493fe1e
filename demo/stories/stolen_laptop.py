"""An encrypted laptop stolen from a car: assessed as unlikely to result in a risk, agreed, approved and closed
without notification — documented in the register (Art. 33(5))."""

from demo import data
from demo.steps import Cast, assess, contain, decide, link, log, move
from incidents.models import Incident

INCIDENT = data.LAPTOP


def tell(cast: Cast) -> Incident:
    sanne, daan = cast.users["sanne"], cast.users["daan"]
    return log(
        cast,
        INCIDENT,
        steps=[
            link(sanne, INCIDENT["systems"]),
            move(sanne, "start_triage"),
            move(sanne, "confirm_breach"),
            contain(sanne, cast.dated(INCIDENT["containment"])),
            move(sanne, "start_assessment"),
            assess(sanne, INCIDENT["assessment"]),
            decide(daan),
            move(daan, "approve"),
            move(daan, "close", "No notification required; documented in the register (Art. 33(5))."),
        ],
    )
