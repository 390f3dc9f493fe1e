"""The obligations app on the pure core: an incident's obligations created or ruled out on the record, each on the
rule set in force at its trigger moment, its reports' deadlines stored when they become known, the report steps with
four eyes, the GDPR's following the notices, the API and the dashboard's clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from datalek.errors import DomainError
from incidents import services as incident_services
from incidents.dashboard import owed_for
from incidents.models import IncidentEvent
from notifications import services as notice_services
from obligations import services
from obligations.models import Obligation, ObligationReport, RegimeProfile
from obligations.rules import with_effective_date
from processors.models import DpaTerms
from tests.incidents.test_api import assert_error, client_for
from tests.notifications.conftest import decided
from tests.obligations.scenes import SIGNIFICANT, nis2_hospital
from tests.personas import make_incident
from tests.portal.conftest import *  # noqa: F403 - the processor's clients and incident are fixtures
from tests.portal.conftest import send_alert

AWARE = datetime(2026, 10, 12, 8, 0, tzinfo=UTC)  # a Monday, NIS2 in force in NL since 15 August 2026
NOW = AWARE + timedelta(hours=2)


@pytest.fixture
def hospital(org, dpo):
    return nis2_hospital(org, dpo)


def _incident(owner, **overrides):
    with time_machine.travel(NOW, tick=False):
        return make_incident(
            owner,
            aware_at=AWARE,
            detected_at=AWARE - timedelta(hours=1),
            occurred_from=AWARE - timedelta(hours=2),
            occurred_until=AWARE - timedelta(hours=2),
            **overrides,
        )


def _obligation(incident, regime, variant=""):
    return Obligation.objects.get(incident=incident, regime=regime, variant=variant)


def _due(obligation):
    return {r.code: r.due_at for r in obligation.reports.order_by("position")}


def _through(report, *, team, dpo, reference="REF-1", at=None):
    services.obligation_report_draft(actor=team, report_id=report.pk)
    services.obligation_report_approve(actor=dpo, report_id=report.pk)
    return services.obligation_report_file(actor=team, report_id=report.pk, reference=reference, filed_at=at)


# --- the GDPR obligation of every incident -----------------------------------------------------------------------


def test_a_new_incident_gets_its_gdpr_obligation_due_72_hours_after_awareness_on_the_record(owner):
    incident = _incident(owner)
    gdpr = _obligation(incident, "gdpr", "controller")
    assert (gdpr.rule_set, gdpr.trigger_code, gdpr.trigger_at, gdpr.state) == (
        "gdpr-2018",
        "awareness",
        AWARE,
        "owed",
    )
    assert _due(gdpr) == {"notification": AWARE + timedelta(hours=72)}
    # It follows from the "created" event alone (awareness and role): the new incident's chain is that one event.
    assert list(IncidentEvent.objects.filter(incident=incident).values_list("kind", flat=True)) == ["created"]
    assert not Obligation.objects.filter(incident=incident).exclude(regime="gdpr").exists()


def test_an_obligation_of_another_regime_arising_at_the_creation_is_on_the_record(org, owner, dpo):
    services.regime_profile_update(actor=dpo, organisation_id=org.pk, values={"public_ecs_provider": True})
    services.regime_profile_update(actor=dpo, organisation_id=org.pk, values={"nis2_entity": "important"})
    incident = _incident(owner)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    event = IncidentEvent.objects.filter(incident=incident, kind="obligations_evaluated").get()
    assert [(c["regime"], c["what"], c["rule_set"], c["state"]) for c in event.data["changes"]] == [
        ("nis2", "created", "nis2-2022", "owed")
    ]
    assert event.data["changes"][0]["deadlines_stored"] == {
        "early_warning": (AWARE + timedelta(hours=24)).astimezone(ZoneInfo("Europe/Amsterdam")).isoformat(),
        "notification": (AWARE + timedelta(hours=72)).astimezone(ZoneInfo("Europe/Amsterdam")).isoformat(),
    }


def test_a_processor_owes_its_controllers_the_alert_by_the_shortest_term_of_their_contracts(
    owner, client_org
):
    DpaTerms.objects.create(client=client_org, alert_hours=36)
    incident = _incident(owner, our_role="processor", clients=[client_org])
    gdpr = _obligation(incident, "gdpr", "processor")
    assert gdpr.params == {"contract_hours": 36}
    assert _due(gdpr) == {"controller_alert": AWARE + timedelta(hours=36)}


def test_the_omnibus_switched_on_changes_new_incidents_and_leaves_past_ones_untouched(owner):
    before = _incident(owner)
    with with_effective_date("gdpr-omnibus-proposal", date(2026, 10, 1)):
        after = _incident(owner)
        services.obligations_evaluate(actor=owner, incident_id=before.pk)
    assert _obligation(after, "gdpr", "controller").rule_set == "gdpr-omnibus-proposal"
    assert _due(_obligation(after, "gdpr", "controller")) == {"notification": AWARE + timedelta(hours=96)}
    kept = _obligation(before, "gdpr", "controller")
    assert kept.rule_set == "gdpr-2018" and _due(kept) == {"notification": AWARE + timedelta(hours=72)}


def test_the_gdpr_report_is_filed_with_the_authority_notice_through_the_audit_events(owner, dpo, dpo2):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="authority", authority="AP"
    )
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    filed = notice_services.notice_file(
        actor=dpo,
        notice_id=notice.pk,
        filed_at=timezone.now(),
        reference="AP-77",
        acknowledge_missing=True,
    )
    gdpr = _obligation(incident, "gdpr", "controller")
    report = gdpr.reports.get(code="notification")
    assert (report.state, report.filed_at, report.reference) == ("filed", filed.filed_at, "AP-77")
    assert (report.drafted_by, report.approved_by) == (owner, dpo2)
    assert gdpr.state == "filed"
    assert gdpr.reason == "The notice to the authority was filed (GDPR Art. 33(1))."
    with pytest.raises(DomainError) as refused:
        services.obligation_report_draft(actor=owner, report_id=report.pk)
    assert refused.value.code == "obligation_follows_notice"


def test_the_reason_of_an_obligation_still_owed_follows_what_is_known_now(owner, dpo):
    """Logged, nothing is known of the risk yet; once the DPO has decided it is likely to result in a risk the obligation is still
    owed, and its reason says why it holds now rather than "not known yet"."""
    incident = decided(owner, dpo)
    gdpr = _obligation(incident, "gdpr", "controller")
    assert gdpr.state == "owed"
    assert gdpr.reason == "Likely to result in a risk: notify the authority (GDPR Art. 33(1))."


def test_an_incident_closed_as_no_breach_rules_the_gdpr_obligation_out_with_the_reason(owner):
    incident = _incident(owner)
    incident_services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    incident_services.incident_transition(
        actor=owner, incident_id=incident.pk, name="close_not_breach", reason="Only test data was exposed."
    )
    services.obligations_evaluate(actor=owner, incident_id=incident.pk)
    gdpr = _obligation(incident, "gdpr", "controller")
    change = IncidentEvent.objects.get(incident=incident, kind="obligations_evaluated").data["changes"][0]
    assert (change["regime"], change["from"], change["state"]) == ("gdpr", "owed", "not_applicable")
    assert gdpr.state == "not_applicable" and "Art. 4(12)" in gdpr.reason
    assert gdpr.rule_set == "gdpr-2018" and _due(gdpr)["notification"] == AWARE + timedelta(hours=72)


# --- NIS2: the hospital's story ----------------------------------------------------------------------------------


def test_the_hospital_owes_the_nis2_early_warning_in_24_hours_and_the_notification_in_72(
    hospital, owner, dpo, dpo2
):
    incident = _incident(owner)
    assert not Obligation.objects.filter(
        incident=incident, regime="nis2"
    ).exists()  # not known yet: a question
    with time_machine.travel(NOW, tick=False):
        services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT
        )
    nis2 = _obligation(incident, "nis2", "entity")
    assert nis2.rule_set == "nis2-2022" and nis2.country == "NL" and nis2.state == "owed"
    assert "Art. 23(3)(a)" in nis2.reason
    assert _due(nis2) == {
        "early_warning": AWARE + timedelta(hours=24),
        "notification": AWARE + timedelta(hours=72),
        "intermediate": None,
        "final": None,
        "progress": None,
    }
    incident.refresh_from_db()  # as the dashboard reads it
    owed = owed_for([incident])[incident.pk]
    gdpr = _obligation(incident, "gdpr", "controller")
    assert [(o.key, o.deadline) for o in owed if o.key.startswith("obligation:")] == [
        (f"obligation:{nis2.pk}:early_warning", AWARE + timedelta(hours=24)),
        (f"obligation:{gdpr.pk}:notification", AWARE + timedelta(hours=72)),  # no decision yet: ours to list
        (f"obligation:{nis2.pk}:notification", AWARE + timedelta(hours=72)),
    ]

    reports = {r.code: r for r in nis2.reports.all()}
    with time_machine.travel(AWARE + timedelta(hours=20), tick=False):
        _through(reports["early_warning"], team=owner, dpo=dpo, reference="CSIRT-1")
    # The final report waits for the notification's filing; filed 30 October 10:00 (CET after the clocks
    # went back on 25 October), it is due one calendar month later, wall-clock time kept.
    filed_at = datetime(2026, 10, 30, 9, 0, tzinfo=UTC)
    with time_machine.travel(filed_at + timedelta(minutes=5), tick=False):
        services.obligation_report_draft(actor=owner, report_id=reports["notification"].pk)
        services.obligation_report_approve(actor=dpo2, report_id=reports["notification"].pk)
        services.obligation_report_file(
            actor=dpo, report_id=reports["notification"].pk, reference="CSIRT-2", filed_at=filed_at
        )
    nis2.refresh_from_db()
    assert _due(nis2)["final"] == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert _due(nis2)["early_warning"] == AWARE + timedelta(hours=24)  # stored, never recomputed
    assert nis2.state == "owed"  # the final report is next
    steps = IncidentEvent.objects.filter(incident=incident, kind="obligation_report").values_list(
        "data", flat=True
    )
    assert [s["step"] for s in steps] == ["drafted", "approved", "filed"] * 2
    # The progress report (only if the incident is still ongoing then) is due at the same moment.
    assert list(steps)[-1]["deadlines_stored"] == {
        "final": "2026-11-30T10:00:00+01:00",
        "progress": "2026-11-30T10:00:00+01:00",
    }


def test_an_incident_that_is_not_significant_is_ruled_out_under_nis2_on_the_record(hospital, owner):
    incident = _incident(owner)
    services.regime_answers_record(
        actor=owner,
        incident_id=incident.pk,
        regime="nis2",
        answers={
            "severe_operational_disruption": False,
            "financial_loss": False,
            "considerable_damage_to_others": False,
        },
    )
    nis2 = _obligation(incident, "nis2", "entity")
    assert nis2.state == "not_applicable" and "Not a significant incident" in nis2.reason
    incident.refresh_from_db()
    owed = owed_for([incident]).get(incident.pk, [])
    assert not [o for o in owed if o.key.startswith(f"obligation:{nis2.pk}:")]


def test_four_eyes_a_dpo_other_than_the_drafter_approves_a_report(hospital, owner, dpo, dpo2, colleague):
    incident = _incident(owner)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    report = _obligation(incident, "nis2", "entity").reports.get(code="early_warning")
    services.obligation_report_draft(actor=dpo, report_id=report.pk)
    for who in (dpo, colleague):
        with pytest.raises(DomainError) as refused:
            services.obligation_report_approve(actor=who, report_id=report.pk)
        assert refused.value.status == 403
    with pytest.raises(DomainError) as early:
        services.obligation_report_file(actor=owner, report_id=report.pk, reference="X")
    assert early.value.code == "obligation_step_not_allowed"
    services.obligation_report_approve(actor=dpo2, report_id=report.pk)
    with pytest.raises(ValidationError):
        services.obligation_report_file(actor=owner, report_id=report.pk, reference=" ")
    assert services.obligation_report_file(actor=owner, report_id=report.pk, reference="X").state == "filed"


def test_an_outsider_cannot_see_or_step_an_obligation(hospital, owner, outsider):
    incident = _incident(owner)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    report = _obligation(incident, "nis2", "entity").reports.get(code="early_warning")
    with pytest.raises(DomainError) as hidden:
        services.obligation_report_draft(actor=outsider, report_id=report.pk)
    assert hidden.value.status == 404
    with pytest.raises(DomainError) as hidden:
        services.regime_answers_record(actor=outsider, incident_id=incident.pk, regime="nis2", answers={})
    assert hidden.value.status == 404


def test_only_the_dpo_keeps_the_regimes_profile(org, owner, outsider):
    with pytest.raises(DomainError) as refused:
        services.regime_profile_update(
            actor=owner, organisation_id=org.pk, values={"nis2_entity": "essential"}
        )
    assert refused.value.status == 403
    with pytest.raises(DomainError) as hidden:
        services.regime_profile_update(actor=outsider, organisation_id=org.pk, values={})
    assert hidden.value.status == 404


def test_the_profile_changing_evaluates_the_open_incidents_again(org, owner, dpo):
    incident = _incident(owner)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    assert not Obligation.objects.filter(incident=incident, regime="nis2").exists()  # not in scope yet
    services.regime_profile_update(actor=dpo, organisation_id=org.pk, values={"nis2_entity": "important"})
    assert _obligation(incident, "nis2", "entity").state == "owed"


# --- the other regimes ------------------------------------------------------------------------------------------


def test_dora_counts_from_the_classification_and_never_later_than_24_hours_after_awareness(org, owner, dpo):
    services.regime_profile_update(actor=dpo, organisation_id=org.pk, values={"dora_financial_entity": True})
    incident = _incident(owner)
    classified = AWARE + timedelta(hours=22)
    services.regime_answers_record(
        actor=owner,
        incident_id=incident.pk,
        regime="dora",
        answers={"classified_major": True, "classified_at": classified.isoformat()},
    )
    dora = _obligation(incident, "dora")
    assert (dora.rule_set, dora.trigger_code, dora.trigger_at) == ("dora-2022", "classification", classified)
    assert _due(dora) == {"initial": AWARE + timedelta(hours=24), "intermediate": None, "final": None}


def test_a_trust_service_provider_and_telecom_provider_owe_24_hours_and_ePrivacy_counts_from_detection(
    org, owner, dpo
):
    services.regime_profile_update(
        actor=dpo,
        organisation_id=org.pk,
        values={"trust_service_provider": True, "public_ecs_provider": True},
    )
    incident = _incident(owner)
    incident_services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    incident_services.incident_transition(actor=owner, incident_id=incident.pk, name="confirm_breach")
    services.regime_answers_record(
        actor=owner, incident_id=incident.pk, regime="eidas", answers={"significant_impact": True}
    )
    eprivacy = _obligation(incident, "eprivacy")
    assert eprivacy.trigger_code == "detection" and eprivacy.trigger_at == AWARE - timedelta(hours=1)
    assert _due(eprivacy) == {"notification": AWARE + timedelta(hours=23), "second_notification": None}
    assert _due(_obligation(incident, "eidas")) == {"notification": AWARE + timedelta(hours=24)}


def test_the_cra_makes_each_of_its_two_tests_an_obligation_of_its_own(org, owner, dpo):
    services.regime_profile_update(
        actor=dpo, organisation_id=org.pk, values={"digital_products_manufacturer": True}
    )
    incident = _incident(owner)
    services.regime_answers_record(
        actor=owner,
        incident_id=incident.pk,
        regime="cra",
        answers={"actively_exploited_vulnerability": True, "severe_incident": False},
    )
    assert _obligation(incident, "cra", "vulnerability").state == "owed"
    assert _obligation(incident, "cra", "incident").state == "not_applicable"
    assert _due(_obligation(incident, "cra", "vulnerability")) == {
        "early_warning": AWARE + timedelta(hours=24),
        "notification": AWARE + timedelta(hours=72),
        "final": None,
    }


def test_an_answer_must_be_yes_no_or_unknown(owner):
    incident = _incident(owner)
    with pytest.raises(ValidationError):
        services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime="nis2", answers={"financial_loss": "maybe"}
        )
    with pytest.raises(ValidationError):
        services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime="nis2", answers={"x": True}
        )


# --- the API ----------------------------------------------------------------------------------------------------


def test_the_api_lists_each_obligation_with_its_rule_set_trigger_and_stored_deadlines(
    hospital, owner, outsider, django_assert_max_num_queries
):
    incident = _incident(owner)
    client = client_for(owner)
    response = client.put(
        f"/api/incidents/{incident.pk}/obligations/answers/",
        {"regime": "nis2", "answers": SIGNIFICANT},
        format="json",
    )
    assert response.status_code == 200, response.content
    with django_assert_max_num_queries(12):
        body = client.get(f"/api/incidents/{incident.pk}/obligations/").json()
    assert [(o["regime"], o["state"], o["rule_set"]) for o in body] == [
        ("gdpr", "owed", "gdpr-2018"),
        ("nis2", "owed", "nis2-2022"),
    ]
    nis2 = body[1]
    assert nis2["trigger"] == "awareness" and nis2["trigger_at"].startswith("2026-10-12")
    assert [(r["code"], r["state"], r["due_at"] is not None) for r in nis2["reports"]][:2] == [
        ("early_warning", "owed", True),
        ("notification", "owed", True),
    ]
    assert nis2["reports"][2]["on_request"] is True
    assert_error(client_for(outsider).get(f"/api/incidents/{incident.pk}/obligations/"), 404, "not_found")


def test_a_report_is_stepped_through_the_api(hospital, owner, dpo):
    incident = _incident(owner)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    report = _obligation(incident, "nis2", "entity").reports.get(code="early_warning")
    url = f"/api/obligation-reports/{report.pk}/steps/"
    assert client_for(owner).post(url, {"step": "draft"}, format="json").status_code == 200
    assert_error(client_for(owner).post(url, {"step": "approve"}, format="json"), 403, "permission_denied")
    assert client_for(dpo).post(url, {"step": "approve"}, format="json").json()["state"] == "approved"
    assert_error(client_for(owner).post(url, {"step": "file"}, format="json"), 400, "invalid", "reference")
    filed = client_for(owner).post(url, {"step": "file", "reference": "CSIRT-9"}, format="json").json()
    assert (filed["state"], filed["reference"]) == ("filed", "CSIRT-9")


def test_the_schema_documents_the_obligations(owner):
    schema = client_for(owner).get("/api/schema/?format=json").json()
    assert "/api/incidents/{id}/obligations/" in schema["paths"]
    assert "/api/obligation-reports/{id}/steps/" in schema["paths"]


# --- the data migration -----------------------------------------------------------------------------------------


def test_the_data_migration_gives_every_existing_incident_its_gdpr_obligation_with_todays_deadline(
    owner, dpo, dpo2, settings
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("obligations.migrations.0002_gdpr_obligation_of_every_incident")
    open_one = _incident(owner)
    filed = decided(owner, dpo)
    notice = notice_services.notice_draft(actor=owner, incident_id=filed.pk, kind="authority", authority="AP")
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    notice = notice_services.notice_file(
        actor=dpo,
        notice_id=notice.pk,
        filed_at=timezone.now(),
        reference="AP-1",
        acknowledge_missing=True,
    )
    # As before the obligations existed: no obligation at all.
    ObligationReport.objects.all().delete()
    Obligation.objects.all().delete()
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: nothing doubled

    first = _obligation(open_one, "gdpr", "controller")
    assert (first.rule_set, first.trigger_at, first.state) == ("gdpr-2018", AWARE, "owed")
    assert _due(first) == {"notification": AWARE + timedelta(hours=settings.AUTHORITY_DEADLINE_HOURS)}
    second = _obligation(filed, "gdpr", "controller")
    report = second.reports.get()
    assert second.state == "filed"
    assert (report.state, report.filed_at, report.reference) == ("filed", notice.filed_at, "AP-1")
    assert report.due_at == filed.authority_deadline
    assert Obligation.objects.count() == 2


# --- the pages --------------------------------------------------------------------------------------------------


def test_the_incident_page_shows_the_obligations_panel_and_the_team_answers_the_regime_test(
    client, hospital, owner, dpo2
):
    incident = _incident(owner)
    client.force_login(owner)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert f"/incidents/{incident.pk}/obligations/" in page
    panel = client.get(f"/incidents/{incident.pk}/obligations/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-obligation="gdpr:controller"' in panel and 'data-regime-test="nis2"' in panel
    response = client.post(
        f"/incidents/{incident.pk}/obligations/answers/nis2/",
        {
            "nis2-severe_operational_disruption": "yes",
            "nis2-financial_loss": "",
            "nis2-considerable_damage_to_others": "no",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/obligations/"
    nis2 = _obligation(incident, "nis2", "entity")
    assert nis2.state == "owed"
    early = nis2.reports.get(code="early_warning")
    client.post(f"/incidents/{incident.pk}/obligations/reports/{early.pk}/draft/")
    client.force_login(dpo2)
    client.post(f"/incidents/{incident.pk}/obligations/reports/{early.pk}/approve/")
    client.post(f"/incidents/{incident.pk}/obligations/reports/{early.pk}/file/", {"reference": "CCB-7"})
    early.refresh_from_db()
    assert (early.state, early.reference, early.drafted_by, early.approved_by) == (
        "filed",
        "CCB-7",
        owner,
        dpo2,
    )
    panel = client.get(f"/incidents/{incident.pk}/obligations/").content.decode()
    assert "CCB-7" in panel


def test_an_outsider_gets_no_obligations_panel(client, owner, outsider):
    incident = _incident(owner)
    client.force_login(outsider)
    assert client.get(f"/incidents/{incident.pk}/obligations/").status_code == 404


def test_the_dpo_keeps_the_regimes_on_the_organisation_page(client, org, dpo, owner):
    client.force_login(dpo)
    page = client.get(f"/organisations/{org.pk}/").content.decode()
    assert 'id="regimes"' in page
    response = client.post(
        f"/organisations/{org.pk}/regimes/",
        {"nis2_entity": "essential", "nis2_sector": "health", "countries": "nl, be"},
    )
    assert response.status_code == 302
    org.regime_profile.refresh_from_db()
    assert (org.regime_profile.nis2_entity, org.regime_profile.countries) == ("essential", ["BE", "NL"])
    client.force_login(owner)
    client.post(f"/organisations/{org.pk}/regimes/", {"nis2_entity": "none"})
    org.regime_profile.refresh_from_db()
    assert org.regime_profile.nis2_entity == "essential"


def test_across_the_autumn_clock_change_hours_are_elapsed_and_the_month_keeps_the_wall_clock(
    hospital, owner, dpo
):
    aware = datetime(2026, 10, 24, 10, 0, tzinfo=UTC)  # Saturday 12:00 in Amsterdam (summer time)
    with time_machine.travel(aware + timedelta(hours=1), tick=False):
        incident = make_incident(
            owner,
            aware_at=aware,
            detected_at=aware - timedelta(hours=1),
            occurred_from=aware - timedelta(hours=2),
            occurred_until=aware - timedelta(hours=2),
        )
        services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT
        )
    nis2 = _obligation(incident, "nis2", "entity")
    # 24 and 72 elapsed hours: the wall clock shows 11:00 on Sunday, the clocks having gone back in the night.
    assert _due(nis2)["early_warning"] == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)
    assert _due(nis2)["notification"] == datetime(2026, 10, 27, 10, 0, tzinfo=UTC)
    notification = nis2.reports.get(code="notification")
    filed_at = datetime(2026, 10, 24, 20, 0, tzinfo=UTC)  # Saturday 22:00 summer time, before the change
    with time_machine.travel(filed_at + timedelta(minutes=1), tick=False):
        _through(notification, team=owner, dpo=dpo, at=filed_at)
    # One calendar month, wall-clock time kept: 24 November 22:00 winter time, 21:00 UTC (not 20:00).
    assert _due(nis2)["final"] == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


def test_a_processors_alert_obligation_is_filed_once_every_client_has_had_its_alert(
    breach, client_a, client_b, owner, dpo2, django_capture_on_commit_callbacks
):
    gdpr = _obligation(breach, "gdpr", "processor")
    report = gdpr.reports.get(code="controller_alert")
    assert report.due_at == breach.aware_at + timedelta(hours=24)
    send_alert(breach, client_a, owner, dpo2, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.state == "owed"  # client B not alerted yet
    send_alert(breach, client_b, owner, dpo2, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    gdpr.refresh_from_db()
    assert report.state == "filed" and report.filed_at is not None and gdpr.state == "filed"


def test_every_report_always_owed_filed_is_filed_and_one_more_supplements_it(org, owner, dpo):
    services.regime_profile_update(actor=dpo, organisation_id=org.pk, values={"public_ecs_provider": True})
    incident = _incident(owner)
    incident_services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    incident_services.incident_transition(actor=owner, incident_id=incident.pk, name="confirm_breach")
    services.obligations_evaluate(actor=owner, incident_id=incident.pk)  # a transition does not evaluate
    eprivacy = _obligation(incident, "eprivacy")
    reports = {r.code: r for r in eprivacy.reports.all()}
    with time_machine.travel(AWARE + timedelta(hours=3), tick=False):
        _through(reports["notification"], team=owner, dpo=dpo)
    eprivacy.refresh_from_db()
    assert eprivacy.state == "filed"  # the second notification is owed only if the first was incomplete
    assert _due(eprivacy)["second_notification"] == AWARE + timedelta(hours=3) + timedelta(days=3)
    with time_machine.travel(AWARE + timedelta(days=1), tick=False):
        _through(reports["second_notification"], team=owner, dpo=dpo, reference="AP-2")
    eprivacy.refresh_from_db()
    assert eprivacy.state == "supplemented"


def test_the_dpo_deciding_the_breach_is_unlikely_to_result_in_a_risk_rules_the_gdpr_obligation_out(
    owner, dpo
):
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
    decided = risk_services.assessment_decide(actor=dpo, incident_id=incident.pk, agree=True)
    assert decided.dpo_position["notify_authority"] is False, decided.dpo_position
    gdpr = _obligation(incident, "gdpr", "controller")
    assert gdpr.state == "not_applicable"
    change = IncidentEvent.objects.filter(incident=incident).latest("sequence")
    assert change.kind == "obligations_evaluated" and change.actor == dpo
    assert (change.data["changes"][0]["from"], change.data["changes"][0]["state"]) == (
        "owed",
        "not_applicable",
    )
    assert _due(gdpr) == {"notification": AWARE + timedelta(hours=72)}  # kept as stored


def test_the_countries_of_the_profile_are_iso_codes(client, org, dpo):
    with pytest.raises(ValidationError) as refused:
        services.regime_profile_update(actor=dpo, organisation_id=org.pk, values={"countries": ["Nederland"]})
    assert "countries" in refused.value.message_dict
    client.force_login(dpo)
    response = client.post(
        f"/organisations/{org.pk}/regimes/", {"nis2_entity": "essential", "countries": "Nederland"}
    )
    assert response.status_code == 302
    assert not RegimeProfile.objects.filter(organisation=org, nis2_entity="essential").exists()


def test_nis2_not_yet_transposed_in_france_is_ruled_out_on_the_record(org, owner, dpo):
    org.country = "FR"
    org.save(update_fields=["country"])
    services.regime_profile_update(actor=dpo, organisation_id=org.pk, values={"nis2_entity": "essential"})
    incident = _incident(owner)
    services.regime_answers_record(actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT)
    nis2 = _obligation(incident, "nis2", "entity")
    assert (nis2.state, nis2.rule_set, nis2.country) == ("not_applicable", "", "FR")
    assert (
        nis2.reason == "NIS2 not transposed in France at the awareness moment." and not nis2.reports.exists()
    )
