"""The inbox "Waiting for you": each act appears for the people who may take it now and for nobody else, ordered by
the clock, on the page, in the API and as a count in the navigation; another organisation's objects never."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from inbox.selectors import inbox_count, inbox_for
from incidents import services as incident_services
from notifications import services as notice_services
from portal import services as portal_services
from risk import services as risk_services
from tests.notifications.conftest import decided
from tests.personas import advance, make_incident, valid_facts
from tests.portal.conftest import send_alert
from tests.risk.builders import facts_dict

pytestmark = pytest.mark.django_db


def acts_of(user) -> list[tuple[str, str, int]]:
    return [(act.act, act.object_type, act.object_id) for act in inbox_for(user)]


def test_each_step_of_an_incident_waits_for_its_team_and_the_decision_for_the_dpo_only(owner, dpo, outsider):
    incident = make_incident(owner)
    assert ("triage", "incident", incident.pk) in acts_of(owner)
    assert ("triage", "incident", incident.pk) in acts_of(dpo)  # the DPO is on the team too
    assert acts_of(outsider) == []

    incident = advance(incident, "containment", team=owner, dpo=dpo)
    assert acts_of(owner) == [("containment", "incident", incident.pk)]

    incident = advance(incident, "assessment", team=owner, dpo=dpo)
    assert acts_of(owner) == [("assess", "incident", incident.pk)]

    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=facts_dict())
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)  # submitted to the DPO
    assert acts_of(owner) == []  # the security team waits for the DPO
    assert acts_of(dpo) == [("decide", "incident", incident.pk)]

    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    assert acts_of(dpo) == [("approve_assessment", "incident", incident.pk)]
    assert acts_of(outsider) == []


def test_a_notice_waits_for_a_dpo_other_than_its_drafter_then_for_filing_by_a_dpo(owner, dpo, dpo2):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=dpo, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=dpo, notice_id=notice.pk, acknowledge_missing=True)

    assert ("approve_notice", "notice", notice.pk) in acts_of(dpo2)
    assert ("approve_notice", "notice", notice.pk) not in acts_of(dpo)  # four eyes: not the drafter
    assert ("approve_notice", "notice", notice.pk) not in acts_of(owner)  # nor the security team

    notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    assert ("file", "notice", notice.pk) in acts_of(dpo)
    assert ("file", "notice", notice.pk) in acts_of(dpo2)
    assert ("file", "notice", notice.pk) not in acts_of(owner)  # only a DPO files
    approve = next(a for a in inbox_for(dpo) if a.object_id == notice.pk)
    assert approve.deadline == incident.authority_deadline
    assert approve.role == "dpo"
    assert approve.url == reverse("notifications:notice", args=[notice.pk])


def test_an_approved_notice_to_the_people_waits_to_be_sent_by_the_team(owner, dpo, dpo2):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    assert ("approve_notice", "notice", notice.pk) in acts_of(dpo)  # the security team drafted it
    notice_services.notice_approve(actor=dpo, notice_id=notice.pk, acknowledge_missing=True)

    assert ("send", "notice", notice.pk) in acts_of(owner)
    assert ("send", "notice", notice.pk) in acts_of(dpo2)
    send = next(a for a in inbox_for(owner) if a.object_id == notice.pk)
    assert (send.role, send.deadline) == ("team", None)


def test_a_clients_question_waits_for_the_processors_team_and_an_alert_for_the_clients_acknowledgement(
    breach,
    client_a,
    client_b,
    owner,
    dpo,
    dpo2,
    controller_a,
    controller_b,
    outsider,
    django_capture_on_commit_callbacks,
):
    alert = send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks)
    assert acts_of(controller_a) == [("acknowledge", "alert", alert.pk)]
    assert acts_of(controller_b) == []  # B's alert is not out; A's is not B's

    question = portal_services.question_ask(
        actor=controller_a, alert_id=alert.pk, text="Were our IBANs in it?"
    )
    assert ("answer_question", "question", question.pk) in acts_of(owner)
    assert ("answer_question", "question", question.pk) in acts_of(dpo)
    for nobody in (controller_a, controller_b, outsider):
        assert ("answer_question", "question", question.pk) not in acts_of(nobody)

    portal_services.question_answer(actor=dpo, question_id=question.pk, text="No, no bank details.")
    portal_services.alert_acknowledge(actor=controller_a, alert_id=alert.pk)
    assert ("answer_question", "question", question.pk) not in acts_of(owner)
    assert acts_of(controller_a) == []


def test_the_inbox_is_ordered_by_the_clock_nearest_deadline_first_none_last(owner, dpo, dpo2):
    recent = make_incident(owner, title="Recent")  # aware 4 h ago: 68 h left
    earlier_aware = valid_facts()["aware_at"] - timedelta(hours=30)
    urgent = make_incident(
        owner,
        title="Urgent",
        aware_at=earlier_aware,
        detected_at=earlier_aware - timedelta(hours=1),
        occurred_from=earlier_aware - timedelta(hours=2),
        occurred_until=earlier_aware - timedelta(hours=2),
    )
    off_clock = advance(make_incident(owner, title="No breach"), "triage", team=owner, dpo=dpo)
    incident_services.incident_transition(
        actor=owner, incident_id=off_clock.pk, name="close_not_breach", reason="Only test data."
    )
    incident = decided(owner, dpo)
    people = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    notice_services.notice_submit(actor=owner, notice_id=people.pk, acknowledge_missing=True)

    acts = inbox_for(dpo)
    assert [(a.object_type, a.object_id) for a in acts] == [
        ("incident", urgent.pk),
        ("incident", recent.pk),
        ("notice", people.pk),  # the people's notice has no fixed hour: last
    ]
    deadlines = [a.deadline for a in acts]
    assert deadlines[0] < deadlines[1] and deadlines[2] is None


def test_the_api_returns_the_items_with_object_act_role_and_deadline(client, owner, dpo):
    incident = make_incident(owner)
    client.force_login(owner)
    response = client.get("/api/inbox/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "object": {
                "type": "incident",
                "id": incident.pk,
                "reference": incident.reference,
                "title": incident.title,
                "url": f"/incidents/{incident.pk}/#actions",
                "organisation": incident.organisation.name,
            },
            "act": "triage",
            "label": "Triage: is it a personal-data breach?",
            "role": "team",
            "role_label": "Security team or DPO",
            "deadline": body["items"][0]["deadline"],
        }
    ]
    assert parse_datetime(body["items"][0]["deadline"]) == incident.authority_deadline


def test_the_api_asks_for_a_login(client):
    assert client.get("/api/inbox/").status_code in (401, 403)


def test_the_page_links_each_act_and_the_navigation_counts_them(client, owner, dpo):
    first = make_incident(owner, title="Lost laptop")
    second = make_incident(owner, title="Wrong recipient")
    client.force_login(owner)
    page = client.get(reverse("inbox:page"))
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        f'href="/incidents/{first.pk}/#actions"' in html and f'href="/incidents/{second.pk}/#actions"' in html
    )
    assert 'data-inbox-count="2"' in html

    dashboard = client.get(reverse("incidents:dashboard")).content.decode()
    assert 'data-inbox-count="2"' in dashboard


def test_the_count_costs_the_same_few_queries_for_one_or_many_objects(
    client, owner, dpo, django_assert_max_num_queries
):
    make_incident(owner)
    client.force_login(owner)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("inbox:page"))
    baseline = len(few.captured_queries)
    for n in range(6):
        incident = make_incident(owner, title=f"Incident {n}")
        if n % 2:
            advance(incident, "containment", team=owner, dpo=dpo)
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("inbox:page"))
    assert 'data-inbox-count="7"' in response.content.decode()


def test_another_organisations_people_never_see_our_acts(client, owner, dpo, dpo2, outsider):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=dpo, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=dpo, notice_id=notice.pk, acknowledge_missing=True)
    make_incident(owner, title="Secret stolen laptop")
    assert acts_of(outsider) == []
    client.force_login(outsider)
    for url in ("/api/inbox/", reverse("inbox:page")):
        text = client.get(url).content.decode()
        assert incident.reference not in text and "Secret stolen laptop" not in text
    assert client.get("/api/inbox/").json() == {"count": 0, "items": []}


def test_the_count_in_the_navigation_is_the_number_of_acts_for_every_person(
    breach,
    client_a,
    owner,
    dpo,
    dpo2,
    controller_a,
    controller_b,
    outsider,
    django_capture_on_commit_callbacks,
):
    make_incident(owner, title="Fresh")
    send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks)
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=dpo, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=dpo, notice_id=notice.pk, acknowledge_missing=True)
    for person in (owner, dpo, dpo2, controller_a, controller_b, outsider):
        assert inbox_count(person) == len(inbox_for(person)), person
    assert inbox_count(dpo2) == inbox_count(dpo) + 1  # the notice dpo drafted waits for dpo2 only
    assert inbox_count(outsider) == inbox_count(controller_b) == 0
