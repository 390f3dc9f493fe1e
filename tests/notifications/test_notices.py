"""Notices: drafted from the stored facts, approved by a second DPO, frozen at approval, filed with the
authority's reference (with reasons when late), followed up and withdrawn in phases."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from datalek.errors import DomainError
from incidents.models import IncidentEvent
from notifications import services
from notifications.models import Establishment
from tests.notifications.conftest import decided
from tests.personas import advance, make_incident


def _approved(notice, owner, dpo2):
    services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    return services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)


@pytest.fixture
def draft(notifiable, owner):
    return services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="authority", authority="AP")


def test_the_authority_notice_is_prepared_from_the_stored_facts_with_provenance(draft, notifiable):
    sections, provenance = draft.content["sections"], draft.content["provenance"]
    assert sections["controller"]["name"] == notifiable.organisation.name
    assert sections["timeline"]["aware_at"] == notifiable.aware_at.isoformat()
    assert sections["data"]["categories"] == ["basic", "contact", "national_id"]
    assert sections["subjects"]["count"] == 5000
    assert sections["consequences"]["risk"] == "high"
    assert provenance["timeline.deadline"] == "derived"
    assert provenance["subjects.count"] == "recorded"
    assert provenance["controller.dpo_registration_number"] == "missing"
    assert draft.language == "nl" and draft.status == "draft"


def test_only_the_decided_authorities_can_be_addressed(notifiable, owner):
    with pytest.raises(ValidationError) as refused:
        services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="authority", authority="CNIL")
    assert "authority" in refused.value.message_dict


def test_one_initial_notice_per_authority_then_follow_ups(draft, owner):
    with pytest.raises(DomainError) as refused:
        services.notice_draft(actor=owner, incident_id=draft.incident_id, kind="authority", authority="AP")
    assert refused.value.code == "notice_exists"


def test_no_notice_before_the_breach_is_confirmed(owner):
    incident = make_incident(owner)
    with pytest.raises(DomainError) as refused:
        services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="AP")
    assert refused.value.status == 409


def test_an_initial_notice_can_be_prepared_before_the_assessment_is_done(owner, dpo):
    incident = advance(make_incident(owner), "containment", team=owner, dpo=dpo)
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="AP")
    assert notice.content["provenance"]["consequences.risk"] == "missing"  # phased notification, Art. 33(4)


def test_four_eyes_the_drafter_cannot_approve_and_the_security_team_cannot_either(draft, owner, dpo, dpo2):
    services.notice_submit(actor=owner, notice_id=draft.pk, acknowledge_missing=True)
    with pytest.raises(DomainError) as refused:
        services.notice_approve(actor=owner, notice_id=draft.pk, acknowledge_missing=True)
    assert refused.value.status == 403

    dpo_draft = services.notice_draft(actor=dpo, incident_id=draft.incident_id, kind="subjects")
    services.notice_submit(actor=dpo, notice_id=dpo_draft.pk, acknowledge_missing=True)
    with pytest.raises(DomainError) as refused:
        services.notice_approve(actor=dpo, notice_id=dpo_draft.pk, acknowledge_missing=True)
    assert "Four eyes" in refused.value.message
    assert (
        services.notice_approve(actor=dpo2, notice_id=dpo_draft.pk, acknowledge_missing=True).status
        == "approved"
    )


def test_approval_freezes_the_content_and_records_its_hash(draft, owner, dpo2):
    notice = _approved(draft, owner, dpo2)
    assert len(notice.content_sha256) == 64
    event = IncidentEvent.objects.filter(incident=notice.incident, kind="notice_approved").get()
    assert event.data["content_sha256"] == notice.content_sha256
    with pytest.raises(DomainError) as refused:
        services.notice_edit(
            actor=owner, notice_id=notice.pk, answers={"breach.systems": "changed after approval"}
        )
    assert "What was approved is what goes out" in refused.value.message


def test_edits_are_recorded_and_audited_before_approval(draft, owner):
    notice = services.notice_edit(actor=owner, notice_id=draft.pk, answers={"data.records": "about 5,000"})
    assert notice.content["sections"]["data"]["records"] == "about 5,000"
    assert notice.content["provenance"]["data.records"] == "recorded"
    event = IncidentEvent.objects.filter(incident=notice.incident, kind="notice_edited").latest("sequence")
    assert event.data["changes"][0]["path"] == "data.records"
    with pytest.raises(ValidationError):
        services.notice_edit(actor=owner, notice_id=draft.pk, answers={"controller.name": "Someone else"})


def test_a_returned_notice_goes_back_to_draft_with_the_reason(draft, owner, dpo):
    services.notice_submit(actor=owner, notice_id=draft.pk, acknowledge_missing=True)
    with pytest.raises(ValidationError):
        services.notice_return(actor=dpo, notice_id=draft.pk, reason=" ")
    notice = services.notice_return(actor=dpo, notice_id=draft.pk, reason="Add the number of records.")
    assert notice.status == "draft"
    event = IncidentEvent.objects.filter(incident=notice.incident, kind="notice_status").latest("sequence")
    assert event.data["reason"] == "Add the number of records."


def test_filing_records_the_reference_and_stops_the_clock(draft, owner, dpo2, dpo):
    notice = _approved(draft, owner, dpo2)
    filed_at = timezone.now()
    with pytest.raises(ValidationError):
        services.notice_file(
            actor=dpo, notice_id=notice.pk, filed_at=filed_at, reference="", acknowledge_missing=True
        )
    with pytest.raises(DomainError):
        services.notice_file(
            actor=owner, notice_id=notice.pk, filed_at=filed_at, reference="M-123", acknowledge_missing=True
        )
    notice = services.notice_file(
        actor=dpo, notice_id=notice.pk, filed_at=filed_at, reference="M-123", acknowledge_missing=True
    )
    notice.incident.refresh_from_db()
    assert (notice.status, notice.reference) == ("filed", "M-123")
    assert notice.incident.authority_notified_at == filed_at
    assert not notice.incident.clock_running


def test_a_late_notice_cannot_go_without_the_reasons_for_the_delay(owner, dpo, dpo2):
    with time_machine.travel(timezone.now() - timedelta(hours=80)):
        incident = decided(owner, dpo)
        notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="AP")
    assert notice.needs_late_reason
    with pytest.raises(DomainError) as refused:
        services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    assert refused.value.code == "conditions_not_met" and "Art. 33(1)" in refused.value.message
    services.notice_edit(actor=owner, notice_id=notice.pk, late_reason="The processor told us only today.")
    notice = _approved(notice, owner, dpo2)
    assert notice.content["sections"]["timeline"]["late_reason"] == "The processor told us only today."
    notice = services.notice_file(
        actor=dpo, notice_id=notice.pk, filed_at=timezone.now(), reference="M-9", acknowledge_missing=True
    )
    assert notice.status == "filed"


def test_a_notice_approved_in_time_but_filed_late_must_be_revised_to_give_the_reason(draft, owner, dpo, dpo2):
    notice = _approved(draft, owner, dpo2)
    with time_machine.travel(draft.incident.authority_deadline + timedelta(hours=2)):
        with pytest.raises(DomainError) as refused:
            services.notice_file(
                actor=dpo,
                notice_id=notice.pk,
                filed_at=timezone.now(),
                reference="M-1",
                acknowledge_missing=True,
            )
        assert refused.value.code == "conditions_not_met"
        services.notice_revise(actor=dpo, notice_id=notice.pk)
        services.notice_edit(actor=owner, notice_id=notice.pk, late_reason="Portal was down on Saturday.")
        notice = _approved(notice, owner, dpo2)
        assert (
            services.notice_file(
                actor=dpo,
                notice_id=notice.pk,
                filed_at=timezone.now(),
                reference="M-1",
                acknowledge_missing=True,
            ).status
            == "filed"
        )


def test_a_filing_recorded_later_counts_from_when_it_happened(draft, owner, dpo, dpo2):
    notice = _approved(draft, owner, dpo2)
    in_time = timezone.now()
    with time_machine.travel(draft.incident.authority_deadline + timedelta(hours=5)):
        filed = services.notice_file(
            actor=dpo, notice_id=notice.pk, filed_at=in_time, reference="M-2", acknowledge_missing=True
        )
    assert filed.status == "filed" and not filed.late_reason


def test_a_follow_up_shows_what_changed_and_needs_no_late_reason(draft, owner, dpo, dpo2):
    notice = services.notice_file(
        actor=dpo,
        notice_id=_approved(draft, owner, dpo2).pk,
        filed_at=timezone.now(),
        reference="M-3",
        acknowledge_missing=True,
    )
    from incidents import services as incident_services

    incident_services.incident_update(
        actor=owner, incident_id=notice.incident_id, changes={"systems_affected": "CRM and the web shop"}
    )
    follow_up = services.notice_follow_up(actor=owner, notice_id=notice.pk)
    assert (follow_up.phase, follow_up.parent, follow_up.previous) == ("follow_up", notice, notice)
    assert not follow_up.needs_late_reason
    from notifications.content import changes_between

    changed = {c["path"] for c in changes_between(notice.content, follow_up.content)}
    assert "sections.breach.systems" in changed
    with pytest.raises(DomainError):  # one phase at a time
        services.notice_follow_up(actor=owner, notice_id=notice.pk)


def test_a_withdrawal_needs_its_reason_and_ends_the_chain(draft, owner, dpo, dpo2):
    notice = services.notice_file(
        actor=dpo,
        notice_id=_approved(draft, owner, dpo2).pk,
        filed_at=timezone.now(),
        reference="M-4",
        acknowledge_missing=True,
    )
    with pytest.raises(ValidationError):
        services.notice_withdraw(actor=owner, notice_id=notice.pk, reason="")
    withdrawal = services.notice_withdraw(actor=owner, notice_id=notice.pk, reason="Not a breach after all.")
    withdrawal = services.notice_file(
        actor=dpo,
        notice_id=_approved(withdrawal, owner, dpo2).pk,
        filed_at=timezone.now(),
        reference="M-4-W",
        acknowledge_missing=True,
    )
    assert withdrawal.phase == "withdrawal" and withdrawal.withdrawal_reason == "Not a breach after all."
    with pytest.raises(DomainError):
        services.notice_follow_up(actor=owner, notice_id=notice.pk)


def test_gba_part_two_is_due_21_days_after_part_one(owner, dpo, dpo2, org):
    org.country = "BE"
    org.save()
    incident = decided(owner, dpo, affected_countries=["BE"])
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="GBA")
    approved = _approved(notice, owner, dpo2)
    filed_at = timezone.now()  # after the approval: taken before it, a minute could turn in between
    notice = services.notice_file(
        actor=dpo,
        notice_id=approved.pk,
        filed_at=filed_at,
        reference="DBN-2026-001",
        acknowledge_missing=True,
    )
    assert notice.due_at == filed_at + timedelta(days=21)
    assert notice.language == "nl"


def test_the_dpo_may_override_the_resolver_only_with_a_justification(notifiable, owner, dpo):
    Establishment.objects.create(organisation=notifiable.organisation, country="NL", is_main=True)
    with pytest.raises(DomainError):
        services.authorities_decide(actor=owner, incident_id=notifiable.pk, codes=["AP"])
    with pytest.raises(ValidationError) as refused:
        services.authorities_decide(actor=dpo, incident_id=notifiable.pk, codes=["AP", "CNIL"])
    assert "justification" in refused.value.message_dict
    decision = services.authorities_decide(
        actor=dpo,
        incident_id=notifiable.pk,
        codes=["AP", "CNIL"],
        justification="French customers complained to the CNIL directly.",
    )
    assert decision.overridden and services.authority_codes(notifiable) == ["AP", "CNIL"]
    assert (
        services.notice_draft(
            actor=owner, incident_id=notifiable.pk, kind="authority", authority="CNIL"
        ).language
        == "fr"
    )


def test_a_processor_alerts_its_clients_and_does_not_tell_the_people(owner, dpo, client_org):
    incident = decided(owner, dpo, our_role="processor", clients=[client_org])
    with pytest.raises(ValidationError):
        services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    alert = services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="controller", client_id=client_org.pk
    )
    assert alert.content["sections"]["notice"]["client"] == client_org.name
    assert alert.content["sections"]["subjects"]["count"] == 5000


def test_a_public_notice_is_published_and_withdrawn_through_approval(notifiable, owner, dpo2, client):
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="public", language="en")
    notice = services.notice_publish(actor=owner, notice_id=_approved(notice, owner, dpo2).pk)
    page = client.get(f"/public/notices/{notice.public_slug}/")
    assert page.status_code == 200 and notifiable.organisation.name in page.content.decode()
    withdrawal = services.notice_withdraw(actor=owner, notice_id=notice.pk, reason="Published by mistake.")
    services.notice_publish(actor=owner, notice_id=_approved(withdrawal, owner, dpo2).pk)
    page = client.get(f"/public/notices/{notice.public_slug}/")
    assert "withdrawn" in page.content.decode() and "Published by mistake." in page.content.decode()
    assert client.get("/public/notices/not-a-slug/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_dpos_approving_at_once_exactly_one_wins_with_a_clear_message(owner, dpo, dpo2, dpo3):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    incident = decided(owner, dpo)
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="AP")
    services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    barrier, outcomes = threading.Barrier(2), []

    def approve(person):
        barrier.wait()
        try:
            services.notice_approve(actor=person, notice_id=notice.pk, acknowledge_missing=True)
            outcomes.append("won")
        except DomainError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(p,)) for p in (dpo2, dpo3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("won") == 1
    assert any(o.startswith("Already approved by") for o in outcomes if o != "won")
    assert IncidentEvent.objects.filter(incident=incident, kind="notice_approved").count() == 1


def test_the_incident_is_not_closed_while_a_notice_is_on_its_way(draft, owner, dpo, dpo2):
    from incidents import services as incident_services

    with pytest.raises(DomainError) as refused:
        incident_services.incident_transition(
            actor=dpo, incident_id=draft.incident_id, name="close", reason="Done."
        )
    assert refused.value.code == "conditions_not_met" and "AP (initial)" in refused.value.message
    services.notice_file(
        actor=dpo,
        notice_id=_approved(draft, owner, dpo2).pk,
        filed_at=timezone.now(),
        reference="M-5",
        acknowledge_missing=True,
    )
    closed = incident_services.incident_transition(
        actor=dpo, incident_id=draft.incident_id, name="close", reason="Notified; measures taken."
    )
    assert closed.status == "closed"
