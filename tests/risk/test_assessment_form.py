"""The assessment form by groups: the breach-wide facts once, a group for each set of people whose data or situation
differs; adding, copying and removing a group come back with the form as typed; the recipients' undertakings as
plain checkboxes; "to be determined" where a fact is still unknown; the engine's errors on the field of their group."""

import re

import pytest

from risk import selectors, services
from risk.engine import assess
from risk.forms import AssessmentForm
from risk.models import RiskAssessment
from tests.incidents.test_views import RISK_FORM
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict

GROUP = {
    "subject_categories": ["customers"],
    "identifiability": "maximum",
    "dpc_adjustment_delta": "0",
}


def with_groups(*groups: dict, **breach) -> dict:
    """RISK_FORM with these groups (each a dict of its fields without the prefix) and these breach-wide changes."""
    data = {k: v for k, v in RISK_FORM.items() if not k.startswith("groups-")} | breach
    data |= {"groups-TOTAL_FORMS": str(len(groups)), "groups-INITIAL_FORMS": str(len(groups))}
    for index, group in enumerate(groups):
        data |= {f"groups-{index}-{name}": value for name, value in (GROUP | group).items()}
    return data


# 1,200 customers whose contact data an attacker may have read, and 1 whose medical note was in the same export.
CUSTOMERS = {"label": "customers", "subjects_count": "1200", "data_categories": ["basic", "contact"]}
MEDICAL = {"label": "medical note", "subjects_count": "1", "data_categories": ["basic", "contact", "health"]}
ATTACK = {
    "confidentiality": "unknown",
    "cause": "external_malicious",
    "recipients": "unknown",
    "recipients_count": "",
}


@pytest.fixture
def assessing(owner, dpo):
    return advance(make_incident(owner), "assessment", team=owner, dpo=dpo)


def run(client, incident, data):
    return client.post(f"/incidents/{incident.pk}/risk/run/", data)


def group_cards(html: str) -> list[str]:
    return re.findall(r'id="group-(\d+)" data-group', html)


