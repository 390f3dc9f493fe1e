"""The dashboard's "still owed" under every regime (obligations.owed): from one awareness moment the NIS2 early
warning (24 h), the GDPR notification (72 h) and the NIS2 notification (72 h) side by side, the shortest first; the
GDPR's named by the obligations before the DPO's decision and by the notices after it, never twice; a processor's
alert named per client by the notices; nothing of an obligation ruled out; one query whatever the number of
incidents."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from incidents.dashboard import owed_for
from incidents.models import Incident
from obligations import services
from obligations.models import Obligation
from obligations.owed import owed_obligations
from tests.notifications.conftest import decided
from tests.obligations.test_obligations import (
    AWARE,
    NOW,
    SIGNIFICANT,
    _incident,
    _obligation,
    _through,
    hospital,  # noqa: F401 - a fixture
)
from tests.personas import make_incident
from tests.portal.conftest import *  # noqa: F403 - the processor's clients and incident are fixtures

pytestmark = pytest.mark.django_db


def _significant(incident, owner):
    with time_machine.travel(NOW, tick=False):
        services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT
        )
    return Incident.objects.get(pk=incident.pk)  # as the dashboard reads it


def _owed(incident) -> list[tuple[str, object]]:
    return [(o.key, o.deadline) for o in owed_for([incident]).get(incident.pk, [])]


def test_one_awareness_moment_puts_all_three_deadlines_on_the_dashboard_at_once(hospital, owner, client):  # noqa: F811
    incident = _significant(_incident(owner), owner)
    nis2, gdpr = _obligation(incident, "nis2", "entity"), _obligation(incident, "gdpr", "controller")
    assert _owed(incident) == [
        (f"obligation:{nis2.pk}:early_warning", AWARE + timedelta(hours=24)),
        (f"obligation:{gdpr.pk}:notification", AWARE + timedelta(hours=72)),
        (f"obligation:{nis2.pk}:notification", AWARE + timedelta(hours=72)),
    ]
    labels = [o.label for o in owed_for([incident])[incident.pk]]
    assert labels == [
        "NIS2 (NL): Early warning",
        "GDPR: Notification to the supervisory authority",
        "NIS2 (NL): Incident notification",
    ]

    client.force_login(owner)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/").content.decode()
    for key in (
        f"obligation:{nis2.pk}:early_warning",
        f"obligation:{gdpr.pk}:notification",
        f"obligation:{nis2.pk}:notification",
    ):
        assert f'data-owed-item="{key}"' in page, key


def test_a_filed_report_leaves_the_list_and_the_final_report_appears_once_its_deadline_is_known(
    hospital,  # noqa: F811
    owner,
    dpo,
    dpo2,
):
    incident = _significant(_incident(owner), owner)
    nis2 = _obligation(incident, "nis2", "entity")
    reports = {r.code: r for r in nis2.reports.all()}
    with time_machine.travel(AWARE + timedelta(hours=20), tick=False):
        _through(reports["early_warning"], team=owner, dpo=dpo, reference="CSIRT-1")
    keys = [key for key, _ in _owed(incident)]
    assert f"obligation:{nis2.pk}:early_warning" not in keys
    assert f"obligation:{nis2.pk}:notification" in keys

    with time_machine.travel(AWARE + timedelta(hours=30), tick=False):
        services.obligation_report_draft(actor=owner, report_id=reports["notification"].pk)
        services.obligation_report_approve(actor=dpo2, report_id=reports["notification"].pk)
        services.obligation_report_file(
            actor=owner, report_id=reports["notification"].pk, reference="CSIRT-2"
        )
    nis2_items = [(key, due) for key, due in _owed(incident) if key.startswith(f"obligation:{nis2.pk}:")]
    final = nis2.reports.get(code="final")
    # The progress report is owed only if the incident is still ongoing then: not listed while merely owed.
    assert nis2_items == [(f"obligation:{nis2.pk}:final", final.due_at)]
    assert final.due_at is not None


def test_after_the_dpos_decision_the_notices_name_the_gdpr_notification_and_the_obligations_do_not(
    hospital,  # noqa: F811
    owner,
    dpo,
):
    incident = decided(owner, dpo)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    incident = Incident.objects.get(pk=incident.pk)
    gdpr, nis2 = _obligation(incident, "gdpr", "controller"), _obligation(incident, "nis2", "entity")
    assert gdpr.state == "owed" and incident.notify_authority is True
    owed = _owed(incident)
    keys = [key for key, _ in owed]
    assert "authority" in keys  # the notices' own line, with the incident's 72 hours
    assert not [key for key in keys if key.startswith(f"obligation:{gdpr.pk}:")]  # not twice
    assert dict(owed)["authority"] == gdpr.reports.get(code="notification").due_at
    assert f"obligation:{nis2.pk}:early_warning" in keys


def test_an_obligation_ruled_out_is_not_owed(owner, dpo):
    from risk import services as risk_services
    from tests.personas import advance
    from tests.risk.builders import facts_dict

    incident = advance(_incident(owner), "assessment", team=owner, dpo=dpo)
    harmless = facts_dict(
        confidentiality="none",
        nature=["availability"],
        availability={"loss": "temporary", "duration_hours": 1, "impact": "none"},
    )
    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=harmless)
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    incident = Incident.objects.get(pk=incident.pk)
    assert _obligation(incident, "gdpr", "controller").state == "not_applicable"
    assert _owed(incident) == []


def test_before_the_decision_the_gdpr_notification_is_listed_by_the_obligations_alone(owner):
    incident = Incident.objects.get(pk=_incident(owner).pk)
    gdpr = _obligation(incident, "gdpr", "controller")
    assert _owed(incident) == [(f"obligation:{gdpr.pk}:notification", AWARE + timedelta(hours=72))]


def test_a_processors_alert_is_named_per_client_by_the_notices_not_twice(breach, client_a, client_b):
    incident = Incident.objects.get(pk=breach.pk)
    gdpr = _obligation(incident, "gdpr", "processor")
    assert gdpr.reports.get(code="controller_alert").due_at is not None
    keys = [key for key, _ in _owed(incident)]
    assert f"client:{client_a.pk}" in keys and f"client:{client_b.pk}" in keys
    assert not [key for key in keys if key.startswith("obligation:")]


def test_a_processors_incident_not_decided_yet_is_listed_per_client_too(owner, client_org):
    from processors.models import DpaTerms

    DpaTerms.objects.create(client=client_org, alert_hours=36)
    incident = Incident.objects.get(pk=_incident(owner, our_role="processor", clients=[client_org]).pk)
    assert _owed(incident) == [(f"client:{client_org.pk}", AWARE + timedelta(hours=36))]


def test_the_list_reads_every_obligation_of_any_number_of_incidents_in_one_query(
    hospital,  # noqa: F811
    owner,
    django_assert_num_queries,
):
    one = [_significant(_incident(owner), owner)]
    with django_assert_num_queries(1):
        assert len(owed_obligations(one)[one[0].pk]) == 3
    many = one + [Incident.objects.get(pk=make_incident(owner).pk) for _ in range(5)]
    with django_assert_num_queries(1):
        found = owed_obligations(many)
    assert all(found[i.pk] for i in many)
    assert Obligation.objects.filter(incident__in=many, regime="gdpr").count() == 6
