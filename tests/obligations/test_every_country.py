"""Every obligation (issue 18): one NIS2 obligation per member state the entity is established in, each on its
country's transposition and to its recipient, ruled out on the record where none is in force; the migration that
gives existing rows their country; and the moments some reports count from (NIS2's incident handled, the CRA's
corrective measure, DORA's intermediate report filed again), recorded by the team, after which the deadline that
waited for them is stored — or moved."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from datalek.errors import DomainError
from inbox.acts import report_acts
from incidents.dashboard import owed_for
from incidents.models import IncidentEvent
from obligations import services
from obligations.models import Obligation
from tests.incidents.test_api import client_for
from tests.personas import make_incident

AWARE = datetime(
    2026, 9, 14, 8, 0, tzinfo=UTC
)  # a Monday: NIS2 in force in BE (2024) and NL (15 August 2026)
NOW = AWARE + timedelta(hours=2)
SIGNIFICANT = {"severe_operational_disruption": True}
NL_CSIRT = "the CSIRT and the sector's competent authority (Cyberbeveiligingswet)"
CCB = "Centre for Cybersecurity Belgium (CCB)"


def _profile(org, dpo, **values):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        services.regime_profile_update(actor=dpo, organisation_id=org.pk, values=values)


def _incident(owner, *, answers=None, regime="nis2"):
    with time_machine.travel(NOW, tick=False):
        incident = make_incident(
            owner,
            aware_at=AWARE,
            detected_at=AWARE - timedelta(hours=1),
            occurred_from=AWARE - timedelta(hours=2),
            occurred_until=AWARE - timedelta(hours=2),
        )
        if answers is not None:
            services.regime_answers_record(
                actor=owner, incident_id=incident.pk, regime=regime, answers=answers
            )
    return incident


def _nis2(incident):
    return {o.country: o for o in Obligation.objects.filter(incident=incident, regime="nis2")}


def _due(obligation):
    return {r.code: r.due_at for r in obligation.reports.order_by("position")}


def _file(obligation, code, *, team, dpo, at, reference="REF"):
    report = obligation.reports.get(code=code)
    services.obligation_report_draft(actor=team, report_id=report.pk)
    services.obligation_report_approve(actor=dpo, report_id=report.pk)
    return services.obligation_report_file(actor=team, report_id=report.pk, reference=reference, filed_at=at)


# --- one obligation per country ------------------------------------------------------------------------------


def test_an_entity_in_the_netherlands_and_belgium_owes_nis2_to_both_each_with_its_recipient(
    org, owner, dpo, client
):
    _profile(org, dpo, nis2_entity="essential", nis2_sector="health", countries=["nl", "be"])
    incident = _incident(owner, answers=SIGNIFICANT)
    nis2 = _nis2(incident)
    assert set(nis2) == {"NL", "BE"}
    for country in ("NL", "BE"):
        assert (nis2[country].state, nis2[country].rule_set) == ("owed", "nis2-2022")
        assert _due(nis2[country])["early_warning"] == AWARE + timedelta(hours=24)
        assert _due(nis2[country])["notification"] == AWARE + timedelta(hours=72)
    assert nis2["BE"].label == "NIS2 (BE)" and nis2["NL"].label == "NIS2 (NL)"
    # The GDPR stays one obligation, to the lead authority of the organisation's country.
    gdpr = Obligation.objects.filter(incident=incident, regime="gdpr")
    assert [o.country for o in gdpr] == ["NL"]
    event = IncidentEvent.objects.filter(incident=incident, kind="obligations_evaluated").latest("id")
    assert {(c["regime"], c["country"]) for c in event.data["changes"]} == {("nis2", "NL"), ("nis2", "BE")}

    # The API gives each with its country and recipient; the panel shows both, each with its recipient.
    payload = client_for(owner).get(f"/api/incidents/{incident.pk}/obligations/").json()
    got = {(o["regime"], o["country"]): o["recipient"] for o in payload}
    assert got[("nis2", "NL")] == NL_CSIRT and got[("nis2", "BE")] == CCB
    client.force_login(owner)
    panel = client.get(f"/incidents/{incident.pk}/obligations/").content.decode()
    assert panel.count('data-obligation="nis2:entity"') == 2
    assert 'data-country="BE"' in panel and CCB in panel and "Belgium" in panel
    assert "Cyberbeveiligingswet" in panel

    # Answering again doubles nothing; the dashboard and the inbox tell the two apart.
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        services.regime_answers_record(
            actor=owner, incident_id=incident.pk, regime="nis2", answers=SIGNIFICANT
        )
        incident.refresh_from_db()  # as the dashboard reads it
        owed = owed_for([incident]).get(incident.pk, [])
        acts = [a.label_text for a in report_acts(owner) if a.reference == incident.reference]
    assert Obligation.objects.filter(incident=incident, regime="nis2").count() == 2
    assert {o.key for o in owed} >= {
        f"obligation:{nis2['NL'].pk}:early_warning",
        f"obligation:{nis2['BE'].pk}:early_warning",
    }
    assert {"NIS2 (NL): Early warning", "NIS2 (BE): Early warning"} <= {o.label for o in owed}
    assert any("NIS2 (BE)" in label for label in acts) and any("NIS2 (NL)" in label for label in acts)


def test_nis2_not_transposed_in_france_is_ruled_out_there_and_owed_in_the_netherlands(org, owner, dpo):
    _profile(org, dpo, nis2_entity="essential", countries=["NL", "FR"])
    nis2 = _nis2(_incident(owner, answers=SIGNIFICANT))
    assert nis2["NL"].state == "owed" and nis2["NL"].reports.count() > 0
    assert (nis2["FR"].state, nis2["FR"].rule_set) == ("not_applicable", "")
    assert nis2["FR"].reason == "NIS2 not transposed in France at the awareness moment."
    assert not nis2["FR"].reports.exists()


def test_an_entity_whose_countries_are_empty_keeps_one_obligation_in_its_own_country(org, owner, dpo):
    org.country = "BE"
    org.save(update_fields=["country"])
    _profile(org, dpo, nis2_entity="important", countries=[])
    nis2 = _nis2(_incident(owner, answers=SIGNIFICANT))
    assert list(nis2) == ["BE"] and nis2["BE"].state == "owed"
    assert nis2["BE"].label == "NIS2 (BE)"


def test_the_regimes_owed_once_stay_one_whatever_the_countries(org, owner, dpo):
    """The CRA reports through ENISA's single platform to the CSIRT of the main establishment; DORA to the financial
    entity's authority: one obligation each, in the organisation's country."""
    _profile(org, dpo, digital_products_manufacturer=True, dora_financial_entity=True, countries=["NL", "BE"])
    incident = _incident(owner, answers={"actively_exploited_vulnerability": True}, regime="cra")
    cra = Obligation.objects.filter(incident=incident, regime="cra", variant="vulnerability")
    assert [(o.country, o.state) for o in cra] == [("NL", "owed")]


def test_one_obligation_per_regime_variant_and_country(org, owner, dpo):
    _profile(org, dpo, nis2_entity="essential", countries=["NL"])
    incident = _incident(owner, answers=SIGNIFICANT)
    nl = _nis2(incident)["NL"]
    with transaction.atomic():
        Obligation.objects.create(
            incident=incident, regime="nis2", variant="entity", country="BE", trigger_at=AWARE, state="owed"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Obligation.objects.create(
            incident=incident, regime="nis2", variant="entity", country="NL", trigger_at=nl.trigger_at
        )


# --- the migration --------------------------------------------------------------------------------------------


def test_the_migration_gives_rows_without_a_country_their_organisations_and_keeps_the_others(
    org, other_org, owner, dpo, outsider
):
    from django.apps import apps

    migration = importlib.import_module("obligations.migrations.0003_obligation_per_country")
    org.country = "BE"
    org.save(update_fields=["country"])
    _profile(org, dpo, nis2_entity="essential", countries=["NL", "BE"])
    ours = _incident(owner, answers=SIGNIFICANT)
    with time_machine.travel(NOW, tick=False):
        theirs = make_incident(
            outsider, aware_at=AWARE, detected_at=AWARE, occurred_from=AWARE, occurred_until=AWARE
        )
    type(other_org).objects.filter(pk=other_org.pk).update(country="")
    # As before per-country obligations: the GDPR's rows without a country; the NIS2 rows keep theirs.
    Obligation.objects.filter(regime="gdpr").update(country="")
    migration.fill_country(apps, None)
    assert Obligation.objects.get(incident=ours, regime="gdpr").country == "BE"
    assert set(_nis2(ours)) == {"NL", "BE"}  # kept as they were
    assert Obligation.objects.get(incident=theirs, regime="gdpr").country == ""  # nothing to fill it with
    migration.fill_country(apps, None)  # again: nothing changes
    assert Obligation.objects.get(incident=ours, regime="gdpr").country == "BE"


# --- the moments some reports count from ----------------------------------------------------------------------


@pytest.fixture
def handled_case(org, owner, dpo):
    """An NL entity whose notification was filed 60 hours after awareness and whose progress report was filed when
    the final report fell due, the incident still ongoing."""
    _profile(org, dpo, nis2_entity="essential", countries=["NL"])
    incident = _incident(owner, answers=SIGNIFICANT)
    obligation = _nis2(incident)["NL"]
    with time_machine.travel(AWARE + timedelta(days=3), tick=False):
        _file(obligation, "early_warning", team=owner, dpo=dpo, at=AWARE + timedelta(hours=20))
        _file(obligation, "notification", team=owner, dpo=dpo, at=AWARE + timedelta(hours=60))
    # One calendar month after the filing (22:00 in Amsterdam, summer time): 16 October, 20:00 UTC.
    assert _due(obligation)["final"] == datetime(2026, 10, 16, 20, 0, tzinfo=UTC)
    with time_machine.travel(datetime(2026, 10, 16, 12, 0, tzinfo=UTC), tick=False):
        _file(obligation, "progress", team=owner, dpo=dpo, at=datetime(2026, 10, 16, 10, 0, tzinfo=UTC))
    # The final report now waits for the moment the incident is handled: the stored deadline stays until then.
    assert _due(obligation)["final"] == datetime(2026, 10, 16, 20, 0, tzinfo=UTC)
    return obligation


def test_recording_that_the_incident_was_handled_moves_the_final_report_one_month_after_it(handled_case, dpo):
    obligation = handled_case
    assert services.recordable_moments(obligation) == ("handled",)
    handled = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)  # 13:00 in Amsterdam, winter time
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=UTC), tick=False):
        services.obligation_moment_record(actor=dpo, obligation_id=obligation.pk, name="handled", at=handled)
    obligation.refresh_from_db()
    assert _due(obligation)["final"] == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    [entry] = obligation.moments["handled"]
    assert (entry["at"], entry["by"]) == (handled.isoformat(), dpo.pk)
    assert entry["recorded_at"] == datetime(2026, 11, 2, 9, 0, tzinfo=UTC).isoformat()
    event = IncidentEvent.objects.filter(incident=obligation.incident, kind="obligation_moment").get()
    assert event.actor == dpo and event.data["moment"] == "handled" and event.data["country"] == "NL"
    assert event.data["deadlines_stored"] == {"final": "2026-12-01T13:00:00+01:00"}

    # A correction is a new record: the latest holds, and the deadline moves with it.
    with time_machine.travel(datetime(2026, 11, 3, 9, 0, tzinfo=UTC), tick=False):
        services.obligation_moment_record(
            actor=dpo, obligation_id=obligation.pk, name="handled", at=handled - timedelta(days=1)
        )
    obligation.refresh_from_db()
    assert len(obligation.moments["handled"]) == 2
    assert _due(obligation)["final"] == datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (datetime(2026, 11, 3, 9, 0, tzinfo=UTC), "The moment cannot be in the future."),
        (AWARE - timedelta(minutes=1), "The moment cannot be before the obligation's trigger moment"),
    ],
)
def test_a_moment_in_the_future_or_before_the_trigger_is_refused_and_nothing_is_stored(
    handled_case, owner, at, message
):
    obligation = handled_case
    with (
        time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=UTC), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        services.obligation_moment_record(actor=owner, obligation_id=obligation.pk, name="handled", at=at)
    assert list(refused.value.message_dict) == ["at"] and message in refused.value.message_dict["at"][0]
    obligation.refresh_from_db()
    assert obligation.moments == {}
    assert _due(obligation)["final"] == datetime(2026, 10, 16, 20, 0, tzinfo=UTC)
    assert not IncidentEvent.objects.filter(incident=obligation.incident, kind="obligation_moment").exists()


def test_a_moment_no_report_counts_from_and_a_stranger_are_refused(handled_case, owner, outsider):
    obligation = handled_case
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=UTC), tick=False):
        with pytest.raises(ValidationError) as refused:
            services.obligation_moment_record(
                actor=owner,
                obligation_id=obligation.pk,
                name="corrective_measure",
                at=AWARE + timedelta(days=1),
            )
        assert list(refused.value.message_dict) == ["name"]
        with pytest.raises(DomainError) as hidden:
            services.obligation_moment_record(
                actor=outsider, obligation_id=obligation.pk, name="handled", at=AWARE + timedelta(days=1)
            )
    assert hidden.value.status == 404
    obligation.refresh_from_db()
    assert obligation.moments == {}


def test_the_panel_form_records_the_moment_and_a_future_one_comes_back_naming_the_field(
    handled_case, client, owner
):
    obligation = handled_case
    url = f"/incidents/{obligation.incident_id}/obligations/{obligation.pk}/moments/"
    prefix = f"moment-{obligation.pk}"
    client.force_login(owner)
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=UTC), tick=False):
        panel = client.get(f"/incidents/{obligation.incident_id}/obligations/").content.decode()
        assert "data-moment-form" in panel and "The incident was handled" in panel
        refused = client.post(url, {f"{prefix}-name": "handled", f"{prefix}-at": "2026-11-05T10:00"})
        assert refused.status_code == 400
        said = refused.content.decode()
        assert "When: The moment cannot be in the future." in said
        obligation.refresh_from_db()
        assert obligation.moments == {}
        done = client.post(url, {f"{prefix}-name": "handled", f"{prefix}-at": "2026-11-01T13:00"})
        assert done.status_code == 302
        page = client.get(f"/incidents/{obligation.incident_id}/obligations/").content.decode()
    obligation.refresh_from_db()
    # 13:00 in Amsterdam is 12:00 UTC in November: one month later, 1 December.
    assert _due(obligation)["final"] == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert "data-moments" in page and "recorded by" in page


def test_the_cra_final_report_on_a_vulnerability_is_due_14_days_after_the_corrective_measure(org, owner, dpo):
    _profile(org, dpo, digital_products_manufacturer=True)
    incident = _incident(owner, answers={"actively_exploited_vulnerability": True}, regime="cra")
    cra = Obligation.objects.get(incident=incident, regime="cra", variant="vulnerability")
    assert _due(cra)["final"] is None  # waits for the corrective measure
    assert services.recordable_moments(cra) == ("corrective_measure",)
    measure = AWARE + timedelta(days=5)
    with time_machine.travel(AWARE + timedelta(days=6), tick=False):
        services.obligation_moment_record(
            actor=owner, obligation_id=cra.pk, name="corrective_measure", at=measure
        )
    assert _due(cra)["final"] == measure + timedelta(days=14)  # calendar days, no change of clock in between


def test_dora_final_report_moves_with_the_latest_intermediate_report_filed_again(org, owner, dpo):
    _profile(org, dpo, dora_financial_entity=True)
    classified = AWARE + timedelta(hours=1)
    incident = _incident(
        owner, answers={"classified_major": True, "classified_at": classified.isoformat()}, regime="dora"
    )
    dora = Obligation.objects.get(incident=incident, regime="dora")
    assert services.recordable_moments(dora) == ("filed_again:intermediate",)
    with time_machine.travel(AWARE + timedelta(days=2), tick=False):
        with pytest.raises(ValidationError) as refused:  # not filed once yet
            services.obligation_moment_record(
                actor=owner,
                obligation_id=dora.pk,
                name="filed_again:intermediate",
                at=AWARE + timedelta(hours=5),
            )
        assert list(refused.value.message_dict) == ["name"]
        _file(dora, "initial", team=owner, dpo=dpo, at=AWARE + timedelta(hours=4))
        _file(dora, "intermediate", team=owner, dpo=dpo, at=AWARE + timedelta(hours=30))
    assert _due(dora)["final"] == datetime(2026, 10, 15, 14, 0, tzinfo=UTC)  # a month after the first filing
    again = AWARE + timedelta(days=10)
    with time_machine.travel(AWARE + timedelta(days=11), tick=False):
        with pytest.raises(ValidationError) as early:
            services.obligation_moment_record(
                actor=owner,
                obligation_id=dora.pk,
                name="filed_again:intermediate",
                at=AWARE + timedelta(hours=29),
            )
        assert list(early.value.message_dict) == ["at"]
        services.obligation_moment_record(
            actor=owner, obligation_id=dora.pk, name="filed_again:intermediate", at=again
        )
    assert _due(dora)["final"] == datetime(2026, 10, 24, 8, 0, tzinfo=UTC)  # a month after the latest
    payload = client_for(owner).get(f"/api/incidents/{incident.pk}/obligations/").json()
    [api] = [o for o in payload if o["regime"] == "dora"]
    assert api["moments"]["filed_again:intermediate"][0]["at"] == again.isoformat()
