"""Issue 15: an honest completeness check. Every question of a regulator form's reference structure counts — answered
(with its fact source), missing, or not covered by Datalek (to answer in the regulator's portal) — and none is
silently absent. "Nothing missing" only when true; approving, submitting or filing an authority notice with missing
required answers needs the DPO's explicit, recorded acknowledgement (Art. 33(4)), which the document then shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from delivery import services as delivery_services
from delivery.models import Delivery
from incidents.models import IncidentEvent
from notifications import services as notice_services
from notifications.models import MissingAnswersAcknowledgement, Notice
from people.subjects import subjects_import_csv
from reports import selectors, services
from reports.regulators import completeness as c
from reports.regulators import edpb
from reports.regulators.common import DERIVED, RECORDED
from reports.rendering import render_notice_pdf
from tests.reports.conftest import authority_notice, pdf_text

FORM_NAMES = {"AP": "ap", "CNIL": "cnil", "GBA/APD": "gba", "EDPB": "edpb"}  # as the user guide names them
REGULATORS = [("NL", "AP", "ap"), ("FR", "CNIL", "cnil"), ("BE", "GBA", "gba")]


@pytest.mark.parametrize(("country", "code", "form"), REGULATORS)
def test_every_question_of_the_reference_structure_is_answered_missing_or_not_covered(
    owner, dpo, country, code, form
):
    notice = authority_notice(owner, dpo, country=country, code=code)
    built = selectors.authority_form(notice)
    check = selectors.notice_completeness(notice)
    questions = c.reference(form, selectors.notice_language(notice))

    # one item per question of the structure, in its order: none silently absent
    assert [(i.number, i.question) for i in check.items] == [(q.number, q.question) for q in questions]
    for item in check.items:
        assert item.status in (c.ANSWERED, c.NOT_APPLICABLE, c.MISSING, c.NOT_COVERED, c.OTHER_PART)
        if item.status == c.ANSWERED:
            assert item.mark in (RECORDED, DERIVED), item  # an answer says where it comes from
    # and every answer the document gives belongs to a question of the structure
    assert c.unplaced(form, built, language=selectors.notice_language(notice)) == []
    # the required answers the document marks missing are the ones the check lists
    listed = {(i.number, i.question) for i in check.required_missing}
    assert len(check.required_missing) <= len(built.missing)
    assert listed
    if form != "gba":
        assert check.not_covered, "the AP's and the CNIL's structures have questions Datalek does not map"
    assert check.mapped + len(check.not_covered) == check.total


def test_the_ap_lists_the_questions_it_does_not_map_and_the_reporters_function_and_phone_as_missing(
    ap_notice,
):
    check = selectors.notice_completeness(ap_notice)
    not_covered = [i.number for i in check.not_covered]
    assert not_covered == ["3.1.1", "4.4", "10.1.2", "10.1.4", "10.1.5", "10.1.6"]
    missing = {i.question for i in check.required_missing}
    assert {"Wie meldt de inbreuk? — functie", "Wie meldt de inbreuk? — telefoonnummer"} <= missing
    assert not check.nothing_missing


def test_the_cnil_does_not_cover_the_contacts_title_nor_the_planned_date(owner, dpo):
    notice = authority_notice(owner, dpo, country="FR", code="CNIL")
    check = selectors.notice_completeness(notice)
    assert [i.question for i in check.not_covered] == [
        "Personne à contacter : civilité",
        "Communication aux personnes concernées : date prévue",
    ]
    assert "Personne à contacter : fonction" in {i.question for i in check.required_missing}


def test_the_gba_part_one_leaves_part_two_fields_to_part_two(owner, dpo):
    notice = authority_notice(owner, dpo, country="BE", code="GBA")
    check = selectors.notice_completeness(notice)
    other = {i.number for i in check.other_part}
    assert {"72", "79", "85", "89"} <= other  # scope and impact: part 2
    assert "48" not in other and "48" in {i.number for i in check.answered}
    # the representative in the EEA of a Belgian controller: not answered (not applicable, or not mapped)
    assert "18" not in {i.number for i in check.answered if i.status == c.ANSWERED}


@pytest.mark.parametrize("form", ["ap", "cnil", "gba", "edpb"])
def test_coverage_is_what_the_forms_render(form):
    mapped, total = c.coverage(form)
    assert 0 < mapped <= total == len(c.reference(form))
    if form in ("ap", "cnil"):
        assert mapped < total  # their unknown questions and what Datalek does not keep
    # every question called mapped is found on a fully answered notice of that form
    if form in ("ap", "cnil"):
        assert mapped == sum(1 for q in c.reference(form) if q.covered)
    else:
        numbers = {q.number for q in c.reference(form)}
        assert {q.number for q in c.reference(form) if q.covered} == edpb.covered_ids() & numbers
        assert total - mapped == edpb.coverage()["not_covered"]  # the reporter's national ID number


def test_the_document_states_the_three_lists_and_where_the_structure_comes_from(ap_notice):
    text = pdf_text(render_notice_pdf(ap_notice))
    assert "Volledigheid van het formulier" in text
    assert "Niet gedekt door Datalek: beantwoord deze vragen in het portaal van de toezichthouder" in text
    assert "4.4 Vraag 4.4" in text
    assert "Ontbreekt" in text and "3.2.1 Wie meldt de inbreuk? — functie" in text
    assert "reconstructie van het online meldformulier door OpenVWR" in text
    assert "niet de eigen vragenlijst van de AP" in text


def test_the_cnil_document_states_its_structure_in_french(owner, dpo):
    notice = authority_notice(owner, dpo, country="FR", code="CNIL")
    text = pdf_text(render_notice_pdf(notice))
    assert "Non couvert par Datalek : répondez à ces questions dans le portail de l'autorité" in text
    assert "document préparatoire" in text


def test_the_notice_page_lists_what_is_not_covered_and_never_says_nothing_missing_while_something_is(
    client, ap_notice, owner
):
    client.force_login(owner)
    block = client.get(f"/documents/notices/{ap_notice.pk}/block/").content.decode()
    assert 'id="form-not-covered"' in block and "Vraag 10.1.2" in block
    assert 'id="form-structure"' in block and "OpenVWR" in block
    assert "Nothing missing on the form" not in block
    assert "missing on the AP form" in block


# --- the acknowledgement ---------------------------------------------------------------------------------------


def test_a_notice_with_missing_required_answers_goes_on_only_when_acknowledged(ap_notice, owner, dpo, dpo2):
    with pytest.raises(ValidationError) as refused:
        notice_services.notice_submit(actor=owner, notice_id=ap_notice.pk)
    message = " ".join(refused.value.message_dict["acknowledge_missing"])
    assert "3.2.1 Wie meldt de inbreuk? — functie" in message and "Art. 33(4)" in message
    assert Notice.objects.get(pk=ap_notice.pk).status == "draft"
    assert not MissingAnswersAcknowledgement.objects.exists()

    notice_services.notice_submit(actor=owner, notice_id=ap_notice.pk, acknowledge_missing=True)
    with pytest.raises(ValidationError):
        notice_services.notice_approve(actor=dpo2, notice_id=ap_notice.pk)
    assert Notice.objects.get(pk=ap_notice.pk).status == "awaiting_approval"
    notice = notice_services.notice_approve(actor=dpo2, notice_id=ap_notice.pk, acknowledge_missing=True)
    assert notice.status == "approved"

    acknowledged = MissingAnswersAcknowledgement.objects.filter(notice=notice).order_by("at")
    assert [(a.step, a.by) for a in acknowledged] == [("submit", owner), ("approve", dpo2)]
    approval = acknowledged.last()
    expected = selectors.missing_required_answers(notice)
    assert approval.missing == expected and {"number": "5.2", "question": "Aard van het incident"} in expected
    assert approval.at <= notice.approved_at
    event = IncidentEvent.objects.filter(incident=notice.incident, kind="notice_status").latest("sequence")
    assert "Art. 33(4)" in event.data["reason"] and "5.2 Aard van het incident" in event.data["reason"]

    text = pdf_text(render_notice_pdf(notice))
    assert "Gefaseerde melding (art. 33 lid 4 AVG)" in text
    assert "Volgt later: 3.2.1 Wie meldt de inbreuk? — telefoonnummer" in text
    assert dpo2.display_name() in text

    with pytest.raises(ValidationError):
        notice_services.notice_file(actor=dpo, notice_id=notice.pk, filed_at=timezone.now(), reference="M-1")
    filed = notice_services.notice_file(
        actor=dpo, notice_id=notice.pk, filed_at=timezone.now(), reference="M-1", acknowledge_missing=True
    )
    assert filed.status == "filed"
    assert MissingAnswersAcknowledgement.objects.filter(notice=notice, step="file", by=dpo).exists()


def test_the_acknowledgement_goes_through_the_api_and_the_page(client, ap_notice, owner, dpo2):
    client.force_login(owner)
    page = client.get(f"/notices/{ap_notice.pk}/").content.decode()
    assert 'name="acknowledge_missing"' in page and 'id="required-missing-submit"' in page
    client.post(f"/notices/{ap_notice.pk}/submit/")
    assert Notice.objects.get(pk=ap_notice.pk).status == "draft"
    client.post(f"/notices/{ap_notice.pk}/submit/", {"acknowledge_missing": "1"})
    assert Notice.objects.get(pk=ap_notice.pk).status == "awaiting_approval"
    assert MissingAnswersAcknowledgement.objects.get(notice=ap_notice).by == owner


def _complete(owner, dpo, dpo2) -> Notice:
    """An AP notice whose every required answer is there: the organisation's profile complete, the answers only a
    person knows recorded, and the people told (their messages sent)."""
    notice = authority_notice(owner, dpo)
    organisation = notice.incident.organisation
    organisation.dpo_registration_number = "FG-001234"
    organisation.save()
    incident = notice.incident
    rows = "".join(f"Person {i};person{i}@example.nl;;nl\n" for i in range(2))
    subjects_import_csv(
        actor=owner, incident_id=incident.pk, data=f"name;email;postal_address;language\n{rows}".encode()
    )
    people = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    notice_services.notice_submit(actor=owner, notice_id=people.pk)
    notice_services.notice_approve(actor=dpo2, notice_id=people.pk)
    delivery_services.notice_send(actor=owner, notice_id=people.pk)
    Delivery.objects.filter(notice=people).update(status=Delivery.Status.SENT, sent_at=timezone.now())
    notice_services.notice_refresh(actor=owner, notice_id=notice.pk)
    notice_services.notice_edit(actor=owner, notice_id=notice.pk, answers={"data.records": "2"})
    return services.notice_form_record(
        actor=owner,
        notice_id=notice.pk,
        answers={
            "5.2": "Hacking, malware (bijv. ransomware) en/of phishing",
            "3.2.1-function": "Security officer",
            "3.2.1-phone": "+31 30 765 4321",
        },
    )


def test_nothing_missing_only_when_true_and_then_no_acknowledgement_is_asked(owner, dpo, dpo2):
    notice = _complete(owner, dpo, dpo2)
    check = selectors.notice_completeness(notice)
    assert check.nothing_missing, [(i.number, i.question) for i in check.required_missing]
    assert check.not_covered  # still listed: to answer in the portal

    notice_services.notice_submit(actor=owner, notice_id=notice.pk)
    approved = notice_services.notice_approve(actor=dpo2, notice_id=notice.pk)
    assert approved.status == "approved"
    assert not MissingAnswersAcknowledgement.objects.filter(notice=notice).exists()
    text = pdf_text(render_notice_pdf(approved))
    assert "Er ontbreekt geen verplicht antwoord." in text and "Gefaseerde melding" not in text


def test_the_user_guide_states_the_coverage_of_each_form_as_measured():
    """The user guide's table of the forms' coverage (its Documents section) says what ``coverage`` measures, form by
    form."""
    guide = (Path(settings.BASE_DIR) / "docs" / "user-guide.md").read_text(encoding="utf-8")
    stated = dict(re.findall(r"^\s*\| (AP|CNIL|GBA/APD|EDPB) \| (\d+ / \d+) \|", guide, flags=re.M))
    measured = {name: "{} / {}".format(*c.coverage(form)) for name, form in FORM_NAMES.items()}
    assert stated == measured
    assert edpb.coverage() == {"total": 100, "from_data": 69, "recorded_on_the_notice": 30, "not_covered": 1}
    assert "69 answered from our data, 30 recorded by a person on the draft" in guide
