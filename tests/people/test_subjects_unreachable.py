"""A notice to the people is never stuck with nobody told: a person the outbox cannot hold (here one put on the list
before the import checked lengths) is shown to the DPO as a problem, the others are told, and the DPO corrects the
person or excludes them with a reason — audited, in the API and on the people page; the retry then tells them."""

from __future__ import annotations

import pytest

from delivery import services as delivery_services
from delivery.models import Delivery
from incidents.models import IncidentEvent
from notifications import services
from notifications.models import Notice
from people.models import AffectedSubject
from people.recipients import POSTAL_ADDRESS_MAX
from people.subjects import dedupe_key, subjects_import_csv
from tests.incidents.test_api import assert_error, client_for

PEOPLE = (
    "name;email;postal_address;language\nJan Jansen;jan@example.nl;;nl\nMarie Dupont;marie@example.fr;;fr\n"
)
LONG = "Kerkstraat 1\n" + "x" * POSTAL_ADDRESS_MAX


def _legacy(incident, name: str, postal_address: str) -> AffectedSubject:
    """A person on the list as an earlier import let them in (unbounded postal address)."""
    return AffectedSubject.objects.create(
        incident=incident,
        name=name,
        postal_address=postal_address,
        language="nl",
        dedupe_key=dedupe_key(external_id="", email="", name=name, postal_address=postal_address)[:300],
    )


@pytest.fixture
def approved_with_piet(notifiable, owner, dpo2):
    subjects_import_csv(actor=owner, incident_id=notifiable.pk, data=PEOPLE.encode())
    piet = _legacy(notifiable, "Piet Post", LONG)
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects")
    services.notice_submit(actor=owner, notice_id=notice.pk)
    services.notice_approve(actor=dpo2, notice_id=notice.pk)
    return notice, piet


def test_a_person_the_outbox_cannot_hold_does_not_stop_the_notice_to_everyone_else(
    client, approved_with_piet, notifiable, owner, dpo, mailoutbox, django_capture_on_commit_callbacks
):
    notice, piet = approved_with_piet
    team = client_for(owner)
    with django_capture_on_commit_callbacks(execute=True):
        sent = team.post(f"/api/notices/{notice.pk}/send/", format="json")
    assert sent.status_code == 200, sent.content
    assert sorted(m.to[0] for m in mailoutbox) == [
        "Jan Jansen <jan@example.nl>",
        "Marie Dupont <marie@example.fr>",
    ]
    assert not Delivery.objects.filter(subject=piet).exists()
    # not everyone was told: the notice says so, and the DPO sees who and why
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.FAILED
    progress = team.get(f"/api/notices/{notice.pk}/deliveries/").json()
    assert progress["unreachable"] == 1
    client.force_login(owner)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-unreachable="1"' in page and f"/incidents/{notifiable.pk}/subjects/#problems" in page
    [problem] = team.get(f"/api/incidents/{notifiable.pk}/subjects/problems/").json()
    assert problem["id"] == piet.pk and [p["field"] for p in problem["problems"]] == ["postal_address"]
    assert str(POSTAL_ADDRESS_MAX) in problem["problems"][0]["message"]


def test_a_dpo_corrects_a_person_audited_and_the_retry_tells_them(
    approved_with_piet, notifiable, owner, dpo, outsider, django_capture_on_commit_callbacks
):
    notice, piet = approved_with_piet
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    url = f"/api/incidents/{notifiable.pk}/subjects/{piet.pk}/"
    change = {"postal_address": "Kerkstraat 1\n1234 AB Dorp"}
    assert_error(client_for(owner).patch(url, change, format="json"), 403, "permission_denied")
    assert client_for(outsider).patch(url, change, format="json").status_code == 404
    assert_error(
        client_for(dpo).patch(url, {"postal_address": LONG}, format="json"), 400, "invalid", "postal_address"
    )
    assert_error(
        client_for(dpo).patch(url, {"email": "not-an-address"}, format="json"), 400, "invalid", "email"
    )
    assert_error(
        client_for(dpo).patch(url, {"email": "jan@example.nl", "postal_address": ""}, format="json"),
        400,
        "invalid",
        "email",
    )
    piet.refresh_from_db()
    assert piet.postal_address == LONG

    corrected = client_for(dpo).patch(url, change, format="json")
    assert corrected.status_code == 200 and corrected.json()["postal_address"] == change["postal_address"]
    event = IncidentEvent.objects.filter(incident=notifiable, kind="subject_corrected").get()
    assert event.actor_id == dpo.pk and event.data == {"subject": piet.pk, "fields": ["postal_address"]}
    assert client_for(owner).get(f"/api/incidents/{notifiable.pk}/subjects/problems/").json() == []

    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_retry(actor=owner, notice_id=notice.pk)
    letter = Delivery.objects.get(subject=piet)
    assert (letter.channel, letter.status, letter.recipient) == ("post", "to_print", change["postal_address"])


