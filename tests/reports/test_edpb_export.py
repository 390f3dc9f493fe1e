"""Issue 15: every authority notice, whatever its regulator's own form, exported in the EDPB 2026 template's
numbering — one entry for every field, typed, with its provenance, valid against the JSON Schema kept in the
repository — through the API and as a download; and that JSON read back into the breach facts of a draft
assessment, marked derived, refused whole with the field named when it is not valid."""

from __future__ import annotations

import copy
import json

import pytest

from reports.regulators import edpb_template as tpl
from risk.models import RiskAssessment
from tests.incidents.test_api import assert_error, client_for
from tests.notifications.conftest import HIGH_RISK, TWO_GROUPS
from tests.personas import advance, make_incident
from tests.reports.conftest import authority_notice

REGULATORS = [("NL", "AP"), ("FR", "CNIL"), ("BE", "GBA"), ("DE", "SA-DE")]


def _export(user, notice_id: int):
    response = client_for(user).get(f"/api/notices/{notice_id}/export/edpb/")
    assert response.status_code == 200, response.content
    return response.json()


def _entry(data: dict, id: str) -> dict:
    [entry] = [e for e in data["fields"] if e["id"] == id]
    return entry


@pytest.mark.parametrize("groups", ["one", "two"])
@pytest.mark.parametrize(("country", "code"), REGULATORS)
def test_every_authority_notice_exports_every_field_once_valid_against_the_schema(
    owner, dpo, country, code, groups
):
    facts = {"facts": TWO_GROUPS} if groups == "two" else {}
    notice = authority_notice(owner, dpo, country=country, code=code, **facts)
    data = _export(owner, notice.pk)

    assert tpl.validation_errors(data) == {}
    assert data["template"] == "edpb-2026" and data["notice"] == notice.pk
    assert [e["id"] for e in data["fields"]] == [f.id for f in tpl.FIELDS]  # each number once, in order
    assert len(data["fields"]) == 100
    for entry in data["fields"]:
        field = tpl.BY_ID[entry["id"]]
        value = entry["value"]
        if entry["provenance"] == "missing":
            assert value is None
        if field.type == tpl.CHOICE and value is not None:
            assert value in field.option_keys  # the template's option keys, never a label
        if field.type == tpl.MULTI and value is not None:
            assert set(value) <= set(field.option_keys)
    # What the facts say, in the template's own keys
    assert _entry(data, "3")["value"] == "new"
    assert _entry(data, "55") == {"id": "55", "value": ["confidentiality"], "provenance": "recorded"}
    assert _entry(data, "116")["value"] == [country]
    if groups == "two":
        assert _entry(data, "68")["value"] == 1201
        assert set(_entry(data, "70")["value"]) == {"basic", "contact", "health"}
        assert _entry(data, "102")["value"] == "not_all"  # only the medical note's reader is told


def test_a_follow_up_and_a_withdrawal_say_which_notice_they_follow_and_why(owner, dpo, dpo2):
    from notifications import services as notice_services
    from tests.reports.conftest import filed

    notice = filed(
        authority_notice(owner, dpo, country="DE", code="SA-DE"), owner, dpo, dpo2, reference="DE-77"
    )
    data = _export(owner, notice.pk)
    assert _entry(data, "6") == {"id": "6", "value": None, "provenance": "derived", "applies": False}

    follow_up = notice_services.notice_follow_up(actor=owner, notice_id=notice.pk)
    data = _export(owner, follow_up.pk)
    assert tpl.validation_errors(data) == {}
    assert _entry(data, "3")["value"] == "follow_up"
    assert _entry(data, "6") == {"id": "6", "value": "DE-77", "provenance": "recorded"}

    filed(follow_up, owner, dpo, dpo2, reference="DE-77")  # the phase before a withdrawal is finished
    withdrawal = notice_services.notice_withdraw(
        actor=owner, notice_id=notice.pk, reason="No breach after all."
    )
    data = _export(owner, withdrawal.pk)
    assert tpl.validation_errors(data) == {}
    assert _entry(data, "4") == {"id": "4", "value": "withdraw", "provenance": "recorded"}
    assert _entry(data, "5") == {"id": "5", "value": "No breach after all.", "provenance": "recorded"}


def test_a_fact_not_known_is_null_and_missing_and_makes_the_notice_incomplete(owner, dpo):
    organisation = owner.memberships.get().organisation
    notice = authority_notice(owner, dpo, country="DE", code="SA-DE")
    organisation.address = ""
    organisation.save(update_fields=["address"])
    from notifications import services as notice_services

    notice = notice_services.notice_refresh(actor=owner, notice_id=notice.pk)
    data = _export(owner, notice.pk)

    assert _entry(data, "13") == {"id": "13", "value": None, "provenance": "missing"}
    assert _entry(data, "60") == {"id": "60", "value": None, "provenance": "missing"}  # nobody said it
    assert _entry(data, "4")["value"] == "incomplete"
    # Not applicable to a new notice: said so, not missing
    assert _entry(data, "5") == {"id": "5", "value": None, "provenance": "derived", "applies": False}


