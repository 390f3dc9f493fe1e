"""The keyed audit chain: each event's hash is an HMAC under a key that is not in the database, so someone who can
write the database but has not the key cannot rewrite an event and recompute the chain. Events from before the
key (plain SHA-256) still verify; a change of key is recorded in each chain; verify_audit says which keys it met."""

import hashlib
import importlib
import json
import os
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from incidents import services
from incidents.audit import GENESIS, AuditChainUnkeyed, event_hash, verify_chain
from incidents.models import Incident, IncidentEvent
from incidents.verification import verify_all
from tests.incidents.test_api import client_for
from tests.personas import advance, make_incident

ROOT = Path(__file__).resolve().parents[2]
KEY_2026 = "2026a-secret-for-the-tests-only-0123456789"
KEY_2027 = "2027a-secret-for-the-tests-only-9876543210"


def _chain(incident):
    return list(IncidentEvent.objects.filter(incident=incident).order_by("sequence"))


@pytest.fixture
def worked(owner, dpo):
    incident = make_incident(owner)
    advance(incident, "approval", team=owner, dpo=dpo)
    return incident


def _plain_sha256(event, data, prev_hash) -> str:
    """The hash as written before the audit key (SHA-256 over canonical JSON), as anyone can compute it from
    the published code: a copy of the old ``incidents.audit.event_hash``, not an import of the new one."""
    payload = {
        "incident": event.incident_id,
        "sequence": event.sequence,
        "kind": event.kind,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "created_at": event.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "data": data,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _with_our_code(settings, keys):
    """The hash our own code computes with ``keys`` configured: an attacker who runs Datalek with a key of
    their choosing (or, for the control, someone who does have the key)."""

    def rehash(event, data, prev_hash) -> str:
        configured = settings.AUDIT_KEYS
        settings.AUDIT_KEYS = keys
        try:
            return event_hash(
                key_id=event.key_id,
                incident_id=event.incident_id,
                sequence=event.sequence,
                kind=event.kind,
                actor_id=event.actor_id,
                actor_label=event.actor_label,
                created_at=event.created_at,
                data=data,
                prev_hash=prev_hash,
            )
        finally:
            settings.AUDIT_KEYS = configured

    return rehash


def _rewrite(incident, rehash, *, sequence=2, reason="edited later", clear_key_ids=False):
    """Rewrite a transition's reason behind the application's back (the trigger switched off, as a database
    superuser can), then recompute every link and hash of the chain and the incident's head with ``rehash``."""
    prev = GENESIS
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        if clear_key_ids:
            cursor.execute(
                "UPDATE incidents_incidentevent SET key_id = NULL WHERE incident_id = %s", [incident.pk]
            )
        for event in _chain(incident):
            data = dict(event.data, reason=reason) if event.sequence == sequence else event.data
            new_hash = rehash(event, data, prev)
            cursor.execute(
                "UPDATE incidents_incidentevent SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [json.dumps(data), prev, new_hash, event.pk],
            )
            prev = new_hash
        cursor.execute(
            "UPDATE incidents_incident SET audit_head_hash = %s WHERE id = %s", [prev, incident.pk]
        )
        cursor.execute("SET session_replication_role = origin")
    incident.refresh_from_db()


@pytest.mark.parametrize("clear_key_ids", [False, True], ids=["key-ids-kept", "key-ids-cleared"])
def test_a_chain_rewritten_and_rehashed_with_plain_sha256_is_reported(worked, capsys, clear_key_ids):
    _rewrite(worked, _plain_sha256, clear_key_ids=clear_key_ids)
    assert _chain(worked)[1].data["reason"] == "edited later"

    with pytest.raises(CommandError, match="problem"):
        call_command("verify_audit")
    assert worked.reference in capsys.readouterr().err


def test_a_chain_rehashed_under_a_wrong_key_is_reported(worked, settings):
    _rewrite(worked, _with_our_code(settings, settings.AUDIT_KEYS), reason="rehashed with the right key")
    assert verify_all(Incident.objects.all()) == (1, [])  # the control: whoever has the key can

    wrong = dict.fromkeys(settings.AUDIT_KEYS, "a-key-of-the-attackers-own-making-0000000")
    _rewrite(worked, _with_our_code(settings, wrong))
    _checked, problems = verify_all(Incident.objects.all())
    assert {p.sequence for p in problems} == set(range(1, worked.audit_event_count + 1))
    assert all("altered" in p.message for p in problems)


def test_a_trail_verified_with_another_secret_under_the_same_key_id_fails(worked, settings):
    settings.AUDIT_KEYS = dict.fromkeys(settings.AUDIT_KEYS, "not-the-secret-the-trail-was-written-with")
    assert len(verify_chain(worked, _chain(worked))) == worked.audit_event_count


def test_an_event_under_a_key_id_nobody_configured_is_reported(worked):
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE incidents_incidentevent SET key_id = 'forged' WHERE incident_id = %s AND sequence = 3",
            [worked.pk],
        )
        cursor.execute("SET session_replication_role = origin")
    messages = [p.message for p in verify_chain(worked, _chain(worked)) if p.sequence == 3]
    assert any("'forged'" in m and "not configured" in m for m in messages)


