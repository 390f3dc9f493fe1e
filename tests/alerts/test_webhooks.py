"""Outgoing webhooks against a real HTTP receiver on 127.0.0.1: signed, retried after a refusal, logged, in the
Slack and Teams shape when asked, https only, never following a redirect, and only ever the organisation's own
events."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts import services, webhooks
from alerts.models import Webhook, WebhookDelivery
from datalek.errors import DomainError
from incidents import services as incident_services
from tests.alerts import receiver as http_receiver
from tests.personas import make_incident


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True
    found, server = http_receiver.start()
    yield found
    server.shutdown()
    server.server_close()


def _hook(dpo, receiver, events=("incident.logged",), payload_format="json", path="/hook"):
    organisation = dpo.memberships.get().organisation
    return services.webhook_create(
        actor=dpo,
        organisation_id=organisation.pk,
        url=receiver.url(path),
        events=list(events),
        payload_format=payload_format,
    )


def _log(owner, capture, **facts):
    with capture(execute=True):
        return make_incident(owner, **facts)


def test_the_body_is_signed_with_the_secret_and_holds_no_text_about_people(
    receiver, owner, dpo, django_capture_on_commit_callbacks
):
    hook = _hook(dpo, receiver)
    incident = _log(owner, django_capture_on_commit_callbacks)
    [got] = receiver.received
    expected = "sha256=" + hmac.new(hook.secret.encode(), got.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(got.headers["X-Datalek-Signature"], expected)
    assert abs(int(got.headers["X-Datalek-Timestamp"]) - timezone.now().timestamp()) < 60
    assert got.headers["X-Datalek-Event"] == "incident.logged"
    payload = json.loads(got.body)
    assert payload["event"] == "incident.logged"
    assert payload["organisation"] == {"id": incident.organisation_id, "name": "Fietsenbaas B.V."}
    assert payload["incident"]["reference"] == incident.reference
    assert payload["incident"]["url"].endswith(f"/incidents/{incident.pk}/")
    assert "occurred_at" in payload
    assert incident.title.encode() not in got.body and incident.description.encode() not in got.body
    # Another secret does not verify it.
    assert got.headers["X-Datalek-Signature"] != webhooks.sign("not the secret", got.body)


def test_a_refused_delivery_is_retried_with_backoff_and_the_log_shows_both_attempts(
    receiver, owner, dpo, django_capture_on_commit_callbacks
):
    _hook(dpo, receiver)
    receiver.plan = [(500, {})]
    _log(owner, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("queued", 1, 500)
    assert delivery.last_error.startswith("HTTP 500")
    assert webhooks.deliver_due() == 0  # not due yet: the backoff holds it back
    assert len(receiver.received) == 1
    assert webhooks.deliver_due(now=timezone.now() + timedelta(seconds=31)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 2, 200)
    assert [attempt["code"] for attempt in delivery.history] == [500, 200]
    assert receiver.received[0].body == receiver.received[1].body  # the same signed bytes
    assert webhooks.deliver_due(now=timezone.now() + timedelta(hours=2)) == 0  # delivered once


def test_after_the_last_attempt_the_delivery_is_failed(
    receiver, owner, dpo, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    _hook(dpo, receiver)
    receiver.plan = [(503, {}), (503, {})]
    _log(owner, django_capture_on_commit_callbacks)
    webhooks.deliver_due(now=timezone.now() + timedelta(minutes=5))
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 2)


@pytest.mark.parametrize("payload_format", ["slack", "teams"])
def test_slack_and_teams_get_a_text_message(
    receiver, owner, dpo, payload_format, django_capture_on_commit_callbacks
):
    _hook(dpo, receiver, payload_format=payload_format)
    incident = _log(owner, django_capture_on_commit_callbacks)
    payload = json.loads(receiver.received[0].body)
    assert list(payload) == ["text"]
    assert incident.reference in payload["text"] and f"/incidents/{incident.pk}/" in payload["text"]


def test_status_changes_and_only_the_chosen_events_are_sent(
    receiver, owner, dpo, django_capture_on_commit_callbacks
):
    _hook(dpo, receiver, events=["incident.status_changed"])
    incident = _log(owner, django_capture_on_commit_callbacks)
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        incident_services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    [got] = receiver.received
    details = json.loads(got.body)["details"]
    assert details == {"transition": "start_triage", "from": "detection", "to": "triage"}


def test_webhook_urls_must_be_https(dpo, settings):
    organisation_id = dpo.memberships.get().organisation_id
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    for url in (
        "http://hooks.example/x",
        "http://127.0.0.1:9/x",
        "ftp://hooks.example/x",
        "https://u:p@hooks.example/",
    ):
        with pytest.raises(ValidationError) as refused:
            services.webhook_create(
                actor=dpo, organisation_id=organisation_id, url=url, events=["incident.logged"]
            )
        assert "url" in refused.value.message_dict
    assert not Webhook.objects.exists()
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = True  # DEBUG or tests: this machine only
    with pytest.raises(ValidationError):
        services.webhook_create(
            actor=dpo,
            organisation_id=organisation_id,
            url="http://hooks.example/x",
            events=["incident.logged"],
        )
    services.webhook_create(
        actor=dpo, organisation_id=organisation_id, url="https://hooks.example/x", events=["incident.logged"]
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "[::1]"])
def test_an_https_webhook_into_a_private_network_is_never_called(
    host, owner, dpo, settings, django_capture_on_commit_callbacks
):
    """SSRF: an https URL is accepted when saved, but a call to an address inside a private network (loopback,
    private ranges, a cloud's metadata service) is refused before anything is sent."""
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    organisation_id = dpo.memberships.get().organisation_id
    services.webhook_create(
        actor=dpo, organisation_id=organisation_id, url=f"https://{host}:9/x", events=["incident.logged"]
    )
    _log(owner, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert "inside a private network" in delivery.last_error
    assert delivery.response_code is None


def test_a_webhook_made_local_is_not_called_once_local_http_is_off(
    receiver, owner, dpo, settings, django_capture_on_commit_callbacks
):
    _hook(dpo, receiver)
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    _log(owner, django_capture_on_commit_callbacks)
    assert receiver.received == []
    assert "not https" in WebhookDelivery.objects.get().last_error


def test_a_redirect_is_never_followed(receiver, owner, dpo, django_capture_on_commit_callbacks):
    _hook(dpo, receiver)
    receiver.plan = [(302, {"Location": receiver.url("/elsewhere")})]
    _log(owner, django_capture_on_commit_callbacks)
    assert [got.path for got in receiver.received] == ["/hook"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "queued" and delivery.response_code == 302
    assert "not followed" in delivery.last_error


def test_another_organisations_webhook_never_gets_our_events(
    receiver, owner, dpo, outsider, other_org, django_capture_on_commit_callbacks
):
    from incidents.models import Membership
    from incidents.roles import Role

    Membership.objects.filter(user=outsider).update(role=Role.DPO)
    theirs = _hook(outsider, receiver, path="/theirs")
    _log(owner, django_capture_on_commit_callbacks)
    assert receiver.received == []
    assert not WebhookDelivery.objects.filter(webhook=theirs).exists()
    with django_capture_on_commit_callbacks(execute=True):
        make_incident(outsider, organisation=other_org)
    assert [got.path for got in receiver.received] == ["/theirs"]


def test_only_a_dpo_of_the_organisation_manages_its_webhooks(owner, dpo, outsider, receiver):
    hook = _hook(dpo, receiver)
    with pytest.raises(DomainError) as refused:
        services.webhook_create(
            actor=owner,
            organisation_id=hook.organisation_id,
            url="https://x.example/",
            events=["incident.logged"],
        )
    assert refused.value.status == 403
    for person in (owner, outsider):
        with pytest.raises(DomainError):
            services.webhook_update(actor=person, webhook_id=hook.pk, changes={"active": False})
    with pytest.raises(DomainError) as hidden:
        services.webhook_delete(actor=outsider, webhook_id=hook.pk)
    assert hidden.value.status == 404
    hook.refresh_from_db()
    assert hook.active


def test_a_switched_off_webhook_gets_nothing(receiver, owner, dpo, django_capture_on_commit_callbacks):
    hook = _hook(dpo, receiver)
    services.webhook_update(actor=dpo, webhook_id=hook.pk, changes={"active": False})
    _log(owner, django_capture_on_commit_callbacks)
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_unknown_events_are_refused_naming_the_field(dpo):
    with pytest.raises(ValidationError) as refused:
        services.webhook_create(
            actor=dpo,
            organisation_id=dpo.memberships.get().organisation_id,
            url="https://x.example/",
            events=["x"],
        )
    assert list(refused.value.message_dict) == ["events"]


def test_a_deadline_reminder_is_a_deadline_threshold_event(
    receiver, owner, dpo, django_capture_on_commit_callbacks
):
    import time_machine

    from delivery import clock

    _hook(dpo, receiver, events=["deadline.threshold"])
    t0 = timezone.now().replace(microsecond=0)
    with time_machine.travel(t0, tick=False):
        incident = make_incident(
            owner,
            occurred_from=t0 - timedelta(hours=2),
            occurred_until=t0 - timedelta(hours=2),
            detected_at=t0 - timedelta(hours=1),
            aware_at=t0,
        )
    with (
        time_machine.travel(t0 + timedelta(hours=48), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        clock.sweep()
    [got] = receiver.received
    payload = json.loads(got.body)
    assert payload["event"] == "deadline.threshold"
    assert payload["details"] == {"reminder": "authority:48h"}
    assert (
        payload["incident"]["reference"] == incident.reference and payload["incident"]["authority_deadline"]
    )


def test_an_approved_and_filed_notice_is_sent_as_two_events(
    receiver, owner, dpo, dpo2, django_capture_on_commit_callbacks
):
    from notifications import services as notice_services
    from tests.notifications.conftest import decided

    _hook(dpo, receiver, events=["notice.approved", "notice.filed", "decision.recorded"])
    incident = decided(owner, dpo)  # the DPO's decision: on commit, not run here
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    with django_capture_on_commit_callbacks(execute=True):
        notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    with django_capture_on_commit_callbacks(execute=True):
        notice_services.notice_file(
            actor=dpo,
            notice_id=notice.pk,
            filed_at=timezone.now(),
            reference="AP-2026-123",
            acknowledge_missing=True,
        )
    events = [json.loads(got.body) for got in receiver.received]
    assert [e["event"] for e in events] == ["notice.approved", "notice.filed"]
    assert events[1]["details"]["reference"] == "AP-2026-123" and events[1]["details"]["notice"] == notice.pk
    # Each decision recorded on the way was queued with it (sent after a commit, which this test does not make).
    decisions = incident.events.filter(kind="dpo_decision").count()
    assert decisions >= 1
    assert WebhookDelivery.objects.filter(event="decision.recorded").count() == decisions
