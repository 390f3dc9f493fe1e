"""The backup disk that never reached the vault: logged 80 hours ago and left in detection, its system linked."""

from demo import data
from demo.steps import Cast, link, log
from incidents.models import Incident

INCIDENT = data.BACKUP_DISK


def tell(cast: Cast) -> Incident:
    sanne = cast.users["sanne"]
    return log(cast, INCIDENT, steps=[link(sanne, INCIDENT["systems"])])
