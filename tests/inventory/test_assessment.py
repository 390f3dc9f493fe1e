"""From the inventory into the risk assessment: the form starts from the proposed facts, marked derived or
recorded; running the assessment keeps the provenance of every fact with the version (recorded / derived /
missing); a value the person changed becomes recorded, an unchanged derived one stays derived."""

import pytest

from inventory import selectors, services
from risk import selectors as risk_selectors
from risk import services as risk_services
from risk.engine import parse_facts
from risk.engine.facts import breach_view
from risk.forms import AssessmentForm
from tests.incidents.test_views import RISK_FORM
from tests.inventory.builders import make_inventory
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict


@pytest.fixture
def assessing(org, owner, dpo):
    inventory = make_inventory(dpo, org)
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    services.incident_set_affected_systems(
        actor=owner, incident_id=incident.pk, system_ids=[inventory.mailbox.pk]
    )
    return incident


def test_the_form_starts_from_the_proposed_facts(assessing):
    facts = breach_view(risk_selectors.starting_facts(assessing))
    assert facts["data_categories"] == ["basic", "contact"]
    assert facts["subject_categories"] == ["customers"]
    assert facts["subjects_count"] == 3000
    assert facts["protection"] == {"encryption": "weak", "hashing": "none", "backup": "outdated"}
    form = AssessmentForm.starting(assessing)
    assert form.breach.initial["protection_encryption"] == "weak"
    assert [g.initial["subjects_count"] for g in form.people.forms] == [3000]
    marks = risk_selectors.starting_provenance(assessing)
    assert marks["subjects_count"]["status"] == "derived" and marks["subjects_count"]["confirmable"]
    assert "Support mailbox" in marks["data_categories"]["source"]


def test_a_fact_from_an_earlier_version_is_not_replaced_by_the_proposal(assessing, owner):
    risk_services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts_dict(subjects_count=7))
    assert breach_view(risk_selectors.starting_facts(assessing))["subjects_count"] == 7
    assert risk_selectors.starting_provenance(assessing).get("subjects_count", {}).get("status") == "recorded"


def test_running_keeps_the_provenance_of_every_fact(assessing, owner):
    facts = facts_dict(
        data_categories=["basic", "contact"],  # as proposed
        subject_categories=["customers"],  # as proposed
        subjects_count=41,  # the person knows better
        recipients_count=None,  # not known
        protection={"encryption": "weak", "hashing": "none", "backup": "outdated"},  # as proposed
    )
    assessment = risk_services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts)
    provenance = assessment.provenance
    assert provenance["data_categories"] == "derived"
    assert provenance["protection.encryption"] == "derived"
    assert provenance["subjects_count"] == "recorded"
    assert provenance["recipients_count"] == "missing"
    assert provenance["confidentiality"] == "recorded"
    assert set(provenance) >= {"role", "nature", "availability.loss", "mitigation.description"}


def test_a_changed_value_is_recorded_in_the_inventory_too_but_an_unchanged_one_is_never_promoted(
    assessing, owner
):
    facts = facts_dict(
        data_categories=["basic", "contact"], subject_categories=["customers"], subjects_count=41
    )
    risk_services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts)
    rows = selectors.fact_provenance(assessing)
    assert (rows["subjects_count"].status, rows["subjects_count"].value) == ("recorded", 41)
    assert rows["subjects_count"].confirmed_by == owner and rows["subjects_count"].derived_value == 3000
    assert rows["data_categories"].status == "derived"
    kinds = list(assessing.events.order_by("-sequence").values_list("kind", flat=True)[:2])
    assert kinds == ["assessment_run", "fact_corrected"]


def test_running_again_unchanged_keeps_derived_values_derived(assessing, owner):
    facts = facts_dict(data_categories=["basic", "contact"], subjects_count=3000)
    risk_services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts)
    again = risk_services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts)
    assert again.provenance["subjects_count"] == "derived"
    assert again.provenance["data_categories"] == "derived"


