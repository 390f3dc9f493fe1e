"""The notice steps of the demo's stories, each taken only when it has not been taken yet.

The one module of the demo that imports the notices' apps (notifications, processors, delivery)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from delivery import services as delivery_services
from incidents.models import Incident, Organisation, User
from notifications import services as notice_services
from notifications.models import Notice
from processors import services as dpa


def dpa_terms_save(*, actor: User, client: Organisation, terms: Mapping[str, Any]) -> None:
    dpa.dpa_terms_save(actor=actor, client_id=client.pk, changes=terms)


def in_working_state(incident: Incident) -> bool:
    """Notices are drafted only while the incident is worked on."""
    return incident.status in notice_services.WORKING_STATES


def controller_alert(*, incident: Incident, client: Organisation, drafter: User) -> Notice:
    """The incident's initial alert to this client, drafted now if there is none yet."""
    alert = Notice.objects.filter(
        incident=incident, kind=Notice.Kind.CONTROLLER, phase=Notice.Phase.INITIAL, client=client
    ).first()
    if alert is None:
        alert = notice_services.notice_draft(
            actor=drafter, incident_id=incident.pk, kind="controller", client_id=client.pk
        )
    alert.refresh_from_db()
    return alert


def authority_notice(incident: Incident, authority: str) -> Notice | None:
    """The incident's initial notice to this authority, if drafted."""
    return Notice.objects.filter(
        incident=incident, kind=Notice.Kind.AUTHORITY, phase=Notice.Phase.INITIAL, authority=authority
    ).first()


def authority_notice_draft(*, actor: User, incident: Incident, authority: str) -> Notice:
    return notice_services.notice_draft(
        actor=actor, incident_id=incident.pk, kind="authority", authority=authority
    )


def is_draft(notice: Notice) -> bool:
    return notice.status == Notice.Status.DRAFT


def submitted(notice: Notice, *, actor: User, acknowledge_missing: bool = False) -> Notice:
    if notice.status == Notice.Status.DRAFT:
        notice = notice_services.notice_submit(
            actor=actor, notice_id=notice.pk, acknowledge_missing=acknowledge_missing
        )
    return notice


def approved(notice: Notice, *, actor: User, acknowledge_missing: bool = False) -> Notice:
    if notice.status == Notice.Status.AWAITING_APPROVAL:
        notice = notice_services.notice_approve(
            actor=actor, notice_id=notice.pk, acknowledge_missing=acknowledge_missing
        )
    return notice


def sent(notice: Notice, *, actor: User) -> Notice:
    if notice.status == Notice.Status.APPROVED:
        notice = delivery_services.notice_send(actor=actor, notice_id=notice.pk)
    return notice


def filed(notice: Notice, *, actor: User, reference: str, acknowledge_missing: bool = False) -> Notice:
    """Record that the approved notice was filed now on the authority's portal, with the reference it returned."""
    if notice.status == Notice.Status.APPROVED:
        notice = notice_services.notice_file(
            actor=actor,
            notice_id=notice.pk,
            filed_at=timezone.now(),
            reference=reference,
            acknowledge_missing=acknowledge_missing,
        )
    return notice
