"""Every regime's chain of reports with concrete moments: deadlines from the trigger, from another moment, or from
the filing of an earlier report; on request; the earliest of two limits; the summer-time changes of
Europe/Amsterdam (29 March and 25 October 2026)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from obligations.rules import (
    Filing,
    Moment,
    chain_state,
    deadlines_to_store,
    due,
    next_deadline,
    rule_set,
    rule_set_for,
    term_start,
)

AMS = ZoneInfo("Europe/Amsterdam")
BRU = ZoneInfo("Europe/Brussels")
LATER = datetime(2020, 1, 1, tzinfo=UTC)  # a "now" before every deadline below: nothing overdue


def states_by_code(states):
    return {s.code: s for s in states}


# --- GDPR ------------------------------------------------------------------------------------------------


def test_gdpr_notification_is_due_72_real_hours_after_awareness_across_the_change_to_summer_time() -> None:
    aware = datetime(2026, 3, 27, 12, 0, tzinfo=AMS)  # Friday, CET
    (notification,) = chain_state(
        rule_set("gdpr-2018"), trigger=aware, filed={}, zone=AMS, country="NL", now=LATER
    )
    assert notification.code == "notification"
    assert notification.due.astimezone(UTC) == datetime(
        2026, 3, 30, 11, 0, tzinfo=UTC
    )  # 13:00 CEST on Monday
    assert notification.status == "due"


def test_gdpr_in_belgium_adds_part_2_due_21_calendar_days_after_part_1_was_filed() -> None:
    gdpr = rule_set("gdpr-2018")
    aware = datetime(2026, 10, 7, 9, 0, tzinfo=BRU)
    before = states_by_code(chain_state(gdpr, trigger=aware, filed={}, zone=BRU, country="BE", now=LATER))
    assert list(before) == ["notification", "part2"]
    assert before["part2"].due is None
    assert before["part2"].status == "waiting"
    assert before["part2"].waiting_for == (Filing("notification"),)

    part_1 = datetime(2026, 10, 9, 16, 0, tzinfo=BRU)  # CEST
    after = states_by_code(
        chain_state(gdpr, trigger=aware, filed={"notification": part_1}, zone=BRU, country="BE", now=LATER)
    )
    assert after["notification"].status == "filed"
    assert after["part2"].due.astimezone(UTC) == datetime(2026, 10, 30, 15, 0, tzinfo=UTC)  # 16:00 CET
    assert after["part2"].status == "due"


def test_gdpr_part_2_is_belgian_only() -> None:
    assert [r.code for r in rule_set("gdpr-2018").chain(country="NL")] == ["notification"]
    assert [r.code for r in rule_set("gdpr-2018").chain(country="FR")] == ["notification"]


def test_a_notification_filed_after_72_hours_is_late() -> None:
    aware = datetime(2026, 5, 4, 9, 0, tzinfo=AMS)
    filed = {"notification": datetime(2026, 5, 7, 9, 1, tzinfo=AMS)}
    (state,) = chain_state(rule_set("gdpr-2018"), trigger=aware, filed=filed, zone=AMS, country="NL")
    assert state.status == "filed"
    assert state.late is True
    on_time = {"notification": datetime(2026, 5, 7, 9, 0, tzinfo=AMS)}
    (state,) = chain_state(rule_set("gdpr-2018"), trigger=aware, filed=on_time, zone=AMS, country="NL")
    assert state.late is False


def test_a_processor_alerts_the_controller_within_the_contracts_hours() -> None:
    gdpr = rule_set("gdpr-2018")
    aware = datetime(2026, 5, 4, 9, 0, tzinfo=AMS)
    (alert,) = chain_state(
        gdpr, trigger=aware, filed={}, zone=AMS, variant="processor", params={"contract_hours": 36}, now=LATER
    )
    assert alert.code == "controller_alert"
    assert alert.due == datetime(2026, 5, 5, 21, 0, tzinfo=AMS)


def test_without_the_contracts_hours_a_processor_alert_has_no_fixed_deadline() -> None:
    (alert,) = chain_state(
        rule_set("gdpr-2018"),
        trigger=datetime(2026, 5, 4, 9, 0, tzinfo=AMS),
        filed={},
        zone=AMS,
        variant="processor",
    )
    assert alert.due is None
    assert alert.status == "no_fixed_deadline"
    assert alert.waiting_for == ()


def test_the_clock_says_overdue_once_the_deadline_has_passed() -> None:
    gdpr = rule_set("gdpr-2018")
    aware = datetime(2026, 3, 27, 12, 0, tzinfo=AMS)
    with time_machine.travel(datetime(2026, 3, 30, 10, 59, tzinfo=UTC), tick=False):
        (state,) = chain_state(gdpr, trigger=aware, filed={}, zone=AMS, country="NL")
        assert state.status == "due"
    with time_machine.travel(datetime(2026, 3, 30, 11, 0, tzinfo=UTC), tick=False):
        (state,) = chain_state(gdpr, trigger=aware, filed={}, zone=AMS, country="NL")
        assert state.status == "overdue"


# --- NIS2 ------------------------------------------------------------------------------------------------


def test_nis2_chain_from_awareness_across_the_change_to_winter_time() -> None:
    nis2 = rule_set("nis2-2022")
    aware = datetime(2026, 10, 24, 9, 15, tzinfo=BRU)  # CEST
    states = states_by_code(chain_state(nis2, trigger=aware, filed={}, zone=BRU, country="BE", now=LATER))
    assert list(states) == ["early_warning", "notification", "intermediate", "final", "progress"]
    assert states["early_warning"].due.astimezone(UTC) == datetime(
        2026, 10, 25, 7, 15, tzinfo=UTC
    )  # 08:15 CET
    assert states["notification"].due.astimezone(UTC) == datetime(2026, 10, 27, 7, 15, tzinfo=UTC)
    assert states["intermediate"].status == "on_request"
    assert states["intermediate"].due is None
    assert states["final"].status == "waiting"
    assert states["final"].waiting_for == (Filing("notification"),)
    assert states["progress"].status == "waiting"


def test_nis2_final_report_is_due_one_month_after_the_notification_was_filed() -> None:
    nis2 = rule_set("nis2-2022")
    aware = datetime(2026, 10, 24, 9, 15, tzinfo=BRU)
    filed = {
        "early_warning": datetime(2026, 10, 24, 20, 0, tzinfo=BRU),
        "notification": datetime(2026, 10, 26, 16, 40, tzinfo=BRU),
    }
    states = states_by_code(chain_state(nis2, trigger=aware, filed=filed, zone=BRU, country="BE", now=LATER))
    assert states["final"].due == datetime(2026, 11, 26, 16, 40, tzinfo=BRU)
    assert states["progress"].due == datetime(2026, 11, 26, 16, 40, tzinfo=BRU)
    assert str(states["progress"].condition).startswith("Only if the incident is still ongoing")
    assert states["final"].condition is None


def test_nis2_final_report_after_a_notification_filed_on_31_january_is_due_on_the_last_day_of_february() -> (
    None
):
    final = rule_set("nis2-2022").report("final")
    filed = {"notification": datetime(2027, 1, 31, 11, 0, tzinfo=AMS)}
    assert due(final, trigger=datetime(2027, 1, 29, 8, 0, tzinfo=AMS), filed=filed, zone=AMS) == datetime(
        2027, 2, 28, 11, 0, tzinfo=AMS
    )


def test_after_a_progress_report_nis2_final_report_is_due_one_month_after_the_incident_was_handled() -> None:
    nis2 = rule_set("nis2-2022")
    aware = datetime(2026, 10, 24, 9, 15, tzinfo=BRU)
    filed = {
        "notification": datetime(2026, 10, 26, 16, 40, tzinfo=BRU),
        "progress": datetime(2026, 11, 26, 10, 0, tzinfo=BRU),
    }
    stored = {
        "early_warning": datetime(2026, 10, 25, 8, 15, tzinfo=BRU),
        "notification": datetime(2026, 10, 27, 8, 15, tzinfo=BRU),
        "final": datetime(2026, 11, 26, 16, 40, tzinfo=BRU),
        "progress": datetime(2026, 11, 26, 16, 40, tzinfo=BRU),
    }

    ongoing = states_by_code(chain_state(nis2, trigger=aware, filed=filed, zone=BRU, country="BE", now=LATER))
    assert ongoing["final"].due is None
    assert ongoing["final"].waiting_for == (Moment("handled"),)

    handled = {"handled": datetime(2026, 12, 15, 18, 0, tzinfo=BRU)}
    states = chain_state(nis2, trigger=aware, filed=filed, zone=BRU, country="BE", moments=handled, now=LATER)
    assert states_by_code(states)["final"].due == datetime(2027, 1, 15, 18, 0, tzinfo=BRU)
    # The law moves the stored final deadline; nothing else is re-dated.
    assert deadlines_to_store(states, stored) == {"final": datetime(2027, 1, 15, 18, 0, tzinfo=BRU)}


def test_a_trust_service_provider_notifies_within_24_hours_under_nis2() -> None:
    aware = datetime(2026, 11, 2, 9, 0, tzinfo=BRU)
    states = states_by_code(
        chain_state(
            rule_set("nis2-2022"),
            trigger=aware,
            filed={},
            zone=BRU,
            country="BE",
            variant="trust_service_provider",
        )
    )
    assert states["notification"].due == datetime(2026, 11, 3, 9, 0, tzinfo=BRU)
    assert states["early_warning"].due == datetime(2026, 11, 3, 9, 0, tzinfo=BRU)


def test_on_request_has_no_deadline_whatever_is_filed() -> None:
    intermediate = rule_set("nis2-2022").report("intermediate")
    filed = {
        "early_warning": datetime(2026, 11, 2, 9, 0, tzinfo=AMS),
        "notification": datetime(2026, 11, 3, 9, 0, tzinfo=AMS),
    }
    assert due(intermediate, trigger=datetime(2026, 11, 2, 8, 0, tzinfo=AMS), filed=filed, zone=AMS) is None


def test_a_hospital_aware_once_owes_the_nis2_early_warning_first_then_the_gdpr_and_nis2_notifications() -> (
    None
):
    aware = datetime(2026, 11, 2, 8, 30, tzinfo=AMS)  # Monday, after the Dutch Cyberbeveiligingswet's date
    gdpr = rule_set_for("gdpr", aware, "NL")
    nis2 = rule_set_for("nis2", aware, "NL")
    gdpr_states = chain_state(gdpr, trigger=aware, filed={}, zone=AMS, country="NL", now=LATER)
    nis2_states = chain_state(nis2, trigger=aware, filed={}, zone=AMS, country="NL", now=LATER)
    first = next_deadline([*gdpr_states, *nis2_states])
    assert (first.code, first.due) == ("early_warning", datetime(2026, 11, 3, 8, 30, tzinfo=AMS))
    assert next_deadline(gdpr_states).due == datetime(2026, 11, 5, 8, 30, tzinfo=AMS)
    assert states_by_code(nis2_states)["notification"].due == datetime(2026, 11, 5, 8, 30, tzinfo=AMS)
    # Once the early warning is filed, the next is the 72-hour notification.
    filed = {"early_warning": datetime(2026, 11, 2, 15, 0, tzinfo=AMS)}
    nis2_states = chain_state(nis2, trigger=aware, filed=filed, zone=AMS, country="NL", now=LATER)
    assert next_deadline(nis2_states).code == "notification"


# --- DORA ------------------------------------------------------------------------------------------------


def dora_chain(classified, awareness, filed=None):
    return states_by_code(
        chain_state(
            rule_set("dora-2022"),
            trigger=classified,
            filed=filed or {},
            zone=AMS,
            country="NL",
            moments={"awareness": awareness},
            now=LATER,
        )
    )


def test_dora_initial_notification_is_due_4_hours_after_an_early_classification() -> None:
    states = dora_chain(datetime(2026, 6, 1, 10, 0, tzinfo=AMS), datetime(2026, 6, 1, 8, 0, tzinfo=AMS))
    assert states["initial"].due == datetime(2026, 6, 1, 14, 0, tzinfo=AMS)


def test_dora_initial_notification_is_due_24_hours_after_awareness_when_classification_comes_late() -> None:
    states = dora_chain(datetime(2026, 6, 2, 6, 0, tzinfo=AMS), datetime(2026, 6, 1, 8, 0, tzinfo=AMS))
    assert states["initial"].due == datetime(2026, 6, 2, 8, 0, tzinfo=AMS)  # not 10:00


def test_dora_earliest_of_two_across_the_change_to_summer_time() -> None:
    # Aware Saturday 12:00 CET; classified Sunday 10:00 CEST (21 real hours later): 4 h gives 14:00 CEST, but 24
    # real hours after awareness is 13:00 CEST.
    states = dora_chain(datetime(2026, 3, 29, 10, 0, tzinfo=AMS), datetime(2026, 3, 28, 12, 0, tzinfo=AMS))
    assert states["initial"].due.astimezone(UTC) == datetime(2026, 3, 29, 11, 0, tzinfo=UTC)


def test_dora_intermediate_72_hours_after_the_initial_and_final_a_month_after_the_latest_intermediate() -> (
    None
):
    awareness, classified = datetime(2026, 6, 1, 8, 0, tzinfo=AMS), datetime(2026, 6, 1, 10, 0, tzinfo=AMS)
    states = dora_chain(classified, awareness, {"initial": datetime(2026, 6, 1, 13, 30, tzinfo=AMS)})
    assert states["intermediate"].due == datetime(2026, 6, 4, 13, 30, tzinfo=AMS)
    assert states["final"].waiting_for == (Filing("intermediate", which="latest"),)

    one = {
        "initial": datetime(2026, 6, 1, 13, 30, tzinfo=AMS),
        "intermediate": [datetime(2026, 6, 4, 12, 0, tzinfo=AMS)],
    }
    assert dora_chain(classified, awareness, one)["final"].due == datetime(2026, 7, 4, 12, 0, tzinfo=AMS)
    updated = {
        "initial": datetime(2026, 6, 1, 13, 30, tzinfo=AMS),
        "intermediate": [datetime(2026, 6, 4, 12, 0, tzinfo=AMS), datetime(2026, 6, 20, 9, 0, tzinfo=AMS)],
    }
    states = dora_chain(classified, awareness, updated)
    assert states["final"].due == datetime(2026, 7, 20, 9, 0, tzinfo=AMS)
    assert states["intermediate"].filed_at == datetime(2026, 6, 4, 12, 0, tzinfo=AMS)  # its first filing
    assert states["intermediate"].late is False


def test_dora_initial_without_the_awareness_moment_waits_rather_than_guess() -> None:
    (initial, *_) = chain_state(
        rule_set("dora-2022"), trigger=datetime(2026, 6, 1, 10, 0, tzinfo=AMS), filed={}, zone=AMS, now=LATER
    )
    assert initial.due is None
    assert initial.waiting_for == (Moment("awareness"),)


def test_doras_final_report_term_starts_at_the_latest_intermediate_filing() -> None:
    awareness, classified = datetime(2026, 6, 1, 8, 0, tzinfo=AMS), datetime(2026, 6, 1, 10, 0, tzinfo=AMS)
    latest = datetime(2026, 6, 20, 9, 0, tzinfo=AMS)
    filed = {
        "initial": datetime(2026, 6, 1, 13, 30, tzinfo=AMS),
        "intermediate": [datetime(2026, 6, 4, 12, 0, tzinfo=AMS), latest],
    }
    final = rule_set("dora-2022").report("final")
    deadline = dora_chain(classified, awareness, filed)["final"].due
    given = {"trigger": classified, "filed": filed, "zone": AMS, "moments": {"awareness": awareness}}
    assert term_start(final, deadline, **given) == latest


def test_the_term_of_a_stored_deadline_starts_at_the_limit_that_gave_it_not_at_the_earliest_today() -> None:
    """DORA's initial notification stored 4 hours after the classification; awareness corrected since to a day
    before: the 24-hour backstop now comes first, but the stored deadline still counts from the classification."""
    classified = datetime(2026, 6, 1, 10, 0, tzinfo=AMS)
    initial = rule_set("dora-2022").report("initial")
    stored = datetime(2026, 6, 1, 14, 0, tzinfo=AMS)
    corrected = {"awareness": datetime(2026, 5, 31, 9, 0, tzinfo=AMS)}
    assert (
        term_start(initial, stored, trigger=classified, filed={}, zone=AMS, moments=corrected) == classified
    )
    assert term_start(initial, stored + timedelta(hours=1), trigger=classified, filed={}, zone=AMS) is None


# --- eIDAS -----------------------------------------------------------------------------------------------


def test_eidas_notification_is_due_24_real_hours_after_awareness_across_the_change_to_winter_time() -> None:
    (notification,) = chain_state(
        rule_set("eidas-2024"),
        trigger=datetime(2026, 10, 24, 20, 0, tzinfo=AMS),
        filed={},
        zone=AMS,
        now=LATER,
    )
    assert notification.due.astimezone(UTC) == datetime(2026, 10, 25, 18, 0, tzinfo=UTC)  # 19:00 CET


# --- ePrivacy (telecom) -------------------------------------------------------------------------------------


def test_telecom_second_notification_is_due_three_calendar_days_after_the_first_across_summer_time() -> None:
    eprivacy = rule_set("eprivacy-2013")
    detected = datetime(2026, 3, 26, 15, 0, tzinfo=AMS)
    states = states_by_code(
        chain_state(eprivacy, trigger=detected, filed={}, zone=AMS, country="NL", now=LATER)
    )
    assert states["notification"].due == datetime(2026, 3, 27, 15, 0, tzinfo=AMS)
    assert states["second_notification"].status == "waiting"

    filed = {"notification": datetime(2026, 3, 27, 10, 0, tzinfo=AMS)}  # CET
    states = states_by_code(
        chain_state(eprivacy, trigger=detected, filed=filed, zone=AMS, country="NL", now=LATER)
    )
    assert states["second_notification"].due.astimezone(UTC) == datetime(
        2026, 3, 30, 8, 0, tzinfo=UTC
    )  # 10:00 CEST
    assert states["second_notification"].rule.condition is not None
    assert eprivacy.trigger.code == "detection"


# --- Cyber Resilience Act ----------------------------------------------------------------------------------


def test_cra_needs_to_know_whether_a_vulnerability_or_an_incident_is_reported() -> None:
    with pytest.raises(ValueError, match="variant"):
        rule_set("cra-2024").chain()


def test_cra_vulnerability_final_report_14_days_after_the_corrective_measure() -> None:
    cra = rule_set("cra-2024")
    aware = datetime(2026, 9, 14, 8, 0, tzinfo=AMS)
    states = states_by_code(
        chain_state(cra, trigger=aware, filed={}, zone=AMS, variant="vulnerability", now=LATER)
    )
    assert list(states) == ["early_warning", "notification", "final"]
    assert states["early_warning"].due == datetime(2026, 9, 15, 8, 0, tzinfo=AMS)
    assert states["notification"].due == datetime(2026, 9, 17, 8, 0, tzinfo=AMS)
    assert states["final"].waiting_for == (Moment("corrective_measure"),)

    fixed = {"corrective_measure": datetime(2026, 10, 20, 12, 0, tzinfo=AMS)}  # CEST
    states = states_by_code(
        chain_state(cra, trigger=aware, filed={}, zone=AMS, variant="vulnerability", moments=fixed, now=LATER)
    )
    assert states["final"].due.astimezone(UTC) == datetime(2026, 11, 3, 11, 0, tzinfo=UTC)  # 12:00 CET


def test_cra_severe_incident_final_report_one_month_after_the_notification() -> None:
    cra = rule_set("cra-2024")
    aware = datetime(2026, 9, 14, 8, 0, tzinfo=AMS)
    filed = {
        "early_warning": datetime(2026, 9, 14, 18, 0, tzinfo=AMS),
        "notification": datetime(2026, 9, 16, 17, 0, tzinfo=AMS),
    }
    states = states_by_code(
        chain_state(cra, trigger=aware, filed=filed, zone=AMS, variant="incident", now=LATER)
    )
    assert str(states["notification"].label) == "Incident notification"
    assert states["final"].due == datetime(2026, 10, 16, 17, 0, tzinfo=AMS)


# --- storing deadlines when they arise -------------------------------------------------------------------


def test_deadlines_are_stored_as_they_become_known_and_never_again() -> None:
    nis2 = rule_set("nis2-2022")
    aware = datetime(2026, 11, 2, 9, 0, tzinfo=BRU)
    at_arising = chain_state(nis2, trigger=aware, filed={}, zone=BRU, country="BE", now=LATER)
    stored = deadlines_to_store(at_arising, {})
    assert stored == {
        "early_warning": datetime(2026, 11, 3, 9, 0, tzinfo=BRU),
        "notification": datetime(2026, 11, 5, 9, 0, tzinfo=BRU),
    }
    filed = {"notification": datetime(2026, 11, 4, 11, 0, tzinfo=BRU)}
    after_filing = chain_state(nis2, trigger=aware, filed=filed, zone=BRU, country="BE", now=LATER)
    assert deadlines_to_store(after_filing, stored) == {
        "final": datetime(2026, 12, 4, 11, 0, tzinfo=BRU),
        "progress": datetime(2026, 12, 4, 11, 0, tzinfo=BRU),
    }
    # A stored deadline that differs from today's computation (say an older rule) is not overwritten.
    assert deadlines_to_store(
        after_filing, {**stored, "notification": datetime(2026, 11, 6, 9, 0, tzinfo=BRU)}
    ) == {
        "final": datetime(2026, 12, 4, 11, 0, tzinfo=BRU),
        "progress": datetime(2026, 12, 4, 11, 0, tzinfo=BRU),
    }
