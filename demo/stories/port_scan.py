"""A port scan: triaged and closed by the DPO as not a personal-data breach."""

from demo import data
from demo.steps import Cast, log, move
from incidents.models import Incident

INCIDENT = data.PORT_SCAN


def tell(cast: Cast) -> Incident:
    sanne, daan = cast.users["sanne"], cast.users["daan"]
    return log(
        cast,
        INCIDENT,
        steps=[
            move(sanne, "start_triage"),
            move(
                daan,
                "close_not_breach",
                "Scan only; WAF logs show no request reached the application or database.",
            ),
        ],
    )