def test_the_schema_refuses_a_label_for_an_option_key_and_a_value_on_a_missing_answer(owner, dpo):
    data = _export(owner, authority_notice(owner, dpo, country="DE", code="SA-DE").pk)
    wrong = copy.deepcopy(data)
    _entry(wrong, "55")["value"] = ["Confidentiality"]
    _entry(wrong, "13").update(value="Somewhere 1", provenance="missing")
    errors = tpl.validation_errors(wrong)
    assert set(errors) == {"55", "13"}


def test_the_export_is_404_for_another_organisation_and_for_a_notice_to_the_people(owner, dpo, outsider):
    notice = authority_notice(owner, dpo, country="DE", code="SA-DE")
    assert_error(client_for(outsider).get(f"/api/notices/{notice.pk}/export/edpb/"), 404, "not_found")
    from notifications import services as notice_services

    people = notice_services.notice_draft(actor=owner, incident_id=notice.incident_id, kind="subjects")
    assert_error(client_for(owner).get(f"/api/notices/{people.pk}/export/edpb/"), 404, "not_found")


def test_the_notice_page_offers_the_json_as_a_download(client, owner, dpo, outsider):
    notice = authority_notice(owner, dpo)
    client.force_login(owner)
    block = client.get(f"/documents/notices/{notice.pk}/block/").content.decode()
    url = f"/documents/notices/{notice.pk}/edpb.json"
    assert f'href="{url}"' in block
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert json.loads(response.content) == _export(owner, notice.pk)
    client.force_login(outsider)
    assert client.get(url).status_code == 404


# --- the import ------------------------------------------------------------------------------------------------


@pytest.fixture
def in_assessment(owner, dpo):
    """An incident in risk assessment with a first draft of its facts (one group)."""
    from risk import services as risk_services

    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(
        actor=owner, incident_id=incident.pk, facts=HIGH_RISK | {"role": incident.our_role}
    )
    return incident


def test_an_exported_notice_imported_fills_the_facts_it_can_marked_derived(owner, dpo, in_assessment):
    data = _export(owner, authority_notice(owner, dpo, country="DE", code="SA-DE").pk)
    _entry(data, "61")["value"] = "internal_non_malicious"
    _entry(data, "68")["value"] = 42
    _entry(data, "70")["value"] = ["basic", "payment_means"]

    response = client_for(owner).post(f"/api/incidents/{in_assessment.pk}/import/edpb/", data, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    draft = RiskAssessment.objects.get(pk=body["assessment"])
    assert draft.finalised_at is None and draft.incident_id == in_assessment.pk
    [group] = draft.facts["groups"]
    assert draft.facts["cause"] == "internal_accidental"
    assert group["subjects_count"] == 42 and group["data_categories"] == ["basic", "payment_means"]
    assert {"cause", "subjects_count", "data_categories", "nature"} <= set(body["filled"])
    for path in ("cause", "subjects_count", "data_categories", "nature", "confidentiality"):
        assert draft.provenance[path] == "derived", path
    # What the document does not say stays as it was
    assert draft.facts["recipients"] == HIGH_RISK["recipients"]


def test_a_bad_field_is_refused_naming_it_and_nothing_changes(owner, dpo, in_assessment, outsider):
    data = _export(owner, authority_notice(owner, dpo, country="DE", code="SA-DE").pk)
    before = list(
        RiskAssessment.objects.filter(incident=in_assessment).values_list("pk", "facts", "provenance")
    )
    api = client_for(owner)
    url = f"/api/incidents/{in_assessment.pk}/import/edpb/"

    bad = copy.deepcopy(data)
    _entry(bad, "68")["value"] = "many"
    assert_error(api.post(url, bad, format="json"), 400, "invalid", "68")
    bad = copy.deepcopy(data)
    _entry(bad, "61")["value"] = "Extern, kwaadwillig"  # a label is not an option key
    assert_error(api.post(url, bad, format="json"), 400, "invalid", "61")
    bad = copy.deepcopy(data)
    bad["fields"] = bad["fields"][:-1]  # every field of the template, or none
    assert_error(api.post(url, bad, format="json"), 400, "invalid")
    assert_error(api.post(url, "not json", content_type="application/json"), 400, "malformed_request")
    assert_error(client_for(outsider).post(url, data, format="json"), 404, "not_found")

    after = list(
        RiskAssessment.objects.filter(incident=in_assessment).values_list("pk", "facts", "provenance")
    )
    assert after == before
