"""The result on the risk panel: the breach's verdicts above, each group's below — its risk, whether its people
must be told, its exemptions, its weighing in one plain line and its reasons — and "more information needed" when
the advice depends on facts still to be determined, with those facts and the verdicts they would change."""

import re

import pytest
from django.conf import settings

from risk import services
from risk.models import RiskAssessment
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict

PEOPLE = ("data_categories", "dpc_adjustment", "subject_categories", "subjects_count", "identifiability")


def two_groups(**changes) -> dict:
    """1,200 customers whose contact data an attacker may have read, and 1 whose medical note was in the export."""
    breach = facts_dict(
        **{
            "confidentiality": "unknown",
            "cause": "external_malicious",
            "recipients": "unknown",
            "recipients_count": None,
            **changes,
        }
    )
    return {
        "version": 2,
        **{key: value for key, value in breach.items() if key not in PEOPLE},
        "groups": [
            {
                "label": "customers",
                "subject_categories": ["customers"],
                "subjects_count": 1200,
                "data_categories": ["basic", "contact"],
                "identifiability": "maximum",
            },
            {
                "label": "medical note",
                "subject_categories": ["customers"],
                "subjects_count": 1,
                "data_categories": ["basic", "contact", "health"],
                "identifiability": "maximum",
            },
        ],
    }


@pytest.fixture
def assessing(owner, dpo):
    return advance(make_incident(owner), "assessment", team=owner, dpo=dpo)


def panel(client, incident) -> str:
    return client.get(f"/incidents/{incident.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()


def group_block(html: str, index: int) -> str:
    start = html.index(f'data-group-result="{index}"')
    end = html.find("data-group-result=", start + 20)
    return html[start : end if end != -1 else html.index("ENISA severity", start)]


def test_each_group_shows_its_own_verdict_and_weighing_under_the_breachs(client, assessing, owner):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=two_groups())
    client.force_login(owner)
    html = panel(client, assessing)

    assert re.search(r'data-risk="high"', html)  # the breach as a whole: the highest group
    customers, medical = group_block(html, 0), group_block(html, 1)
    assert "customers" in customers and 'data-group-risk="risk"' in customers
    assert "1,200 people" in customers and 'data-told="false"' in customers
    assert "No individual communication required" in customers
    assert "= index 1.46 — from 0.50 to 1.50: a risk, not on its own a high one." in customers
    assert "medical note" in medical and 'data-group-risk="high"' in medical and "1 person" in medical
    assert 'data-told="true"' in medical and "Tell these people individually (Art. 34(1))" in medical
    assert (
        "Consequences 4.00 × holder 1.50 (unknown holders) × likelihood 0.55 × people 1.00 = index 3.30 — "
        "1.50 or more: on its own, a high risk is likely." in medical
    )
    assert "Reasons for this group" in medical and "special_category_data" in medical
    assert 'data-outcome="needs-more-information"' not in html


def test_the_weighing_is_said_with_the_readers_numbers(client, assessing, owner):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=two_groups())
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert "index 1,46" in group_block(panel(client, assessing), 0).replace("&nbsp;", " ")


def test_facts_the_advice_depends_on_show_more_information_needed_and_what_they_would_change(
    client, assessing, owner
):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=two_groups(confidentiality=None))
    client.force_login(owner)
    html = panel(client, assessing)
    assert 'data-outcome="needs-more-information"' in html and "More information needed" in html
    [fact] = re.findall(r"<li data-undetermined>(.*?)</li>", html, re.S)
    assert "Was the data accessed?" in fact
    assert "read as “Certainly disclosed or copied” until known" in fact
    assert "“Reasonable evidence that nobody accessed the data”" in fact
    changes = re.findall(r"<li data-change>(.*?)</li>", html, re.S)
    assert "Risk: High risk → Unlikely" in changes[0]
    assert any(
        change.startswith("Notify the supervisory authority (Art. 33): yes → no") for change in changes
    )


def test_a_number_of_people_to_be_determined_is_named_with_its_group(client, assessing, owner):
    facts = two_groups(confidentiality="likely")
    facts["groups"][0]["subjects_count"] = None
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts)
    client.force_login(owner)
    html = panel(client, assessing)
    assert "Number of people in “customers”" in html and "10,000 people" in html
    assert "number to be determined (read as 10,000)" in group_block(html, 0)


def test_a_fact_to_be_determined_that_changes_nothing_is_named_without_the_alarm(client, assessing, owner):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=two_groups(cause=None))
    client.force_login(owner)
    html = panel(client, assessing)
    assert 'data-outcome="needs-more-information"' not in html
    assert 'data-outcome="to-be-determined"' in html and "<strong>Cause</strong> (An attack or theft)" in html


def test_a_decision_from_before_engine_2_shows_as_one_group_with_the_breachs_verdicts(
    client, assessing, owner
):
    v1 = facts_dict(recipients="public", cause="external_malicious", subjects_count=300)
    draft = services.assessment_run(actor=owner, incident_id=assessing.pk, facts=v1)
    old = {k: v for k, v in draft.decision.items() if k not in ("groups", "to_be_determined")}
    old.pop("needs_more_information")
    RiskAssessment.objects.filter(pk=draft.pk).update(facts=v1, decision=old)
    client.force_login(owner)
    html = panel(client, assessing)
    assert len(re.findall(r'data-group-result="\d+"', html)) == 1
    one = group_block(html, 0)
    assert "All affected people" in one and "300 people" in one and 'data-group-risk="high"' in one
    assert "data-weighing" not in one and "Reasons for this group" not in one


def test_one_group_of_a_v1_object_is_called_all_affected_people_and_its_reasons_are_the_breachs(
    client, assessing, owner
):
    services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts_dict())
    client.force_login(owner)
    html = panel(client, assessing)
    one = group_block(html, 0)
    assert "All affected people" in one and "data-weighing" in one
    assert "Reasons for this group" not in one  # they are the breach's, listed once below
