"""The risk-assessment panel on the incident page: the grouped facts form, the result, finalising and the
DPO's decision form."""

import pytest

from risk.models import RiskAssessment
from tests.incidents.test_views import RISK_FORM
from tests.personas import advance, make_incident


@pytest.fixture
def assessing(owner, dpo):
    return advance(make_incident(owner), "assessment", team=owner, dpo=dpo)


def test_the_incident_page_loads_the_panel_with_htmx(client, assessing, owner):
    client.force_login(owner)
    page = client.get(f"/incidents/{assessing.pk}/").content.decode()
    assert f'hx-get="/incidents/{assessing.pk}/risk/"' in page
    panel = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true")
    html = panel.content.decode()
    assert "<html" not in html
    for group in (
        "What happened",
        "Which data",
        "Whose data",
        "Protection before the breach",
        "Impact",
        "Measures since",
    ):
        assert group in html
    assert 'value="controller"' not in html  # the role comes from the incident, not the form


def test_running_shows_the_advice_with_its_reasons(client, assessing, owner):
    client.force_login(owner)
    response = client.post(f"/incidents/{assessing.pk}/risk/run/", RISK_FORM)
    assert response.status_code == 302 and response["Location"].endswith("#risk")
    panel = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    assert "Advice on these facts (draft)" in panel
    assert "Art. 33(1)" in panel and "ENISA severity" in panel
    assert 'name="groups-0-subjects_count"' in panel and 'value="1"' in panel  # the form keeps the facts


def test_a_form_with_missing_facts_marks_the_fields_and_stores_nothing(client, assessing, owner):
    client.force_login(owner)
    data = {k: v for k, v in RISK_FORM.items() if k not in ("confidentiality", "groups-0-data_categories")}
    response = client.post(f"/incidents/{assessing.pk}/risk/run/", data)
    assert response.status_code == 400
    form = response.context["facts_form"]
    assert {"confidentiality", "groups[0].data_categories"} <= set(form.errors)
    assert not RiskAssessment.objects.exists()


def test_engine_validation_errors_land_on_their_fields(client, assessing, owner):
    client.force_login(owner)
    response = client.post(
        f"/incidents/{assessing.pk}/risk/run/",
        RISK_FORM | {"groups-0-dpc_adjustment_delta": "-1", "groups-0-dpc_adjustment_reason": ""},
    )
    assert response.status_code == 400
    assert "groups[0].dpc_adjustment_reason" in response.context["facts_form"].errors


def test_finalise_then_the_dpo_decides_in_the_panel(client, assessing, owner, dpo):
    client.force_login(owner)
    client.post(f"/incidents/{assessing.pk}/risk/run/", RISK_FORM)
    client.post(f"/incidents/{assessing.pk}/risk/finalise/", {"note": ""})
    assessing.refresh_from_db()
    assert assessing.status == "approval"
    owner_panel = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    assert "Waiting for the DPO" in owner_panel and 'data-action="record-decision"' not in owner_panel

    client.force_login(dpo)
    panel = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-action="record-decision"' in panel
    refused = client.post(
        f"/incidents/{assessing.pk}/risk/decision/",
        {
            "agree": "false",
            "risk": "high",
            "notify_authority": "true",
            "notify_subjects": "true",
            "public_communication": "false",
        },
    )
    assert refused.status_code == 400 and "justification" in refused.context["decision_form"].errors
    client.post(
        f"/incidents/{assessing.pk}/risk/decision/",
        {
            "agree": "false",
            "risk": "high",
            "notify_authority": "true",
            "notify_subjects": "true",
            "public_communication": "false",
            "justification": "The customers are minors of a school web shop.",
        },
    )
    assessing.refresh_from_db()
    assert (assessing.risk_level, assessing.notify_subjects) == ("high", True)
    decided = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    assert "decided otherwise" in decided and "minors of a school" in decided


def test_outsiders_get_404_on_the_panel_and_its_forms(client, assessing, outsider):
    client.force_login(outsider)
    base = f"/incidents/{assessing.pk}/risk/"
    assert client.get(base).status_code == 404
    for action in ("run/", "finalise/", "decision/"):
        assert client.post(base + action, RISK_FORM).status_code == 404


def test_the_dpos_decision_is_an_explicit_choice_and_none_is_refused(client, assessing, owner, dpo):
    client.force_login(owner)
    client.post(f"/incidents/{assessing.pk}/risk/run/", RISK_FORM)
    client.post(f"/incidents/{assessing.pk}/risk/finalise/", {"note": ""})
    client.force_login(dpo)
    panel = client.get(f"/incidents/{assessing.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()
    radios = [line for line in panel.split("<input") if 'name="agree"' in line]
    assert len(radios) == 2 and not any(
        "checked" in radio.split(">")[0] for radio in radios
    )  # nothing preset
    refused = client.post(f"/incidents/{assessing.pk}/risk/decision/", {"risk": "", "justification": ""})
    assert refused.status_code == 400
    assert refused.context["decision_form"].errors["agree"] == [
        "Choose whether you agree with the advice or decide otherwise."
    ]
    assert "Choose whether you agree with the advice or decide otherwise." in refused.content.decode()
    assessing.refresh_from_db()
    assert assessing.status == "approval" and assessing.notify_authority is None
    client.post(f"/incidents/{assessing.pk}/risk/decision/", {"agree": "true"})
    assessing.refresh_from_db()
    assert assessing.risk_level and assessing.notify_authority is not None
