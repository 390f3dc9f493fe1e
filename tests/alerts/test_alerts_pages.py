"""The webhooks card on the organisation page (its DPOs only) with the delivery log, and the e-mail choices on
the account page."""

import pytest

from alerts.models import AlertPreference, Handoff, Webhook, WebhookDelivery
from tests.personas import make_incident


@pytest.fixture
def as_dpo(client, dpo):
    client.force_login(dpo)
    return client


def _page(client, organisation_id) -> str:
    return client.get(f"/organisations/{organisation_id}/").content.decode()


def test_the_dpo_adds_a_webhook_on_the_organisation_page(as_dpo, org):
    assert 'id="webhooks"' in _page(as_dpo, org.pk)
    response = as_dpo.post(
        f"/organisations/{org.pk}/webhooks/",
        {
            "url": "https://hooks.example/datalek",
            "events": ["incident.logged", "notice.filed"],
            "payload_format": "slack",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/organisations/{org.pk}/#webhooks")
    hook = Webhook.objects.get()
    assert (hook.organisation, hook.events, hook.payload_format) == (
        org,
        ["incident.logged", "notice.filed"],
        "slack",
    )
    assert "https://hooks.example/datalek" in _page(as_dpo, org.pk)


def test_a_plain_http_url_is_refused_at_its_field_and_nothing_is_saved(as_dpo, org, settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    response = as_dpo.post(
        f"/organisations/{org.pk}/webhooks/", {"url": "http://hooks.example/", "events": ["incident.logged"]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "https://" in page and 'id="id_url"' in page and "is-invalid" in page
    assert not Webhook.objects.exists()


def test_the_security_team_and_outsiders_do_not_see_or_touch_webhooks(client, org, owner, outsider, dpo):
    hook = Webhook.objects.create(organisation=org, url="https://hooks.example/", events=["incident.logged"])
    client.force_login(owner)
    assert 'id="webhooks"' not in _page(client, org.pk)
    assert hook.secret not in _page(client, org.pk)
    assert client.post(f"/webhooks/{hook.pk}/delete/").status_code == 302  # refused, told on the page
    client.force_login(outsider)
    assert client.post(f"/webhooks/{hook.pk}/toggle/").status_code == 404
    assert client.post(f"/organisations/{org.pk}/webhooks/", {"url": "https://x.example/"}).status_code == 404
    hook.refresh_from_db()
    assert hook.active and Webhook.objects.count() == 1


def test_the_dpo_switches_a_webhook_off_and_deletes_it(as_dpo, org):
    hook = Webhook.objects.create(organisation=org, url="https://hooks.example/", events=["incident.logged"])
    as_dpo.post(f"/webhooks/{hook.pk}/toggle/")
    hook.refresh_from_db()
    assert not hook.active
    as_dpo.post(f"/webhooks/{hook.pk}/delete/")
    assert not Webhook.objects.exists()


def test_the_delivery_log_shows_each_attempt_with_its_response(as_dpo, org, owner):
    hook = Webhook.objects.create(organisation=org, url="https://hooks.example/", events=["incident.logged"])
    incident = make_incident(owner)
    WebhookDelivery.objects.filter(webhook=hook).update(
        status="delivered",
        attempts=2,
        response_code=200,
        history=[{"at": "x", "code": 500, "error": "HTTP 500: boom"}, {"at": "y", "code": 200, "error": ""}],
    )
    page = _page(as_dpo, org.pk)
    log = page[page.index('id="webhook-log"') :]
    assert incident.reference in log and "HTTP 500: boom" in log and "200" in log


def test_a_person_switches_a_kind_of_email_off_and_picks_a_language(client, dpo):
    client.force_login(dpo)
    assert 'id="handoff-mails"' in client.get("/accounts/").content.decode()
    wanted = [kind for kind in Handoff.values if kind != Handoff.NOTICE_SUBMITTED]
    response = client.post("/accounts/alerts/", {"wanted": wanted, "language": "fr"})
    assert response.status_code == 302
    preference = AlertPreference.objects.get(user=dpo)
    assert (preference.muted, preference.language) == ([Handoff.NOTICE_SUBMITTED], "fr")
    assert not preference.wants(Handoff.NOTICE_SUBMITTED) and preference.wants(Handoff.CLIENT_QUESTION)


def test_a_bad_language_is_refused_naming_the_field(client, dpo):
    client.force_login(dpo)
    response = client.post("/accounts/alerts/", {"wanted": [], "language": "de"})
    assert response.status_code == 400 and 'id="id_language"' in response.content.decode()
    assert not AlertPreference.objects.exists()
