"""Hashing and backup "not applicable": a breach that concerns no passwords has no hashing to speak of, one where no
data was lost no backup. The engine accepts the value and reads it as the measure being absent — never a lower
risk than "none" — and the form refuses it where the data the measure protects is concerned, naming the field."""

from __future__ import annotations

import pytest
from django.utils import translation

from risk.engine import FactsError, assess, parse_facts
from risk.explanations import reason_text
from risk.models import RiskAssessment
from tests.risk.builders import facts_dict
from tests.risk.test_assessment_form import CUSTOMERS, assessing, run, with_groups  # noqa: F401 - a fixture

ATTACK = {"confidentiality": "exfiltrated", "cause": "external_malicious", "recipients": "unknown"}


def _outcome(data):
    """Everything the engine decides — risk, verdicts, exemptions, the severity score and which rules spoke —
    but the wording (a reason may name the level)."""
    record = assess(data).to_record()
    return (
        record["risk"],
        [
            record[k]
            for k in ("notify_authority", "notify_subjects", "public_communication", "notify_controllers")
        ],
        record["exemptions"],
        record["severity"]["score"],
        [r["code"] for r in record["reasons"]],
        [(g["risk"], [r["code"] for r in g["reasons"]]) for g in record["groups"]],
    )


@pytest.mark.parametrize(
    "changes",
    [
        {},
        ATTACK,
        {**ATTACK, "data_categories": ["basic", "contact", "health"]},
        {"protection": {"encryption": "weak"}},
        {"protection": {"encryption": "state_of_the_art"}},
    ],
)
def test_not_applicable_weighs_as_no_measure(changes):
    for field in ("hashing", "backup"):
        absent = facts_dict(**changes)
        absent["protection"] = {**absent["protection"], field: "none"}
        not_applicable = facts_dict(**changes)
        not_applicable["protection"] = {**not_applicable["protection"], field: "not_applicable"}
        assert parse_facts(not_applicable).protection.__dict__[field] == "not_applicable"
        assert _outcome(not_applicable) == _outcome(absent), (field, changes)


def test_an_unknown_level_is_still_refused_by_its_path():
    data = facts_dict(protection={"hashing": "n/a"})
    with pytest.raises(FactsError) as refused:
        parse_facts(data)
    assert refused.value.field == "protection.hashing" and "not_applicable" in refused.value.message


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_reason_that_names_the_hashing_says_not_applicable_in_words(language):
    data = facts_dict(**ATTACK, protection={"encryption": "weak", "hashing": "not_applicable"})
    reasons = [r for r in assess(data).to_record()["reasons"] if r["code"] == "protection_ineffective"]
    assert reasons
    with translation.override(language):
        text = reason_text(reasons[0])
    assert "not_applicable" not in text


def test_the_form_offers_not_applicable_for_hashing_and_backup(client, assessing, owner):  # noqa: F811
    client.force_login(owner)
    html = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    for field in ("protection_hashing", "protection_backup"):
        select = html.split(f'name="{field}"', 1)[1].split("</select>", 1)[0]
        assert '<option value="not_applicable"' in select


def test_the_form_takes_not_applicable_where_it_holds(client, assessing, owner):  # noqa: F811
    client.force_login(owner)
    data = with_groups(CUSTOMERS, protection_hashing="not_applicable", protection_backup="not_applicable")
    response = run(client, assessing, data)
    assert response.status_code in (200, 302), response.content.decode()[:500]
    stored = RiskAssessment.objects.get(incident=assessing).facts["protection"]
    assert stored["hashing"] == stored["backup"] == "not_applicable"


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        (
            {"protection_hashing": "not_applicable", "group": {"data_categories": ["basic", "credentials"]}},
            "protection_hashing",
            "no passwords",
        ),
        (
            {
                "protection_backup": "not_applicable",
                "availability_loss": "temporary",
                "availability_impact": "minor",
            },
            "protection_backup",
            "no data was lost",
        ),
    ],
)
def test_the_form_refuses_not_applicable_where_the_data_is_concerned(
    client,
    assessing,  # noqa: F811
    owner,
    changes,
    field,
    says,
):
    client.force_login(owner)
    group = CUSTOMERS | changes.pop("group", {})
    response = run(client, assessing, with_groups(group, **changes))
    assert response.status_code == 400
    errors = response.context["facts_form"].errors
    assert set(errors) == {field} and says in str(errors[field])
    assert f'href="#id_{field}"' in response.content.decode()  # the error summary links to it
    assert not RiskAssessment.objects.exists()
