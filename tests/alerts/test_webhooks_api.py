"""The webhooks through the API: the organisation's DPOs manage them and read the delivery log; the security
team is refused, anyone else finds nothing; bad input names the field and changes nothing."""

from alerts.models import Webhook
from tests.incidents.test_api import assert_error, client_for
from tests.personas import make_incident


def _create(user, organisation_id, **changes):
    body = {"url": "https://hooks.example/datalek", "events": ["incident.logged"], "payload_format": "teams"}
    return client_for(user).post(
        f"/api/organisations/{organisation_id}/webhooks/", body | changes, format="json"
    )


def test_a_dpo_creates_lists_changes_and_deletes_a_webhook(dpo, org):
    created = _create(dpo, org.pk)
    assert created.status_code == 201, created.content
    hook = created.json()
    assert hook["payload_format"] == "teams" and len(hook["secret"]) == 64 and hook["active"]
    api = client_for(dpo)
    assert [h["id"] for h in api.get(f"/api/organisations/{org.pk}/webhooks/").json()] == [hook["id"]]
    changed = api.patch(
        f"/api/webhooks/{hook['id']}/", {"active": False, "events": ["notice.filed"]}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["events"] == ["notice.filed"]
    assert not changed.json()["active"] and changed.json()["payload_format"] == "teams"  # the rest unchanged
    assert api.delete(f"/api/webhooks/{hook['id']}/").status_code == 204
    assert not Webhook.objects.exists()


def test_bad_input_names_the_field_and_saves_nothing(dpo, org, settings):
    settings.WEBHOOK_ALLOW_LOCAL_HTTP = False
    assert_error(_create(dpo, org.pk, url="http://hooks.example/"), 400, "invalid", "url")
    assert_error(_create(dpo, org.pk, events=[]), 400, "invalid", "events")
    assert_error(_create(dpo, org.pk, payload_format="xml"), 400, "invalid", "payload_format")
    assert not Webhook.objects.exists()


def test_the_team_is_refused_and_others_find_nothing(dpo, owner, outsider, org):
    hook = _create(dpo, org.pk).json()
    assert_error(_create(owner, org.pk), 403, "permission_denied")
    assert_error(client_for(owner).get(f"/api/webhooks/{hook['id']}/"), 403, "permission_denied")
    assert_error(_create(outsider, org.pk), 404, "not_found")
    assert_error(client_for(outsider).get(f"/api/webhooks/{hook['id']}/"), 404, "not_found")
    assert_error(client_for(outsider).delete(f"/api/webhooks/{hook['id']}/"), 404, "not_found")
    assert_error(
        client_for(outsider).get(f"/api/organisations/{org.pk}/webhooks/deliveries/"), 404, "not_found"
    )
    assert Webhook.objects.filter(pk=hook["id"], active=True).exists()


def test_the_delivery_log_lists_the_deliveries(dpo, owner, org):
    _create(dpo, org.pk)
    incident = make_incident(owner)  # its delivery stays queued: nothing runs after the test's commit
    log = client_for(dpo).get(f"/api/organisations/{org.pk}/webhooks/deliveries/").json()
    assert [(d["event"], d["incident"], d["status"]) for d in log] == [
        ("incident.logged", incident.reference, "queued")
    ]
