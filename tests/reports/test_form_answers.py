"""Answers our data cannot give — the AP's "kind of incident", the reporter's function and phone, the CNIL's origin
and legal representative — and derived answers a person corrects are recorded straight into the regulator's form on
the draft: then they are *recorded*, in the document and on the notice page alike, no longer missing, frozen at
approval and carried into the next phase. What the form does not offer is refused and changes nothing."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.exceptions import ValidationError

from datalek.errors import DomainError
from incidents.models import IncidentEvent
from notifications import services as notice_services
from notifications.models import Notice
from reports import selectors, services
from reports.regulators import ap, cnil
from reports.rendering import render_notice_pdf
from tests.incidents.test_api import assert_error, client_for
from tests.reports.conftest import approved, authority_notice, filed, pdf_text

HACKING = ap.INCIDENT_KINDS[9]


def _answers(notice: Notice) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The keyed answers of the notice's form: key -> (mark, chosen options or lines)."""
    form = selectors.authority_form(notice)
    return {a.key: (a.mark, a.chosen or a.lines) for a in form.editable}


def test_what_our_data_cannot_say_is_missing_until_a_person_records_it_on_the_form(ap_notice, owner):
    missing = {a.key for a in selectors.authority_form(ap_notice).missing if a.key}
    assert {"3.2.1-function", "3.2.1-phone", "5.2"} <= missing
    notice = services.notice_form_record(
        actor=owner,
        notice_id=ap_notice.pk,
        answers={"5.2": HACKING, "3.2.1-function": "Security officer", "3.2.1-phone": "+31 30 765 4321"},
    )
    form = selectors.authority_form(notice)
    assert not {"3.2.1-function", "3.2.1-phone", "5.2"} & {a.key for a in form.missing if a.key}
    answers = _answers(notice)
    assert answers["5.2"] == ("recorded", (HACKING,))
    assert answers["3.2.1-function"] == ("recorded", ("Security officer",))
    text = pdf_text(render_notice_pdf(notice))
    assert "☒ Hacking, malware" in text and "☐ Persoonsgegevens per ongeluk gepubliceerd" in text
    assert "Security officer" in text and "+31 30 765 4321" in text
    assert f"{len(form.missing)} antwoorden ontbreken" in text
    event = IncidentEvent.objects.filter(incident=notice.incident, kind="notice_edited").latest("sequence")
    assert {c["path"] for c in event.data["changes"]} == {
        "form_answers.5.2",
        "form_answers.3.2.1-function",
        "form_answers.3.2.1-phone",
    }


def test_a_derived_answer_a_person_corrects_becomes_recorded_and_taking_it_back_restores_it(ap_notice, owner):
    assert _answers(ap_notice)["9.3"] == ("derived", ("Zeer groot",))
    notice = services.notice_form_record(actor=owner, notice_id=ap_notice.pk, answers={"9.3": "Aanzienlijk"})
    assert _answers(notice)["9.3"] == ("recorded", ("Aanzienlijk",))
    text = pdf_text(render_notice_pdf(notice))
    assert "☒ Aanzienlijk" in text and "☐ Zeer groot" in text and "Afgeleid van de ENISA-score" not in text
    notice = services.notice_form_record(actor=owner, notice_id=notice.pk, answers={"9.3": None})
    assert _answers(notice)["9.3"] == ("derived", ("Zeer groot",)) and notice.content["form_answers"] == {}


def test_several_options_are_kept_in_the_forms_order(ap_notice, owner):
    harm = [ap.HARM["reputation"], ap.HARM["discrimination"]]
    notice = services.notice_form_record(actor=owner, notice_id=ap_notice.pk, answers={"9.2": harm})
    assert notice.content["form_answers"]["9.2"] == [ap.HARM["discrimination"], ap.HARM["reputation"]]


