"""The rule set in force at a moment, kept by id; the Omnibus proposal present but not in force until switched."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from obligations.rules import (
    REGIME_CODES,
    REGIMES,
    chain_state,
    deadlines_to_store,
    due,
    gdpr_authority,
    rule_set,
    rule_set_for,
    rule_sets,
    with_effective_date,
)

AMS = ZoneInfo("Europe/Amsterdam")
BRU = ZoneInfo("Europe/Brussels")
OMNIBUS = "gdpr-omnibus-proposal"


def test_the_regimes_are_the_six_the_api_names() -> None:
    assert REGIME_CODES == ("gdpr", "nis2", "dora", "eidas", "eprivacy", "cra")
    assert tuple(REGIMES) == REGIME_CODES
    assert {r.regime for r in rule_sets()} == set(REGIME_CODES)


def test_the_catalogue_holds_each_rule_set_with_its_date() -> None:
    assert {r.id: r.effective for r in rule_sets()} == {
        "gdpr-2018": date(2018, 5, 25),
        "gdpr-omnibus-proposal": None,
        "nis2-2022": None,  # per country
        "dora-2022": date(2025, 1, 17),
        "eidas-2024": date(2024, 5, 20),
        "eprivacy-2013": date(2013, 8, 25),
        "cra-2024": date(2026, 9, 11),
    }
    assert rule_set("nis2-2022").effective_in == {
        "BE": date(2024, 10, 18),
        "NL": date(2026, 8, 15),
        "FR": None,
    }
    assert rule_set("nis2-2022").unverified_effective_in == {"NL"}
    assert [r.id for r in rule_sets() if r.proposal] == [OMNIBUS]


def test_every_rule_set_and_every_report_cites_its_sources() -> None:
    for each in rule_sets():
        assert each.sources, each.id
        assert str(each.threshold.source)
        for report in each.reports:
            assert report.sources, (each.id, report.code)


def test_sources_name_the_instrument_and_the_article() -> None:
    gdpr = rule_set("gdpr-2018")
    assert str(gdpr.report("notification").sources[0]) == "GDPR Art. 33(1)"
    assert gdpr.report("notification").sources[0].full == "Regulation (EU) 2016/679 Art. 33(1)"
    nis2 = rule_set("nis2-2022")
    assert nis2.report("early_warning").sources[0].full == "Directive (EU) 2022/2555 Art. 23(4)(a)"
    assert rule_set("eprivacy-2013").report("second_notification").sources[0].full == (
        "Commission Regulation (EU) No 611/2013 Art. 2(3)"
    )


def test_within_one_chain_each_report_code_appears_once() -> None:
    for each in rule_sets():
        for variant in each.variants or (None,):
            for country in ("NL", "FR", "BE", None):
                codes = [r.code for r in each.chain(country=country, variant=variant)]
                assert len(codes) == len(set(codes)), (each.id, variant, country)


def test_the_thresholds_of_gdpr_2018_and_of_the_omnibus() -> None:
    assert rule_set("gdpr-2018").threshold.code == "risk"
    assert str(rule_set("gdpr-2018").threshold.label) == (
        "Notify unless the breach is unlikely to result in a risk to the rights and freedoms of natural persons"
    )
    assert rule_set(OMNIBUS).threshold.code == "high_risk"


def test_recipients_per_country_and_what_is_unverified() -> None:
    assert "GBA/APD" in rule_set("gdpr-2018").recipient("BE").name
    assert "CNIL" in rule_set("gdpr-2018").recipient("FR").name
    assert rule_set("gdpr-2018").recipient("DE").name == "the competent supervisory authority (Art. 55, 56)"
    nis2 = rule_set("nis2-2022")
    assert "CCB" in nis2.recipient("BE").name and not nis2.recipient("BE").unverified
    assert nis2.recipient("NL").unverified
    assert "ANSSI" in nis2.recipient("FR").name
    assert "ACPR" in rule_set("dora-2022").recipient("FR").name
    assert rule_set("dora-2022").recipient("NL").kind == "financial_authority"
    assert rule_set(OMNIBUS).recipient("NL").kind == "single_entry_point"
    assert (
        rule_set("gdpr-2018").report("controller_alert", variant="processor").recipient.kind == "controller"
    )
    unverified = {(r.id, c) for r in rule_sets() for c, rec in r.recipients.items() if rec.unverified}
    assert unverified == {("nis2-2022", "NL")}


# --- choosing the rule set ------------------------------------------------------------------------------


def test_the_gdpr_rule_set_of_2018_applies_from_midnight_25_may_2018_central_european_time() -> None:
    assert rule_set_for("gdpr", datetime(2018, 5, 24, 21, 59, tzinfo=UTC)) is None
    assert rule_set_for("gdpr", datetime(2018, 5, 24, 22, 0, tzinfo=UTC)).id == "gdpr-2018"  # 00:00 CEST


def test_today_the_gdpr_rule_set_is_2018s_not_the_omnibus_proposal() -> None:
    chosen = rule_set_for("gdpr", datetime(2026, 12, 7, 15, 0, tzinfo=AMS), "NL")
    assert chosen.id == "gdpr-2018"


@pytest.mark.parametrize(
    ("country", "moment", "expected"),
    [
        ("BE", datetime(2024, 10, 17, 23, 59, tzinfo=BRU), None),
        ("BE", datetime(2024, 10, 18, 0, 0, tzinfo=BRU), "nis2-2022"),
        ("NL", datetime(2026, 8, 14, 23, 59, tzinfo=AMS), None),
        ("NL", datetime(2026, 8, 15, 0, 0, tzinfo=AMS), "nis2-2022"),
        ("FR", datetime(2026, 12, 1, 12, 0, tzinfo=UTC), None),  # transposition pending
        ("DE", datetime(2026, 12, 1, 12, 0, tzinfo=UTC), None),  # a country whose law we do not know
        (None, datetime(2026, 12, 1, 12, 0, tzinfo=UTC), None),  # a directive applies through a country's law
    ],
)
def test_nis2_is_in_force_per_country_from_its_transposition(country, moment, expected) -> None:
    chosen = rule_set_for("nis2", moment, country)
    assert (chosen.id if chosen else None) == expected


@pytest.mark.parametrize(
    ("regime", "before", "from_"),
    [
        ("dora", datetime(2025, 1, 16, 23, 59, tzinfo=AMS), datetime(2025, 1, 17, 0, 0, tzinfo=AMS)),
        ("eidas", datetime(2024, 5, 19, 23, 59, tzinfo=AMS), datetime(2024, 5, 20, 0, 0, tzinfo=AMS)),
        ("eprivacy", datetime(2013, 8, 24, 23, 59, tzinfo=AMS), datetime(2013, 8, 25, 0, 0, tzinfo=AMS)),
        ("cra", datetime(2026, 9, 10, 23, 59, tzinfo=AMS), datetime(2026, 9, 11, 0, 0, tzinfo=AMS)),
    ],
)
def test_each_regime_is_in_force_from_its_date(regime, before, from_) -> None:
    assert rule_set_for(regime, before, "NL") is None
    assert rule_set_for(regime, from_, "NL").regime == regime


def test_an_unknown_regime_or_rule_set_and_a_naive_moment_are_refused() -> None:
    with pytest.raises(LookupError):
        rule_set_for("hipaa", datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(LookupError):
        rule_set("gdpr-2030")
    with pytest.raises(ValueError, match="aware"):
        rule_set_for("gdpr", datetime(2026, 1, 1, 12, 0))


# --- the switch -----------------------------------------------------------------------------------------


def test_switching_the_omnibus_on_changes_new_incidents_and_leaves_past_ones_untouched() -> None:
    past_aware = datetime(2027, 5, 31, 14, 0, tzinfo=AMS)
    new_aware = datetime(2027, 6, 2, 9, 30, tzinfo=AMS)
    # The past incident took its rule set (and stored its deadline) before the switch.
    past_id = rule_set_for("gdpr", past_aware, "NL").id
    past_notification = rule_set(past_id).report("notification")
    stored = {"notification": due(past_notification, trigger=past_aware, filed={}, zone=AMS)}
    assert stored == {"notification": datetime(2027, 6, 3, 14, 0, tzinfo=AMS)}

    with with_effective_date(OMNIBUS, date(2027, 6, 1)):
        new = rule_set_for("gdpr", new_aware, "NL")
        assert new.id == OMNIBUS
        assert due(new.report("notification"), trigger=new_aware, filed={}, zone=AMS) == datetime(
            2027, 6, 6, 9, 30, tzinfo=AMS
        )  # 96 hours
        assert gdpr_authority(new, personal_data_breach=True, risk="risk").applies is False
        assert gdpr_authority(new, personal_data_breach=True, risk="high").applies is True

        # An incident aware before the date still gets GDPR 2018's 72 hours and threshold.
        before = rule_set_for("gdpr", past_aware, "NL")
        assert before.id == "gdpr-2018"
        assert gdpr_authority(before, personal_data_breach=True, risk="risk").applies is True
        # And the past incident reads its own rule set back: nothing to re-date.
        states = chain_state(rule_set(past_id), trigger=past_aware, filed={}, zone=AMS, country="NL")
        assert states[0].due == datetime(2027, 6, 3, 14, 0, tzinfo=AMS)
        assert deadlines_to_store(states, stored) == {}

    # Out of the block, the proposal is not in force again.
    assert rule_set_for("gdpr", new_aware, "NL").id == "gdpr-2018"
    assert rule_set(OMNIBUS).effective is None


def test_the_omnibus_is_a_proposal_read_back_by_id_even_when_not_in_force() -> None:
    omnibus = rule_set(OMNIBUS)
    assert omnibus.proposal is True
    assert omnibus.effective is None
    aware = datetime(2026, 12, 7, 10, 0, tzinfo=AMS)
    assert due(omnibus.report("notification"), trigger=aware, filed={}, zone=AMS) == datetime(
        2026, 12, 11, 10, 0, tzinfo=AMS
    )


def test_a_switch_for_one_country_of_a_directive() -> None:
    moment = datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert rule_set_for("nis2", moment, "FR") is None
    with with_effective_date("nis2-2022", date(2027, 1, 1), country="FR"):
        assert rule_set_for("nis2", moment, "FR").id == "nis2-2022"
        assert rule_set_for("nis2", datetime(2026, 12, 31, 12, 0, tzinfo=UTC), "FR") is None
    assert rule_set_for("nis2", moment, "FR") is None
    with pytest.raises(ValueError, match="country"), with_effective_date("nis2-2022", date(2027, 1, 1)):
        pass
    with pytest.raises(ValueError, match="aware"), with_effective_date(OMNIBUS, datetime(2027, 1, 1)):
        pass


def test_a_switch_to_an_aware_moment_counts_from_that_moment() -> None:
    with with_effective_date(OMNIBUS, datetime(2027, 6, 1, 12, 0, tzinfo=UTC)):
        assert rule_set_for("gdpr", datetime(2027, 6, 1, 11, 59, tzinfo=UTC)).id == "gdpr-2018"
        assert rule_set_for("gdpr", datetime(2027, 6, 1, 12, 0, tzinfo=UTC)).id == OMNIBUS
