"""A phished newsletter list: containment still ongoing, the assessment run but not finalised, so the proposed
facts and their provenance (derived, recorded, missing) can be seen."""

from demo import data
from demo.steps import Cast, assess, contain, link, log, move
from incidents.models import Incident

INCIDENT = data.PHISHING


def tell(cast: Cast) -> Incident:
    sanne = cast.users["sanne"]
    return log(
        cast,
        INCIDENT,
        steps=[
            link(sanne, INCIDENT["systems"]),
            move(sanne, "start_triage"),
            move(sanne, "confirm_breach"),
            contain(sanne, cast.dated(INCIDENT["containment"])),
            move(sanne, "start_assessment"),
            assess(sanne, INCIDENT["assessment"], finalise=False),
        ],
    )
