"""The processor side: an attacker in Polderhost's support mailbox, which held exports of its two clients. Assessed
and waiting for the DPO's approval — but a processor alerts its controllers without waiting for that (WP250
§II.A.4): the alert to Bakkerij van Dam is approved and sent (Carla sees it in her portal, and has asked a
question), the one to Tandartspraktijk Zuid awaits approval, its 48 hours running."""

from demo import data, notices
from demo.steps import Cast, assess, contain, link, log, move
from incidents.models import Incident
from portal import services as portal_services
from portal.models import Question

INCIDENT = data.SUPPORT_MAILBOX


def tell(cast: Cast) -> Incident:
    pieter = cast.users["pieter"]
    return log(
        cast,
        INCIDENT,
        steps=[
            link(pieter, INCIDENT["systems"]),
            move(pieter, "start_triage"),
            move(pieter, "confirm_breach"),
            contain(pieter, cast.dated(INCIDENT["containment"])),
            move(pieter, "start_assessment"),
            assess(pieter, INCIDENT["assessment"]),
        ],
    )


def follow_up(cast: Cast, incident: Incident) -> None:
    """The alerts to the two clients and the bakery's question, each step only if not taken yet."""
    if not notices.in_working_state(incident):
        return
    pieter, petra = cast.users["pieter"], cast.users["petra"]
    bakery = notices.controller_alert(incident=incident, client=cast.orgs["bakkerij-van-dam"], drafter=pieter)
    bakery = notices.submitted(bakery, actor=pieter)
    bakery = notices.approved(bakery, actor=petra)
    bakery = notices.sent(bakery, actor=pieter)
    dentist = notices.controller_alert(
        incident=incident, client=cast.orgs["tandartspraktijk-zuid"], drafter=pieter
    )
    notices.submitted(dentist, actor=pieter)
    if not Question.objects.filter(alert=bakery).exists():
        portal_services.question_ask(actor=cast.users["carla"], alert_id=bakery.pk, text=INCIDENT["question"])
