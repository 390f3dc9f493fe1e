"""An order overview e-mailed to the wrong customer: confirmed as a breach, waiting for containment."""

from demo import data
from demo.steps import Cast, link, log, move
from incidents.models import Incident

INCIDENT = data.WRONG_CUSTOMER


def tell(cast: Cast) -> Incident:
    sanne = cast.users["sanne"]
    return log(
        cast,
        INCIDENT,
        steps=[
            link(sanne, INCIDENT["systems"]),
            move(sanne, "start_triage"),
            move(sanne, "confirm_breach", "Order overview with 14 customers' addresses."),
        ],
    )
