"""The dashboard keeps an incident in open work until every obligation is done and says what is still owed; a
processor's incident shows the clocks it owes (each client's alert) and never the authority's 72 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.dashboard import owed_for
from notifications import services as notice_services
from tests.notifications.conftest import decided, subjects_notice
from tests.personas import make_incident
from tests.portal.conftest import send, send_alert

pytestmark = pytest.mark.django_db


def _row(html: str, incident) -> str:
    """The dashboard's table row of this incident."""
    rows = [row.split("</tr>", 1)[0] for row in html.split("<tr")[1:]]
    found = [row for row in rows if f'data-incident="{incident.pk}"' in row]
    assert len(found) == 1, f"incident {incident.reference} is not on the dashboard once"
    return found[0]


def _owed_keys(incident) -> list[str]:
    return [item.key for item in owed_for([incident]).get(incident.pk, [])]


def test_after_the_authority_is_notified_the_dashboard_still_says_the_people_are_owed_their_notice(
    client, owner, dpo, dpo2, django_capture_on_commit_callbacks
):
    incident = decided(owner, dpo)  # high risk: the authority and the people are to be told
    assert incident.notify_authority and incident.notify_subjects
    assert _owed_keys(incident) == ["authority", "subjects"]

    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    notice_services.notice_approve(actor=dpo, notice_id=notice.pk, acknowledge_missing=True)
    notice.refresh_from_db()
    notice_services.notice_file(
        actor=dpo,
        notice_id=notice.pk,
        filed_at=timezone.now(),
        reference="M-1",
        acknowledge_missing=True,
    )
    incident.refresh_from_db()
    assert incident.authority_notified_at is not None
    assert _owed_keys(incident) == ["subjects"]

    client.force_login(dpo2)
    row = _row(client.get(reverse("incidents:dashboard")).content.decode(), incident)
    assert "authority notified" in row
    assert "Notice to the people not sent yet" in row  # not the green "authority notified" alone


def test_an_incident_that_owes_nothing_says_so(client, owner, dpo):
    # A controller's incident owes the GDPR notification from the start, decided or not (obligations.owed); a
    # processor's without a client has no clock: nothing owed.
    assert [key.rsplit(":", 1)[1] for key in _owed_keys(make_incident(owner))] == ["notification"]
    incident = make_incident(owner, our_role="processor")
    assert _owed_keys(incident) == []
    client.force_login(owner)
    row = _row(client.get(reverse("incidents:dashboard")).content.decode(), incident)
    assert 'data-owed="none"' in row


def test_a_processor_incident_owes_each_client_its_alert_until_it_is_out(
    breach, client_a, client_b, owner, dpo2, django_capture_on_commit_callbacks
):
    keys = _owed_keys(breach)
    assert keys == [f"client:{client_a.pk}", f"client:{client_b.pk}"]  # A's 24 h before B's 48 h
    deadlines = [item.deadline for item in owed_for([breach])[breach.pk]]
    assert deadlines == [breach.aware_at + timedelta(hours=24), breach.aware_at + timedelta(hours=48)]
    assert "authority" not in keys  # a processor does not notify the authority itself

    send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks)
    assert _owed_keys(breach) == [f"client:{client_b.pk}"]


def test_a_processor_incident_leaves_the_72_hour_list_and_shows_its_client_clocks(
    client, breach, client_a, client_b, owner, dpo
):
    controller_incident = make_incident(owner, title="Our own laptop")
    client.force_login(owner)
    html = client.get(reverse("incidents:dashboard")).content.decode()
    on_clock = html.split("On the 72-hour clock", 1)[1].split("Alerts to controller clients", 1)[0]
    assert controller_incident.reference in on_clock
    assert breach.reference not in on_clock

    row = _row(html.split("Other open incidents", 1)[1], breach)
    assert f"Alert to {client_a.name} not sent yet" in row and f"Alert to {client_b.name} not sent yet" in row
    assert 'data-clock="processor"' in row  # no 72-hour countdown: the two clients' clocks instead
    assert row.count("js-countdown") == 2
    for hours in (24, 48):
        assert (
            f'data-deadline="{timezone.localtime(breach.aware_at + timedelta(hours=hours)).isoformat()}"'
            in row
        )


def test_a_processor_incident_page_shows_the_client_clocks_and_no_authority_clock(client, breach, owner):
    client.force_login(owner)
    page = client.get(reverse("incidents:detail", args=[breach.pk])).content.decode()
    header = page.split('id="status"', 1)[1].split("<nav", 1)[0]
    assert "Authority deadline (T0 + 72 h)" not in header
    assert "Alerts owed to each client" in header
    assert f'hx-get="/portal/team/incidents/{breach.pk}/clocks/"' in header
    assert (
        "js-countdown" not in header.split("client-clocks", 1)[0]
    )  # no 72-hour countdown before the clients'


def test_a_processor_incident_with_no_client_alert_owed_still_shows_no_authority_clock(client, owner, dpo):
    incident = make_incident(owner, our_role="processor")
    client.force_login(owner)
    html = client.get(reverse("incidents:dashboard")).content.decode()
    on_clock = html.split("On the 72-hour clock", 1)[1].split("Alerts to controller clients", 1)[0]
    assert incident.reference not in on_clock
    assert 'data-clock="processor"' in _row(html, incident)


def test_once_the_notice_to_the_people_is_sent_they_are_no_longer_owed(
    owner, dpo, mailoutbox, django_capture_on_commit_callbacks
):
    notice = subjects_notice(owner, dpo, people=3)
    assert "subjects" in _owed_keys(notice.incident)
    notice = send(notice, owner, dpo, django_capture_on_commit_callbacks)
    assert notice.status == "sent" and len(mailoutbox) == 3
    assert "subjects" not in _owed_keys(notice.incident)
