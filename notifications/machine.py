"""The notice's state machine (to an authority, to the people, to the public, and the alert to a controller
client) as the workflow driver knows it: registered in ``NotificationsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_fsm import Transition

from incidents import workflow
from incidents.roles import is_dpo
from notifications import events
from notifications.error_codes import NoticeErrorCode as Code
from notifications.models import Notice

# Which transitions apply to which kind of notice: filed on a portal, sent by e-mail, or published.
ONLY_FOR = {
    "file": (Notice.Kind.AUTHORITY,),
    "start_sending": (Notice.Kind.SUBJECTS, Notice.Kind.CONTROLLER),
    "publish": (Notice.Kind.PUBLIC,),
}


def applies(notice: Notice, name: str) -> bool:
    return notice.kind in ONLY_FOR.get(name, Notice.Kind.values)


def label(notice: Notice, found: Transition) -> str:
    name = found.name
    if name == "start_sending":
        return _("Try the failed ones again") if notice.status == Notice.Status.FAILED else _("Send")
    if name == "publish":
        return _("Take the public page down") if notice.phase == Notice.Phase.WITHDRAWAL else _("Publish")
    return {
        "submit": _("Submit for approval"),
        "return_to_draft": _("Return to the drafter"),
        "approve": _("Approve"),
        "revise": _("Back to draft (needs a new approval)"),
        "file": _("Record the filing"),
    }.get(name, name)


def wrong_status(notice: Notice, found: Transition | None, name: str) -> str:
    if name == "approve" and notice.approved_by_id:
        return _("Already approved by %(who)s at %(when)s.") % {
            "who": notice.approved_by.display_name(),
            "when": date_format(timezone.localtime(notice.approved_at), "DATETIME_FORMAT"),
        }
    return _("Not possible while the notice is “%(status)s”.") % {"status": notice.get_status_display()}


def forbidden(notice: Notice, found: Transition, user: Any) -> str:
    name = found.name
    if name == "approve" and is_dpo(notice.incident, user):
        return _("Four eyes: you drafted this notice, so another DPO must approve it.")
    if name in ("approve", "return_to_draft", "revise", "file"):
        return _("Only a DPO may do this.")
    return _("Your role may not do this.")


def _audit(step: workflow.Step) -> None:
    events.notice_status_event(
        incident=step.incident, actor=step.actor, notice=step.obj, source=step.source, reason=step.reason
    )


MACHINE = workflow.Machine(
    model=Notice,
    incident_of=lambda notice: notice.incident,
    audit=_audit,
    refusals=workflow.Refusals(
        not_allowed=Code.NOT_ALLOWED,
        forbidden=Code.FORBIDDEN,
        conditions=Code.CONDITIONS_NOT_MET,
        stale=Code.STALE,
        stale_message=lambda: _("Someone else changed this notice at the same moment; reload."),
    ),
    label=label,
    wrong_status=wrong_status,
    forbidden=forbidden,
    applies=applies,
    system=frozenset({"mark_sent", "mark_failed"}),
    order=("submit", "approve", "return_to_draft", "file", "start_sending", "publish", "revise"),
)
