"""Races on real PostgreSQL: two people doing the same thing at the same moment, each in a thread with its own
database connection, released together by a barrier. Exactly one succeeds; the other is told why in a domain error
(a 409, never an IntegrityError or a 500); nothing is done twice and every audit chain stays intact.

Two races were already covered where their feature lives (the same transition twice:
tests/incidents/test_state_machine.py; two DPOs approving one notice: tests/notifications/test_notices.py); here
are the others, and the approval race once more through the API over HTTP.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
import requests
from django.core import mail
from django.db import connection
from django.utils import timezone

from datalek.errors import DomainError
from delivery import services as delivery_services
from delivery.models import Delivery
from incidents import lock_objects, services
from incidents.models import Incident, IncidentEvent
from incidents.verification import verify_all
from notifications import services as notice_services
from people.subjects import subjects_import_csv
from risk import services as risk_services
from risk.models import RiskAssessment
from tests.api_tokens import token_for
from tests.e2e.conftest import start_live_server
from tests.notifications.conftest import decided
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict

pytestmark = pytest.mark.django_db(transaction=True)
HOLD_SECONDS = 0.3


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


@dataclass
class Outcome:
    result: Any = None
    refused: DomainError | None = None
    crashed: BaseException | None = None


def _holding(lock: Callable[[int], Any]) -> Callable[[int], Any]:
    def lock_and_hold(pk: int) -> Any:
        locked = lock(pk)
        time.sleep(HOLD_SECONDS)
        return locked

    return lock_and_hold


def race(*attempts: Callable[[], Any]) -> list[Outcome]:
    """Run the attempts at the same moment, each in its own thread (and so on its own database connection).

    Whoever takes the incident's (or organisation's) row lock first holds it a moment longer than usual, so the
    others surely arrive while it is held and wait for it: the race is run, not merely hoped for."""
    barrier = threading.Barrier(len(attempts))
    outcomes = [Outcome() for _ in attempts]

    def run(outcome: Outcome, attempt: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcome.result = attempt()
        except DomainError as exc:
            outcome.refused = exc
        except BaseException as exc:  # an IntegrityError, a deadlock: the test fails and says which
            outcome.crashed = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in zip(outcomes, attempts, strict=True)]
    with (
        mock.patch("incidents.services.incident_lock", _holding(lock_objects.incident_lock)),
        mock.patch("incidents.services.organisation_lock", _holding(lock_objects.organisation_lock)),
    ):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer hangs (a deadlock?)"
    return outcomes


def one_winner(outcomes: list[Outcome]) -> tuple[Any, DomainError]:
    """Exactly one attempt succeeded and the other was refused with a 409 and a message; returns both."""
    assert [o.crashed for o in outcomes] == [None] * len(outcomes), [o.crashed for o in outcomes]
    winners = [o for o in outcomes if o.refused is None]
    losers = [o.refused for o in outcomes if o.refused is not None]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].status == 409 and losers[0].message, (losers[0].code, losers[0].message)
    return winners[0].result, losers[0]


def assert_audit_intact() -> None:
    checked, problems = verify_all(Incident.objects.all())
    assert checked and problems == []


def _events(incident: Incident, kind: str) -> list[IncidentEvent]:
    return list(IncidentEvent.objects.filter(incident=incident, kind=kind))


# --- through the services ----------------------------------------------------------------------------------------


def test_two_different_transitions_at_once_one_wins_and_the_other_is_told_where_the_incident_went(
    owner, dpo, dpo2
):
    incident = advance(make_incident(owner), "approval", team=owner, dpo=dpo)
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    won, lost = one_winner(
        race(
            lambda: services.incident_transition(actor=dpo, incident_id=incident.pk, name="approve"),
            lambda: services.incident_transition(
                actor=dpo2, incident_id=incident.pk, name="return_to_assessment", reason="Facts changed."
            ),
        )
    )
    incident.refresh_from_db()
    assert incident.status == won.status and incident.status in ("notification", "assessment")
    assert lost.code == "transition_not_allowed" and incident.get_status_display() in lost.message
    moves = [e.data["transition"] for e in _events(incident, "transition")]
    assert moves[-1] in ("approve", "return_to_assessment") and moves[:-1].count(moves[-1]) == 0
    assert moves.count("approve") + moves.count("return_to_assessment") == 1
    assert_audit_intact()


def test_two_people_finalising_the_same_assessment_freeze_one_version(owner, colleague, dpo):
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(
        actor=owner, incident_id=incident.pk, facts=facts_dict(role=incident.our_role)
    )
    _won, lost = one_winner(
        race(
            lambda: risk_services.assessment_finalise(actor=owner, incident_id=incident.pk),
            lambda: risk_services.assessment_finalise(actor=colleague, incident_id=incident.pk),
        )
    )
    assert "in progress" in lost.message
    incident.refresh_from_db()
    assert incident.status == "approval"
    assert RiskAssessment.objects.filter(incident=incident, finalised_at__isnull=False).count() == 1
    assert len(_events(incident, "assessment_finalised")) == 1
    assert [e.data["transition"] for e in _events(incident, "transition")].count("submit_for_approval") == 1
    assert_audit_intact()


def test_two_filings_of_the_same_notice_record_one_reference(owner, dpo, dpo2, dpo3):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    filed_at = timezone.now()

    def file(person, reference):
        return lambda: notice_services.notice_file(
            actor=person,
            notice_id=notice.pk,
            filed_at=filed_at,
            reference=reference,
            acknowledge_missing=True,
        )

    won, lost = one_winner(race(file(dpo, "AP-1111"), file(dpo3, "AP-2222")))
    notice.refresh_from_db()
    assert notice.status == "filed" and notice.reference == won.reference
    assert lost.code == "notice_not_allowed" and notice.get_status_display() in lost.message
    assert len(_events(incident, "notice_filed")) == 1
    incident.refresh_from_db()
    assert incident.authority_notified_at == filed_at
    assert_audit_intact()


def test_two_sends_of_the_same_notice_send_each_message_once(owner, colleague, dpo, dpo2):
    incident = decided(owner, dpo)
    rows = "".join(f"Person {i};person{i}@example.nl;;nl\n" for i in range(7))
    subjects_import_csv(
        actor=owner, incident_id=incident.pk, data=f"name;email;postal_address;language\n{rows}".encode()
    )
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    mail.outbox = []
    _won, lost = one_winner(
        race(
            lambda: delivery_services.notice_send(actor=owner, notice_id=notice.pk),
            lambda: delivery_services.notice_send(actor=colleague, notice_id=notice.pk),
        )
    )
    assert lost.code == "notice_not_allowed"
    notice.refresh_from_db()
    assert notice.status == "sent"  # Celery runs eagerly here: the winner's batches went out after its commit
    assert Delivery.objects.filter(notice=notice).count() == 7
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"Person {i} <person{i}@example.nl>" for i in range(7)
    )
    assert_audit_intact()


def test_two_people_logging_incidents_at_once_get_distinct_references(owner, colleague):
    outcomes = race(lambda: make_incident(owner), lambda: make_incident(colleague))
    assert [o.crashed or o.refused for o in outcomes] == [None, None]
    references = sorted(o.result.reference for o in outcomes)
    assert len(set(references)) == 2 and references[1].endswith(str(int(references[0][-4:]) + 1))
    assert all(len(_events(o.result, "created")) == 1 for o in outcomes)
    assert_audit_intact()


# --- over HTTP ------------------------------------------------------------------------------------------------------


@pytest.fixture
def live_server_url(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    server = start_live_server()
    try:
        yield server.url
    finally:
        server.stop()


def _api(url: str, user, payload: dict | None = None) -> Callable[[], requests.Response]:
    headers = {"Authorization": f"Token {token_for(user)}"}
    return lambda: requests.post(url, json=payload or {}, headers=headers, timeout=30)


def _http_one_winner(outcomes: list[Outcome]) -> tuple[requests.Response, dict]:
    assert [o.crashed for o in outcomes] == [None, None]
    responses = sorted((o.result for o in outcomes), key=lambda r: r.status_code)
    assert [r.status_code for r in responses] == [200, 409], [r.text[:300] for r in responses]
    error = responses[1].json()
    assert set(error) == {"error"} and set(error["error"]) == {"code", "message", "fields"}
    return responses[0], error["error"]


def test_two_dpos_approving_over_the_api_at_once_the_loser_gets_a_409_saying_who_was_first(
    live_server_url, owner, dpo, dpo2, dpo3
):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    url = f"{live_server_url}/api/notices/{notice.pk}/approve/"
    ack = {"acknowledge_missing": True}  # the AP form misses required answers (Art. 33(4))
    won, error = _http_one_winner(race(_api(url, dpo2, ack), _api(url, dpo3, ack)))
    assert won.json()["status"] == "approved"
    assert error["code"] == "notice_not_allowed" and error["message"].startswith("Already approved by")
    notice.refresh_from_db()
    assert notice.approved_by.display_name() in error["message"]
    assert len(_events(incident, "notice_approved")) == 1
    assert_audit_intact()


def test_two_transitions_over_the_api_at_once_the_loser_gets_a_409(live_server_url, owner, colleague):
    incident = make_incident(owner)
    url = f"{live_server_url}/api/incidents/{incident.pk}/transitions/"
    payload = {"transition": "start_triage", "expected_status": "detection"}
    won, error = _http_one_winner(race(_api(url, owner, payload), _api(url, colleague, payload)))
    assert won.json()["status"] == "triage"
    assert error["code"] in ("stale", "transition_not_allowed") and error["message"]
    assert len(_events(incident, "transition")) == 1
    assert_audit_intact()