def test_every_new_event_is_marked_with_the_current_key(worked, settings):
    current = list(settings.AUDIT_KEYS)[-1]
    assert {e.key_id for e in _chain(worked)} == {current}


# --- events from before the key ------------------------------------------------------------------------------


def _legacy_incident(owner) -> Incident:
    """An incident whose trail was written by the code before the audit key: plain SHA-256, no key id. Made by
    logging one and writing its trail again as that code did."""
    incident = make_incident(owner)
    services.incident_update(
        actor=owner, incident_id=incident.pk, changes={"title": "Written before the key"}
    )
    _rewrite(incident, _plain_sha256, sequence=0, clear_key_ids=True)
    return incident


def _upgrade_seal():
    """What the migration that brought the audit key does to the trails it finds."""
    module = importlib.import_module("incidents.migrations.0008_incidentevent_key_id")
    module.seal_unkeyed_chains(django_apps, None)


def test_events_from_before_the_key_still_verify(owner):
    legacy = _legacy_incident(owner)
    assert [e.key_id for e in _chain(legacy)] == [None, None]
    assert verify_chain(legacy, _chain(legacy)) == []


def test_the_upgrade_seals_every_chain_from_before_the_key_and_they_verify(owner, capsys):
    legacy, other = _legacy_incident(owner), _legacy_incident(owner)
    _upgrade_seal()

    events = _chain(legacy)
    assert [e.key_id for e in events] == [None, None, "test"]
    seal = events[-1]
    assert (seal.kind, seal.data, seal.actor, seal.actor_label) == (
        "key_rotated",
        {"from": None, "to": "test"},
        None,
        "system",
    )
    services.incident_update(actor=owner, incident_id=legacy.pk, changes={"title": "Edited after the key"})
    assert [e.key_id for e in _chain(legacy)] == [None, None, "test", "test"]
    call_command("verify_audit")
    assert "unkeyed (before the audit key): 4 events" in capsys.readouterr().out
    assert [e.kind for e in _chain(other)] == ["created", "updated", "key_rotated"]


def test_a_chain_of_only_unkeyed_events_is_reported_and_not_extended(owner, capsys):
    """After the upgrade sealed every chain, a chain of only unkeyed events is somebody's rewrite: reported, and
    not given a keyed event that would make it look sealed."""
    legacy = _legacy_incident(owner)
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "without the audit key" in capsys.readouterr().err
    with pytest.raises(AuditChainUnkeyed):
        services.incident_update(actor=owner, incident_id=legacy.pk, changes={"title": "Edited after"})
    assert len(_chain(legacy)) == 2


def _forge_append(incident, rehash, *, kind, data, key_id):
    """Append an event behind the application's back, hashed with ``rehash``, and move the head to it."""
    last = _chain(incident)[-1]
    forged = IncidentEvent(
        incident=incident,
        sequence=last.sequence + 1,
        kind=kind,
        actor=None,
        actor_label="system",
        created_at=last.created_at,
        data=data,
        prev_hash=last.hash,
        key_id=key_id,
    )
    forged.hash = rehash(forged, forged.data, forged.prev_hash)
    forged.save()
    Incident.objects.filter(pk=incident.pk).update(
        audit_event_count=forged.sequence, audit_head_hash=forged.hash
    )
    incident.refresh_from_db()
    return forged


def test_an_unkeyed_event_after_keyed_ones_is_reported(worked):
    """Someone without the key appends a plain SHA-256 event to a keyed chain."""
    forged = _forge_append(
        worked,
        _plain_sha256,
        kind="updated",
        data={"changes": {"title": {"old": worked.title, "new": "Nothing happened"}}},
        key_id=None,
    )
    problems = verify_chain(worked, _chain(worked))
    assert [(p.sequence, "unkeyed" in p.message) for p in problems] == [(forged.sequence, True)]


# --- rotation ------------------------------------------------------------------------------------------------


def test_a_new_key_is_recorded_in_the_chain_and_both_keys_events_verify(owner, settings, capsys):
    settings.AUDIT_KEYS = {"2026a": KEY_2026}
    incident = make_incident(owner)
    settings.AUDIT_KEYS = {"2026a": KEY_2026, "2027a": KEY_2027}  # the last one is the current key
    services.incident_update(actor=owner, incident_id=incident.pk, changes={"title": "After the rotation"})

    events = _chain(incident)
    assert [(e.kind, e.key_id) for e in events] == [
        ("created", "2026a"),
        ("key_rotated", "2027a"),
        ("updated", "2027a"),
    ]
    assert events[1].data == {"from": "2026a", "to": "2027a"}
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "2026a: 1 event" in out and "2027a: 2 events" in out

    settings.AUDIT_KEYS = {"2027a": KEY_2027}  # the retired key dropped: its events can no longer be checked
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "'2026a', which is not configured" in capsys.readouterr().err