def field_value(html: str, name: str) -> str:
    """The value of the text input named `name` ("" when it has none)."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)[0]
    value = re.search(r'value="([^"]*)"', tag)
    return value[1] if value else ""


# --- prefilled as one group -----------------------------------------------------------------------------------


def test_v1_facts_prefill_one_group_labelled_in_words_and_trusted_recipients_as_their_undertakings(
    assessing, owner
):
    v1 = facts_dict(recipients="trusted", subjects_count=12, data_categories=["basic", "health"])
    draft = services.assessment_run(actor=owner, incident_id=assessing.pk, facts=v1)
    RiskAssessment.objects.filter(pk=draft.pk).update(facts=v1)  # as stored before engine 2

    form = AssessmentForm.starting(assessing)

    [group] = form.people.forms
    assert str(group.initial["label"]) == "All affected people"
    assert (group.initial["subjects_count"], group.initial["data_categories"]) == (12, ["basic", "health"])
    breach = form.breach.initial
    assert breach["recipients"] == "known"
    assert breach["recipients_bound"] and breach["recipients_asked_to_delete"]
    assert breach["recipients_deletion_confirmed"]


def test_known_recipients_who_returned_the_data_in_v1_prefill_as_asked_and_confirmed(assessing, owner):
    v1 = facts_dict(mitigation={"data_retrieved_or_deleted": True})
    draft = services.assessment_run(actor=owner, incident_id=assessing.pk, facts=v1)
    RiskAssessment.objects.filter(pk=draft.pk).update(facts=v1)

    breach = AssessmentForm.starting(assessing).breach.initial

    assert breach["recipients"] == "known" and not breach["recipients_bound"]
    assert breach["recipients_asked_to_delete"] and breach["recipients_deletion_confirmed"]


def test_facts_offered_by_an_app_above_fill_what_is_missing_group_by_group(assessing, monkeypatch):
    """The portal offers the facts of a processor's alert (v1 or v2); the form starts from them, keeping what is
    to be determined as such."""
    offered = {
        "version": 2,
        "role": "processor",
        "confidentiality": None,
        "cause": "external_malicious",
        "groups": [
            {"label": "patients", "subjects_count": 7, "data_categories": ["health"]},
            {"label": "staff", "subjects_count": None, "data_categories": ["contact"]},
        ],
    }
    monkeypatch.setattr(selectors, "_FACT_SOURCES", [lambda incident: offered])
    facts = selectors.starting_facts(assessing)
    assert (facts["role"], facts["confidentiality"], facts["cause"]) == (
        "controller",
        None,
        "external_malicious",
    )
    form = AssessmentForm.starting(assessing)
    assert form.breach.initial["confidentiality"] == "tbd"
    groups = [(g.initial["label"], g.initial["subjects_count"]) for g in form.people.forms]
    assert groups == [("patients", 7), ("staff", None)]

    monkeypatch.setattr(selectors, "_FACT_SOURCES", [lambda incident: facts_dict(subjects_count=12)])
    [group] = AssessmentForm.starting(assessing).people.forms
    assert (str(group.initial["label"]), group.initial["subjects_count"]) == ("All affected people", 12)


def test_the_panel_shows_one_group_and_no_remove_button(client, assessing, owner):
    client.force_login(owner)
    html = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    assert group_cards(html) == ["0"]
    assert field_value(html, "groups-0-label") == "All affected people"
    assert 'data-action="add-group"' in html and 'data-action="copy-group"' in html
    assert 'data-action="remove-group"' not in html
    assert 'name="groups-TOTAL_FORMS"' in html


# --- add, copy, remove: the form again, as typed ---------------------------------------------------------------


def test_adding_a_group_keeps_what_was_typed_and_runs_nothing(client, assessing, owner):
    client.force_login(owner)
    typed = with_groups(CUSTOMERS, summary="Export on the file server.") | {"group_action": "add"}
    response = run(client, assessing, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert group_cards(html) == ["0", "1"]
    assert "Export on the file server." in html and field_value(html, "groups-0-subjects_count") == "1200"
    assert field_value(html, "groups-1-label") == ""
    assert 'class="invalid-feedback' not in html  # not checked until it is run
    assert not RiskAssessment.objects.exists()


def test_copying_a_group_puts_a_copy_right_after_it(client, assessing, owner):
    client.force_login(owner)
    html = run(
        client, assessing, with_groups(CUSTOMERS, MEDICAL) | {"group_action": "copy:0"}
    ).content.decode()
    assert group_cards(html) == ["0", "1", "2"]
    assert [field_value(html, f"groups-{i}-label") for i in range(3)] == [
        "customers",
        "customers (copy)",
        "medical note",
    ]
    assert field_value(html, "groups-1-subjects_count") == "1200"
    assert re.search(r'name="groups-1-data_categories" value="contact"[^>]*checked', html)
    assert not RiskAssessment.objects.exists()


def test_removing_a_group_keeps_the_others_and_never_the_last(client, assessing, owner):
    client.force_login(owner)
    html = run(
        client, assessing, with_groups(CUSTOMERS, MEDICAL) | {"group_action": "remove:0"}
    ).content.decode()
    assert group_cards(html) == ["0"] and field_value(html, "groups-0-label") == "medical note"
    html = run(client, assessing, with_groups(MEDICAL) | {"group_action": "remove:0"}).content.decode()
    assert group_cards(html) == ["0"] and field_value(html, "groups-0-label") == "medical note"


# --- what the form stores ---------------------------------------------------------------------------------------


def test_two_groups_are_stored_and_assessed_each_with_its_own_verdict(client, assessing, owner):
    client.force_login(owner)
    response = run(client, assessing, with_groups(CUSTOMERS, MEDICAL, **ATTACK))
    assert response.status_code == 302
    draft = selectors.draft_of(assessing)
    assert draft.facts["version"] == 2
    assert [(g["label"], g["subjects_count"]) for g in draft.facts["groups"]] == [
        ("customers", 1200),
        ("medical note", 1),
    ]
    groups = {g["label"]: g for g in draft.decision["groups"]}
    assert (groups["customers"]["risk"], groups["customers"]["notify_subjects"]) == ("risk", False)
    assert (groups["medical note"]["risk"], groups["medical note"]["notify_subjects"]) == ("high", True)


def test_identified_recipients_are_detailed_by_three_checkboxes(client, assessing, owner):
    client.force_login(owner)
    data = with_groups(CUSTOMERS) | {"recipients_bound": "on", "recipients_deletion_confirmed": "on"}
    assert run(client, assessing, data).status_code == 302
    facts = selectors.draft_of(assessing).facts
    assert facts["recipients"] == "known"
    assert facts["recipients_detail"] == {
        "identified": True,
        "bound_by_confidentiality": True,
        "asked_to_delete": False,
        "deletion_confirmed": True,
    }
    assert selectors.draft_of(assessing).decision["risk"] == assess(facts).risk


def test_the_undertakings_are_refused_for_recipients_who_are_not_identified(client, assessing, owner):
    client.force_login(owner)
    response = run(client, assessing, with_groups(CUSTOMERS, **ATTACK) | {"recipients_bound": "on"})
    assert response.status_code == 400
    assert "recipients_bound" in response.context["facts_form"].errors
    assert not RiskAssessment.objects.exists()


def test_facts_to_be_determined_are_stored_as_null_and_read_the_stricter_way(client, assessing, owner):
    client.force_login(owner)
    data = with_groups(CUSTOMERS | {"subjects_count": ""}, MEDICAL) | {
        "confidentiality": "tbd",
        "cause": "tbd",
        "recipients": "tbd",
    }
    assert run(client, assessing, data).status_code == 302
    draft = selectors.draft_of(assessing)
    assert [draft.facts[k] for k in ("confidentiality", "cause", "recipients")] == [None, None, None]
    assert draft.facts["groups"][0]["subjects_count"] is None
    assert draft.decision["to_be_determined"] == [
        "confidentiality",
        "recipients",
        "cause",
        "groups[0].subjects_count",
    ]
    html = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    assert re.search(r'<option value="tbd" selected>To be determined</option>', html)
    assert field_value(html, "groups-0-subjects_count") == ""


def test_an_empty_choice_is_still_an_error_not_to_be_determined(client, assessing, owner):
    client.force_login(owner)
    response = run(client, assessing, with_groups(CUSTOMERS) | {"cause": ""})
    assert response.status_code == 400 and "cause" in response.context["facts_form"].errors


def test_the_engines_errors_land_on_the_field_of_their_group(client, assessing, owner):
    client.force_login(owner)
    data = with_groups(
        CUSTOMERS, CUSTOMERS, MEDICAL | {"dpc_adjustment_delta": "-1", "dpc_adjustment_reason": ""}
    )
    response = run(client, assessing, data)
    assert response.status_code == 400
    form = response.context["facts_form"]
    assert set(form.errors) == {"groups[1].label", "groups[2].dpc_adjustment_reason"}
    html = response.content.decode()
    # under the field of its group (the error summary at the top of the form says it first, linking there)
    fields = html.index('id="group-0"')
    assert html.index('id="group-1"') < html.index("duplicate label", fields) < html.index('id="group-2"')
    assert 'href="#id_groups-1-label"' in html[:fields]
    assert not RiskAssessment.objects.exists()


def test_a_group_names_its_data_elements_and_the_breach_a_professional_secrecy(client, assessing, owner):
    client.force_login(owner)
    named = CUSTOMERS | {"data_elements": ["name", "email"]}
    response = run(client, assessing, with_groups(named, MEDICAL, professional_secrecy="on", **ATTACK))
    assert response.status_code == 302
    facts = selectors.draft_of(assessing).facts
    assert facts["groups"][0]["data_elements"] == ["name", "email"]
    assert "data_elements" not in facts["groups"][1]  # none named: left out, as in the format
    assert facts["professional_secrecy"] is True


def test_a_data_element_of_a_category_that_did_not_leak_is_refused_on_its_group(client, assessing, owner):
    client.force_login(owner)
    wrong = CUSTOMERS | {"data_elements": ["bank_account"]}
    response = run(client, assessing, with_groups(wrong, **ATTACK))
    assert response.status_code == 400
    group = response.context["facts_form"].people.forms[0]
    assert "payment_means" in str(group.errors)
    assert selectors.draft_of(assessing) is None or "data_elements" not in str(
        selectors.draft_of(assessing).facts
    )