def test_the_marks_of_several_groups_concern_the_breach_as_a_whole(assessing, owner):
    """The inventory proposes for the whole breach: two groups whose categories together are the proposal keep it
    derived; their people added up differ from it, so the number is the person's, recorded in the inventory too."""
    one = parse_facts(facts_dict(data_categories=["basic", "contact"], subjects_count=3000)).to_v2_dict()
    group = one["groups"][0]
    facts = one | {
        "groups": [
            group | {"label": "customers", "data_categories": ["basic"], "subjects_count": 2999},
            group | {"label": "one customer", "data_categories": ["contact"], "subjects_count": 2},
        ]
    }
    assessment = risk_services.assessment_run(actor=owner, incident_id=assessing.pk, facts=facts)
    assert assessment.provenance["data_categories"] == "derived"
    assert assessment.provenance["subjects_count"] == "recorded"
    assert not any(path.startswith("groups") for path in assessment.provenance)
    assert selectors.fact_provenance(assessing)["subjects_count"].value == 3001


def test_with_several_groups_the_panel_shows_the_inventorys_marks_above_them(client, assessing, owner):
    one = parse_facts(facts_dict(data_categories=["basic", "contact"], subjects_count=3000)).to_v2_dict()
    group = one["groups"][0]
    two = one | {"groups": [group | {"label": "customers"}, group | {"label": "others", "subjects_count": 0}]}
    risk_services.assessment_run(actor=owner, incident_id=assessing.pk, facts=two)
    client.force_login(owner)
    html = panel(client, assessing)
    marks = html[html.index('id="group-marks"') : html.index('id="group-0"')]
    assert 'data-provenance="derived" data-path="data_categories"' in marks and "Data categories" in marks
    assert 'form="confirm-subjects_count"' in marks  # 3,000 + 0: still the proposal, to confirm
    assert html.count('data-path="data_categories"') == 1  # not again on a group's field


def test_a_confirmed_value_is_recorded_in_the_assessment(assessing, owner, colleague):
    services.incident_confirm_fact(actor=colleague, incident_id=assessing.pk, path="subjects_count")
    assessment = risk_services.assessment_run(
        actor=owner, incident_id=assessing.pk, facts=facts_dict(subjects_count=3000)
    )
    assert assessment.provenance["subjects_count"] == "recorded"


def test_without_an_inventory_everything_a_person_entered_is_recorded(owner, dpo):
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    assessment = risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=facts_dict())
    assert "derived" not in assessment.provenance.values()
    assert risk_selectors.starting_provenance(incident) == {}


# --- the panel -----------------------------------------------------------------------------------------


def panel(client, incident):
    return client.get(f"/incidents/{incident.pk}/risk/", HTTP_HX_REQUEST="true").content.decode()


def test_the_panel_marks_derived_fields_with_their_source_and_a_confirm_button(client, assessing, owner):
    client.force_login(owner)
    html = panel(client, assessing)
    assert 'id="provenance-note"' in html
    assert 'data-provenance="derived" data-path="subjects_count"' in html
    assert "from systems: Support mailbox (activities: Customer service)" in html
    assert 'form="confirm-subjects_count"' in html and 'id="confirm-subjects_count"' in html
    assert 'name="groups-0-subjects_count"' in html and 'value="3000"' in html


def test_confirming_from_the_panel_records_the_fact_and_the_badge_says_recorded(client, assessing, owner):
    client.force_login(owner)
    response = client.post(
        f"/incidents/{assessing.pk}/facts/confirm/", {"path": "subjects_count", "next": "risk"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#risk")
    row = selectors.fact_provenance(assessing)["subjects_count"]
    assert (row.status, row.confirmed_by) == ("recorded", owner)
    html = panel(client, assessing)
    assert 'data-provenance="recorded" data-path="subjects_count"' in html
    assert 'form="confirm-subjects_count"' not in html
    assert 'data-provenance="derived" data-path="data_categories"' in html


def test_the_panel_form_posts_unchanged_derived_values_as_derived(client, assessing, owner):
    client.force_login(owner)
    data = RISK_FORM | {
        "groups-0-data_categories": ["basic", "contact"],
        "groups-0-subject_categories": ["customers"],
        "groups-0-subjects_count": "3000",
        "protection_encryption": "weak",
        "protection_hashing": "none",
        "protection_backup": "none",  # changed: there was no usable backup after all
    }
    assert client.post(f"/incidents/{assessing.pk}/risk/run/", data).status_code == 302
    draft = risk_selectors.draft_of(assessing)
    assert draft.provenance["subjects_count"] == "derived"
    assert draft.provenance["protection.backup"] == "recorded"
    html = panel(client, assessing)
    assert 'data-provenance="derived" data-path="subjects_count"' in html
    assert 'data-provenance="recorded" data-path="protection.backup"' in html
