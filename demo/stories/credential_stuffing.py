"""The authority side: customer accounts taken over by credential stuffing, logged 40 hours ago, contained, assessed
as high risk, agreed and approved; its initial notice to the AP drafted by Sanne, approved by Dora (four eyes) and
filed by Daan with the AP's reference — so the AP document and the notice page can be seen at once."""

from demo import data, notices
from demo.steps import Cast, assess, contain, decide, log, move
from incidents.models import Incident
from reports import services as report_services

INCIDENT = data.CREDENTIAL_STUFFING


def tell(cast: Cast) -> Incident:
    sanne, daan = cast.users["sanne"], cast.users["daan"]
    return log(
        cast,
        INCIDENT,
        steps=[
            move(sanne, "start_triage"),
            move(sanne, "confirm_breach"),
            contain(sanne, cast.dated(INCIDENT["containment"])),
            move(sanne, "start_assessment"),
            assess(sanne, INCIDENT["assessment"]),
            decide(daan),
            move(daan, "approve"),
        ],
    )


def follow_up(cast: Cast, incident: Incident) -> None:
    """The initial notice to the AP, each step only if not taken yet."""
    sanne, daan, dora = cast.users["sanne"], cast.users["daan"], cast.users["dora"]
    told = INCIDENT["authority_notice"]
    notice = notices.authority_notice(incident, told["authority"])
    if notice is None:
        if not notices.in_working_state(incident):
            return
        notice = notices.authority_notice_draft(actor=sanne, incident=incident, authority=told["authority"])
    # What only a person knows goes straight into the AP's form; what is not known yet (the number of records, the
    # people told: nobody yet) follows later, as each step acknowledges (Art. 33(4)).
    if notices.is_draft(notice):
        report_services.notice_form_record(actor=sanne, notice_id=notice.pk, answers=told["answers"])
    notice = notices.submitted(notice, actor=sanne, acknowledge_missing=True)
    notice = notices.approved(notice, actor=dora, acknowledge_missing=True)
    notices.filed(notice, actor=daan, reference=told["reference"], acknowledge_missing=True)
