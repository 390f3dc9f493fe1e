"""What the audit trail and the error messages show a person: labels in their language, never the stored codes
(``awaiting_approval``, ``finished``, ``notify_authority``, ``what_happened``)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape

from delivery import services as delivery_services
from notifications import services
from notifications.models import Notice
from notifications.templatetags import event_tags
from people.subjects import subjects_import_csv
from processors.models import WrittenInstruction
from risk import services as risk_services
from tests.notifications.conftest import decided
from tests.personas import advance, make_incident
from tests.risk.builders import facts_dict

CODES = re.compile(
    r">system<|\b(awaiting_approval|approved →|draft →|→ sending|(?<!Sending )finished|queued:|follow_up|"
    r"notify_authority|what_happened|initial\b|controller\b · )"
)


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_notice_codes_are_shown_as_labels(language):
    with translation.override(language):
        assert event_tags.notice_status("awaiting_approval") == str(Notice.Status.AWAITING_APPROVAL.label)
        assert event_tags.notice_phase("follow_up") == str(Notice.Phase.FOLLOW_UP.label)
        assert event_tags.notice_title({"kind": "subjects"}) == str(Notice.Kind.SUBJECTS.label)
        assert "AP" in event_tags.notice_title({"kind": "authority", "authority": "AP"})
        assert event_tags.allows_labels(["authority"]) == str(WrittenInstruction.Allows.AUTHORITY.label)
        for stage in ("queued", "finished"):
            assert event_tags.delivery_stage(stage) not in ("", stage)


def test_reminders_say_what_they_reminded_of_and_when():
    with translation.override("en"):
        assert event_tags.reminder_label("authority:48h") == (
            "notice to the supervisory authority: 48 hours after awareness"
        )
        assert (
            event_tags.reminder_label("authority:overdue") == "notice to the supervisory authority: overdue"
        )
        assert event_tags.reminder_label("follow_up:12:1d") == "follow-up notice due: due in 1 day"
        assert event_tags.reminder_label("alert:5:2h") == "alert to a controller client: 2 hours left"
        assert event_tags.reminder_label("alert:5:half") == (
            "alert to a controller client: half the term has passed"
        )
        assert event_tags.reminder_label("something:else") == "something:else"  # unknown: as stored


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_the_audit_trail_of_a_sent_notice_shows_no_codes(
    client, owner, dpo, dpo2, language, django_capture_on_commit_callbacks
):
    incident = decided(owner, dpo)
    subjects_import_csv(
        actor=owner,
        incident_id=incident.pk,
        data=b"name;email;postal_address;language\nJan;jan@example.nl;;nl\n",
    )
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    client.force_login(owner)
    client.cookies["django_language"] = language
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert not CODES.findall(timeline), [
        timeline[max(0, m.start() - 200) : m.end() + 50] for m in CODES.finditer(timeline)
    ]
    with translation.override(language):
        assert escape(str(Notice.Status.AWAITING_APPROVAL.label)) in timeline
        assert escape(event_tags.delivery_stage("finished")) in timeline


def test_an_incomplete_text_names_its_fields_and_language_by_their_labels(owner, dpo):
    incident = decided(owner, dpo)
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="public")
    language = next(iter(notice.content["texts"]))
    services.notice_edit(
        actor=owner, notice_id=notice.pk, texts={language: {"what_happened": "", "contact": ""}}
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    message = " ".join(refused.value.messages)
    assert "What happened" in message and "Contact point" in message and "what_happened" not in message
    assert {"nl": "Dutch", "fr": "French", "en": "English"}[language] in message


def test_a_different_decision_without_a_reason_names_the_decisions_by_their_labels(owner, dpo):
    incident = advance(make_incident(owner), "assessment", team=owner, dpo=dpo)
    risk_services.assessment_run(
        actor=owner, incident_id=incident.pk, facts=facts_dict(recipients="trusted") | {"role": "controller"}
    )
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        risk_services.assessment_decide(
            actor=dpo,
            incident_id=incident.pk,
            agree=False,
            risk="high",
            notify_authority=True,
            notify_subjects=True,
            public_communication=False,
        )
    message = " ".join(refused.value.messages)
    assert "Notify the supervisory authority (Art. 33)" in message and "notify_authority" not in message


def test_every_answer_a_notice_stores_has_a_label():
    """A notice's stored facts are shown by their labels: an answer without one would show its path in English."""
    from pathlib import Path

    from notifications import content, labels

    source = Path(content.__file__).read_text()
    paths = {f"{a}.{b}" for a, b in re.findall(r'a\.put\(\s*"(\w+)",\s*"(\w+)"', source)}
    assert len(paths) > 40
    assert paths <= set(labels.ANSWERS), sorted(paths - set(labels.ANSWERS))


def test_stored_codes_of_a_notice_are_shown_as_labels():
    from notifications.labels import choice_label
    from notifications.templatetags.notice_tags import answer

    with translation.override("en"):
        assert choice_label("notice.phase", "follow_up") == "Follow-up"
        assert answer({"email": 12, "post": 3}, "communication.channels") == "E-mail: 12, Letter: 3"