def test_a_dpo_excludes_a_person_with_a_reason_kept_on_the_list_and_the_rest_is_sent(
    approved_with_piet, notifiable, owner, dpo, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    notice, piet = approved_with_piet
    url = f"/api/incidents/{notifiable.pk}/subjects/{piet.pk}/exclude/"
    reason = {"reason": "Moved abroad, no address known; told by telephone on 3 March."}
    assert_error(client_for(dpo).post(url, {"reason": " "}, format="json"), 400, "invalid", "reason")
    assert_error(client_for(owner).post(url, reason, format="json"), 403, "permission_denied")
    assert client_for(outsider).post(url, reason, format="json").status_code == 404
    assert not AffectedSubject.objects.get(pk=piet.pk).excluded_at

    excluded = client_for(dpo).post(url, reason, format="json")
    assert excluded.status_code == 200 and excluded.json()["excluded_reason"] == reason["reason"]
    event = IncidentEvent.objects.filter(incident=notifiable, kind="subject_excluded").get()
    assert event.actor_id == dpo.pk and event.data == {"subject": piet.pk, "reason": reason["reason"]}

    with django_capture_on_commit_callbacks(execute=True):
        client_for(owner).post(f"/api/notices/{notice.pk}/send/", format="json")
    assert len(mailoutbox) == 2 and Notice.objects.get(pk=notice.pk).status == Notice.Status.SENT
    listed = client_for(owner).get(f"/api/incidents/{notifiable.pk}/subjects/").json()["results"]
    assert [(s["name"], s["excluded"]) for s in listed] == [
        ("Jan Jansen", False),
        ("Marie Dupont", False),
        ("Piet Post", True),
    ]


def test_sending_when_nobody_can_be_reached_is_refused_and_the_notice_stays_approved(notifiable, owner, dpo2):
    _legacy(notifiable, "Piet Post", LONG)
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects")
    services.notice_submit(actor=owner, notice_id=notice.pk)
    services.notice_approve(actor=dpo2, notice_id=notice.pk)
    refused = client_for(owner).post(f"/api/notices/{notice.pk}/send/", format="json")
    assert_error(refused, 409, "no_recipients")
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.APPROVED


def test_the_people_page_shows_the_problems_and_lets_a_dpo_only_correct_or_exclude(
    client, approved_with_piet, notifiable, owner, dpo
):
    _notice, piet = approved_with_piet
    page = f"/incidents/{notifiable.pk}/subjects/"
    client.force_login(owner)
    html = client.get(page).content.decode()
    assert "Piet Post" in html and f"{POSTAL_ADDRESS_MAX}" in html
    assert f"subjects/{piet.pk}/correct/" not in html
    assert client.post(f"{page}{piet.pk}/exclude/", {"reason": "no"}).status_code == 302
    assert not AffectedSubject.objects.get(pk=piet.pk).excluded_at  # refused, with a message

    client.force_login(dpo)
    html = client.get(page).content.decode()
    assert f"subjects/{piet.pk}/correct/" in html and f"subjects/{piet.pk}/exclude/" in html
    bad = client.post(
        f"{page}{piet.pk}/correct/", {"name": "Piet Post", "postal_address": LONG, "language": "nl"}
    )
    assert bad.status_code == 400 and "Piet Post" in bad.content.decode()
    done = client.post(
        f"{page}{piet.pk}/correct/",
        {"name": "Piet Post", "postal_address": "Kerkstraat 1, Dorp", "language": "nl"},
    )
    assert done.status_code == 302
    assert AffectedSubject.objects.get(pk=piet.pk).postal_address == "Kerkstraat 1, Dorp"
    assert IncidentEvent.objects.filter(incident=notifiable, kind="subject_corrected").exists()