@pytest.mark.parametrize(
    "answers, key",
    [
        ({"5.2": "Een inbraak"}, "5.2"),  # not one of the form's options
        ({"5.2": [HACKING, ap.INCIDENT_KINDS[0]]}, "5.2"),  # one choice only
        ({"9.2": ["Discriminatie of uitsluiting", "Honger"]}, "9.2"),
        ({"3.2.1-phone": ["+31"]}, "3.2.1-phone"),  # a text, not a list
        ({"3.2.1-function": "x" * 2001}, "3.2.1-function"),
        ({"6.1": ["Naam"]}, "6.1"),  # an answer that comes from the facts, not from the form
        ({"7-origin": cnil.ORIGINS[0]}, "7-origin"),  # the CNIL's question, not the AP's
    ],
)
def test_what_the_form_does_not_offer_is_refused_by_key_and_changes_nothing(ap_notice, owner, answers, key):
    before = IncidentEvent.objects.filter(incident=ap_notice.incident).count()
    with pytest.raises(DomainError) as refused:
        services.notice_form_record(
            actor=owner, notice_id=ap_notice.pk, answers={"3.2.1-function": "FG", **answers}
        )
    assert refused.value.code == "invalid" and list(refused.value.fields) == [key]
    ap_notice.refresh_from_db()
    assert "form_answers" not in ap_notice.content
    assert IncidentEvent.objects.filter(incident=ap_notice.incident).count() == before


def test_only_a_draft_takes_answers_and_only_the_team_of_the_organisation(ap_notice, owner, dpo2, outsider):
    with pytest.raises(DomainError) as hidden:
        services.notice_form_record(actor=outsider, notice_id=ap_notice.pk, answers={"5.2": HACKING})
    assert hidden.value.status == 404
    notice = approved(ap_notice, owner, dpo2)
    with pytest.raises(DomainError) as refused:
        services.notice_form_record(actor=owner, notice_id=notice.pk, answers={"5.2": HACKING})
    assert refused.value.status == 409


def test_answers_are_frozen_at_approval_kept_on_refresh_and_carried_into_the_follow_up(
    ap_notice, owner, dpo, dpo2
):
    notice = services.notice_form_record(
        actor=owner, notice_id=ap_notice.pk, answers={"5.2": HACKING, "3.2.1-function": "FG"}
    )
    notice = notice_services.notice_refresh(actor=owner, notice_id=notice.pk)
    assert notice.content["form_answers"] == {"5.2": HACKING, "3.2.1-function": "FG"}
    notice = filed(notice, owner, dpo, dpo2)
    assert notice.content_sha256  # the hash at approval covers the form answers with the rest
    follow_up = notice_services.notice_follow_up(actor=owner, notice_id=notice.pk)
    assert follow_up.content["form_answers"] == {"5.2": HACKING, "3.2.1-function": "FG"}
    assert _answers(follow_up)["5.2"] == ("recorded", (HACKING,))


def test_the_cnil_and_gba_forms_take_their_own_answers(owner, dpo):
    notice = authority_notice(owner, dpo, country="FR", code="CNIL")
    assert {"3-legal", "7-origin"} <= {a.key for a in selectors.authority_form(notice).missing}
    notice = services.notice_form_record(
        actor=owner,
        notice_id=notice.pk,
        answers={"7-origin": cnil.ORIGINS[3], "3-legal": "M. Jean Martin, gérant, jean@example.fr"},
    )
    text = pdf_text(render_notice_pdf(notice))
    assert f"☒ {cnil.ORIGINS[3]}" in text and "M. Jean Martin, gérant" in text
    assert not {"3-legal", "7-origin"} & {a.key for a in selectors.authority_form(notice).missing}


def test_the_gba_reporter_function(owner, dpo):
    notice = authority_notice(owner, dpo, country="BE", code="GBA")
    assert "23" in {a.key for a in selectors.authority_form(notice).missing}
    # The template's own options for the function (field 23), in the document's language
    dpo = "Functionaris voor gegevensbescherming"
    notice = services.notice_form_record(actor=owner, notice_id=notice.pk, answers={"23": dpo})
    assert "23" not in {a.key for a in selectors.authority_form(notice).missing}


def test_a_notice_to_the_people_has_no_form_to_answer(ap_notice, owner):
    people = notice_services.notice_draft(actor=owner, incident_id=ap_notice.incident_id, kind="subjects")
    with pytest.raises(DomainError) as refused:
        services.notice_form_record(actor=owner, notice_id=people.pk, answers={"5.2": HACKING})
    assert refused.value.status == 409


