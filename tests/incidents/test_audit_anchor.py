"""The anchor: the count and head hash of every audit chain, written now and then to an append-only file outside
the database (and to the log), so that removing the newest events and lowering the incident's head to match —
which leaves a chain that is consistent in itself — is still found by verify_audit."""

import json
import logging

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from incidents import services
from incidents.audit import verify_chain
from incidents.models import Incident, IncidentEvent
from incidents.tasks import audit_anchor
from incidents.verification import verify_all
from tests.personas import advance, make_incident


def _chain(incident):
    return list(IncidentEvent.objects.filter(incident=incident).order_by("sequence"))


def _anchor_file():
    return django_settings.MEDIA_ROOT / "audit-anchors" / "anchors.jsonl"


def _lines():
    return [json.loads(line) for line in _anchor_file().read_text().splitlines()]


@pytest.fixture
def worked(owner, dpo):
    incident = make_incident(owner)
    advance(incident, "approval", team=owner, dpo=dpo)
    return incident


def _drop_newest(incident, n):
    """Delete the newest ``n`` events and set the incident's head to the event before them, as someone with the
    database could: what is left is a chain that verifies on its own."""
    keep = incident.audit_event_count - n
    new_head = _chain(incident)[keep - 1].hash
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "DELETE FROM incidents_incidentevent WHERE incident_id = %s AND sequence > %s",
            [incident.pk, keep],
        )
        cursor.execute(
            "UPDATE incidents_incident SET audit_event_count = %s, audit_head_hash = %s WHERE id = %s",
            [keep, new_head, incident.pk],
        )
        cursor.execute("SET session_replication_role = origin")
    incident.refresh_from_db()


def test_the_command_writes_each_chain_head_to_the_anchor_file(worked, capsys):
    call_command("audit_anchor")
    assert "1 chain" in capsys.readouterr().out
    chain_line, run_line = _lines()
    assert chain_line == {
        "incident": worked.pk,
        "count": worked.audit_event_count,
        "head": worked.audit_head_hash,
    }
    assert (run_line["run"], run_line["lines"], run_line["chains"], run_line["key"]) == (1, 1, 1, "test")
    assert len(run_line["mac"]) == 64


def test_the_task_anchors_only_the_chains_that_changed_and_logs_them(worked, owner, caplog):
    other = make_incident(owner)
    with caplog.at_level(logging.INFO, logger="incidents.anchor"):
        assert audit_anchor()["anchored"] == 2
        services.incident_update(actor=owner, incident_id=other.pk, changes={"title": "Changed since"})
        other.refresh_from_db()
        assert audit_anchor()["anchored"] == 1
        assert audit_anchor()["anchored"] == 0  # a run with nothing new still says it ran

    lines = _lines()
    assert [line.get("run") for line in lines] == [None, None, 1, None, 2, 3]
    assert lines[3] == {"incident": other.pk, "count": other.audit_event_count, "head": other.audit_head_hash}
    logged = caplog.text
    assert other.audit_head_hash in logged and lines[-1]["mac"] in logged


def test_beat_runs_the_anchor(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "incidents.tasks.audit_anchor" in tasks


def test_the_newest_events_removed_with_the_head_lowered_are_found_through_the_anchor(worked, capsys):
    call_command("audit_anchor")
    _drop_newest(worked, 2)
    assert verify_chain(worked, _chain(worked)) == []  # the chain alone cannot tell

    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_audit")
    err = capsys.readouterr().err
    assert worked.reference in err and "anchor" in err and "removed" in err


def test_a_chain_cut_short_is_not_anchored_again(worked, caplog):
    call_command("audit_anchor")
    _drop_newest(worked, 1)
    with caplog.at_level(logging.ERROR):
        result = audit_anchor()
    assert result["anchored"] == 0 and len(result["problems"]) == 1
    assert worked.reference in caplog.text
    _checked, problems = verify_all(Incident.objects.all())  # the older, longer anchor still stands
    assert len(problems) == 1


def test_an_incident_removed_after_anchoring_is_reported(owner):
    kept, gone = make_incident(owner), make_incident(owner)
    call_command("audit_anchor")
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM incidents_incidentevent WHERE incident_id = %s", [gone.pk])
        # The incident's rows of the apps above go with it (its obligations, since issue 18).
        cursor.execute(
            "DELETE FROM obligations_obligationreport WHERE obligation_id IN "
            "(SELECT id FROM obligations_obligation WHERE incident_id = %s)",
            [gone.pk],
        )
        cursor.execute("DELETE FROM obligations_obligation WHERE incident_id = %s", [gone.pk])
        cursor.execute("DELETE FROM incidents_incident WHERE id = %s", [gone.pk])
        cursor.execute("SET session_replication_role = origin")
    checked, problems = verify_all(Incident.objects.all())
    assert checked == 1 and [p.incident_id for p in problems] == [gone.pk]
    assert "no longer" in problems[0].message
    assert verify_all(Incident.objects.filter(pk=kept.pk)) == (1, [])


def test_an_anchor_line_rewritten_without_the_key_is_reported(worked, capsys):
    call_command("audit_anchor")
    _drop_newest(worked, 2)
    chain_line, run_line = _lines()
    chain_line.update(count=worked.audit_event_count, head=worked.audit_head_hash)
    _anchor_file().write_text(json.dumps(chain_line) + "\n" + json.dumps(run_line) + "\n")

    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "anchor file" in capsys.readouterr().err
    with pytest.raises(CommandError, match="anchor file"):
        call_command("audit_anchor")  # nothing is added to a damaged file


def test_a_run_removed_from_the_anchor_file_is_reported(worked, owner):
    call_command("audit_anchor")
    services.incident_update(actor=owner, incident_id=worked.pk, changes={"title": "Changed since"})
    call_command("audit_anchor")
    lines = _anchor_file().read_text().splitlines(keepends=True)
    _anchor_file().write_text("".join(lines[2:]))  # the first run (one chain line and its run line) taken out

    _checked, problems = verify_all(Incident.objects.all())
    assert [("line 2" in p.reference, "runs were removed" in p.message) for p in problems] == [(True, True)]


def test_verify_audit_says_which_anchor_it_checked_against(worked, capsys):
    call_command("verify_audit")
    assert "no anchor yet" in capsys.readouterr().out
    call_command("audit_anchor")
    call_command("verify_audit")
    assert "anchor run 1" in capsys.readouterr().out


def test_the_anchor_directory_is_configurable(worked, settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = tmp_path / "elsewhere"
    call_command("audit_anchor")
    assert (tmp_path / "elsewhere" / "anchors.jsonl").exists()
    assert not _anchor_file().exists()