def test_the_rotation_command_moves_every_chain_to_the_current_key(owner, settings):
    settings.AUDIT_KEYS = {"2026a": KEY_2026}
    first, second = make_incident(owner), make_incident(owner)
    settings.AUDIT_KEYS = {"2026a": KEY_2026, "2027a": KEY_2027}
    call_command("audit_rotate_key")
    for incident in (first, second):
        incident.refresh_from_db()
        head = _chain(incident)[-1]
        assert (head.kind, head.key_id, head.hash) == ("key_rotated", "2027a", incident.audit_head_hash)
    assert verify_all(Incident.objects.all()) == (2, [])


def test_a_change_of_key_without_its_record_is_reported(owner, settings):
    """Hashed under another configured key with no rotation event between: not something Datalek writes."""
    settings.AUDIT_KEYS = {"2026a": KEY_2026, "2027a": KEY_2027}
    incident = make_incident(owner)
    services.incident_update(actor=owner, incident_id=incident.pk, changes={"title": "Second event"})
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE incidents_incidentevent SET key_id = '2026a' WHERE incident_id = %s AND sequence = 1",
            [incident.pk],
        )
        cursor.execute("SET session_replication_role = origin")
    _rewrite(incident, _with_our_code(settings, settings.AUDIT_KEYS), sequence=0)
    problems = verify_chain(incident, _chain(incident))
    assert [(p.sequence, "no change of key was recorded" in p.message) for p in problems] == [(2, True)]


def test_a_change_back_to_a_retired_key_is_reported(owner, settings):
    """With a retired key that leaked, someone records a "rotation" back to it to go on writing under it."""
    settings.AUDIT_KEYS = {"2026a": KEY_2026, "2027a": KEY_2027}
    incident = make_incident(owner)
    forged = _forge_append(
        incident,
        _with_our_code(settings, settings.AUDIT_KEYS),
        kind="key_rotated",
        data={"from": "2027a", "to": "2026a"},
        key_id="2026a",
    )
    problems = verify_chain(incident, _chain(incident))
    assert [(p.sequence, "back to" in p.message) for p in problems] == [(forged.sequence, True)]


def test_the_incident_page_shows_the_changes_of_key(owner, client, settings):
    legacy = _legacy_incident(owner)
    _upgrade_seal()
    settings.AUDIT_KEYS = {**settings.AUDIT_KEYS, "2027a": KEY_2027}
    services.incident_update(actor=owner, incident_id=legacy.pk, changes={"title": "After the second key"})
    client.force_login(owner)
    html = client.get(f"/incidents/{legacy.pk}/").content.decode()
    assert html.count("Audit key changed") == 2
    assert "this one seals them with key test" in html and "From audit key test to 2027a." in html


# --- reading the whole trail ----------------------------------------------------------------------------------


def test_verify_all_reads_the_events_a_batch_of_incidents_at_a_time(owner, django_assert_max_num_queries):
    for _ in range(6):
        make_incident(owner)
    with django_assert_max_num_queries(3):
        assert verify_all(Incident.objects.all(), batch_size=4) == (6, [])


def test_the_api_shows_the_key_of_each_event(incident, colleague):
    events = client_for(colleague).get(f"/api/incidents/{incident.pk}/events/").json()
    assert [e["key_id"] for e in events] == ["test"]


# --- settings --------------------------------------------------------------------------------------------------


def _settings_in_subprocess(tmp_path, **environment) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "AUDIT_KEYS", "AUDIT_KEYS_FILE"}}
    code = "import django; django.setup(); from django.conf import settings; print(list(settings.AUDIT_KEYS))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "datalek.settings",
            "DATALEK_VAR_DIR": str(tmp_path),
            **environment,
        },
    )


def test_production_requires_an_audit_key(tmp_path):
    result = _settings_in_subprocess(tmp_path, DEBUG="false")
    assert result.returncode != 0
    assert "AUDIT_KEYS is required when DEBUG is off" in result.stderr


def test_development_has_its_own_audit_key(tmp_path):
    result = _settings_in_subprocess(tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['dev']"


def test_several_keys_are_read_in_order_and_from_a_secret_file(tmp_path):
    secret = tmp_path / "audit-keys"
    secret.write_text(f"2026a:{KEY_2026}, 2027a:{KEY_2027}\n")
    result = _settings_in_subprocess(tmp_path, DEBUG="false", AUDIT_KEYS_FILE=str(secret))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['2026a', '2027a']"


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("no-colon-here-and-long-enough-to-be-a-secret", "<id>:<secret>"),
        ("2026a:short", "at least 32 characters"),
        (f"2026a:{KEY_2026},2026a:{KEY_2027}", "more than once"),
        (f"bad id:{KEY_2026}", "letters, digits"),
    ],
)
def test_a_malformed_audit_key_is_named(tmp_path, value, complaint):
    result = _settings_in_subprocess(tmp_path, DEBUG="false", AUDIT_KEYS=value)
    assert result.returncode != 0
    assert "AUDIT_KEYS" in result.stderr and complaint in result.stderr
    assert KEY_2026 not in result.stderr  # the secret itself is never echoed