def test_the_notice_page_records_and_takes_back_an_answer(client, ap_notice, owner, outsider):
    client.force_login(owner)
    url = f"/documents/notices/{ap_notice.pk}/answers/"
    response = client.post(url, {"key": "5.2", "input": "choice", "value": HACKING})
    assert response.status_code == 302 and response["Location"] == f"/notices/{ap_notice.pk}/#document"
    response = client.post(url, {"key": "9.2", "input": "multi", "value": [ap.HARM["reputation"]]})
    block = unescape(client.get(f"/documents/notices/{ap_notice.pk}/block/").content.decode())
    assert 'data-form-answer="5.2"' in block and f"☒ {HACKING}" in block
    assert _answers(Notice.objects.get(pk=ap_notice.pk))["9.2"] == ("recorded", (ap.HARM["reputation"],))
    client.post(url, {"key": "5.2", "input": "choice", "value": HACKING, "clear": "1"})
    assert "5.2" not in Notice.objects.get(pk=ap_notice.pk).content["form_answers"]
    refused = client.post(url, {"key": "5.2", "input": "choice", "value": "Een inbraak"}, follow=True)
    assert "Choose one of the form" in unescape(refused.content.decode())
    client.force_login(outsider)
    assert client.post(url, {"key": "5.2", "input": "choice", "value": HACKING}).status_code == 404


def test_the_draft_block_offers_to_record_only_keyed_answers_and_not_after_approval(
    client, ap_notice, owner, dpo2
):
    client.force_login(owner)
    block = client.get(f"/documents/notices/{ap_notice.pk}/block/").content.decode()
    keys = {a.key for a in selectors.authority_form(ap_notice).editable}
    assert keys >= {"1.3", "3.2.1-function", "3.2.1-phone", "5.2", "9.3"}
    assert all(f'data-form-answer="{key}"' in block for key in keys)
    assert 'data-form-answer="6.1"' not in block
    approved(ap_notice, owner, dpo2)
    assert "data-form-answer" not in client.get(f"/documents/notices/{ap_notice.pk}/block/").content.decode()


def test_the_api_gives_the_form_and_records_answers(ap_notice, owner, outsider):
    api = client_for(owner)
    url = f"/api/documents/notices/{ap_notice.pk}/form/"
    form = api.get(url).json()
    assert form["form"] == "ap" and form["language"] == "nl"
    assert [s["number"] for s in form["sections"]] == [str(n) for n in range(1, 11)]
    assert "5.2" in {a["key"] for a in form["missing"]}
    updated = api.patch(url, {"answers": {"5.2": HACKING, "9.3": "Beperkt"}}, format="json")
    assert updated.status_code == 200
    assert "5.2" not in {a["key"] for a in updated.json()["missing"]}
    severity = next(a for s in updated.json()["sections"] for a in s["answers"] if a["key"] == "9.3")
    assert severity["mark"] == "recorded" and severity["chosen"] == ["Beperkt"]
    assert_error(api.patch(url, {"answers": {"5.2": "Een inbraak"}}, format="json"), 400, "invalid", "5.2")
    assert_error(client_for(outsider).get(url), 404, "not_found")
    for body in ({}, {"answers": "nonsense"}, {"answers": {"5.2": HACKING}}):  # 404 whatever the body
        assert_error(client_for(outsider).patch(url, body, format="json"), 404, "not_found")


def test_an_empty_answer_set_changes_nothing(ap_notice, owner):
    before = IncidentEvent.objects.filter(incident=ap_notice.incident).count()
    services.notice_form_record(actor=owner, notice_id=ap_notice.pk, answers={})
    assert IncidentEvent.objects.filter(incident=ap_notice.incident).count() == before


def test_notice_edit_refuses_form_answers_on_a_notice_without_a_form(ap_notice, owner):
    people = notice_services.notice_draft(actor=owner, incident_id=ap_notice.incident_id, kind="subjects")
    with pytest.raises(ValidationError):
        notice_services.notice_edit(actor=owner, notice_id=people.pk, form_answers={"5.2": HACKING})
