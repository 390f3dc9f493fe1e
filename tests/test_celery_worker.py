"""Tasks run in a real Celery worker on Redis against the same PostgreSQL database."""

import pytest

from tests.personas import make_incident

pytestmark = pytest.mark.celery_worker


def test_the_audit_verification_runs_in_a_real_worker_and_sees_the_database(celery_worker, owner):
    make_incident(owner)
    make_incident(owner)
    assert celery_worker.run("incidents.tasks.audit_verify_all") == {"checked": 2, "problems": []}


def test_the_beat_schedule_names_a_registered_task(settings):
    from datalek.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
