"""Groups of people (breach facts v2): a customer export on the file server, assessed with two groups — the 1,200
customers whose contact data an attacker may have read (a risk, not a high one) and the one customer whose medical
note was in the same export (health data: high risk, to be told) — and left in assessment, so the form by groups
and the verdict of each group can be seen."""

from demo import data
from demo.steps import Cast, assess_groups, contain, log, move
from incidents.models import Incident

INCIDENT = data.FILE_SERVER


def tell(cast: Cast) -> Incident:
    sanne = cast.users["sanne"]
    return log(
        cast,
        INCIDENT,
        steps=[
            move(sanne, "start_triage"),
            move(sanne, "confirm_breach"),
            contain(sanne, cast.dated(INCIDENT["containment"])),
            move(sanne, "start_assessment"),
            assess_groups(sanne, INCIDENT["assessment"], INCIDENT["groups"]),
        ],
    )
