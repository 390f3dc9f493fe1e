"""Hand-off e-mails: each hand-off e-mails the people who take the next step, once, in their language, never the
person who made it, and not who switched that kind off."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from alerts import handoff
from alerts.models import AlertPreference, Handoff, HandoffMail
from notifications import services as notice_services
from portal import services as portal_services
from risk import services as risk_services
from tests.notifications.conftest import HIGH_RISK, decided
from tests.personas import advance, make_incident


def _to(message) -> str:
    return message.to[0].split("@")[0]


@pytest.fixture
def assessed(owner, dpo):
    return advance(make_incident(owner), "assessment", team=owner, dpo=dpo)


def _finalise(incident, actor, capture):
    risk_services.assessment_run(
        actor=actor, incident_id=incident.pk, facts=HIGH_RISK | {"role": "controller"}
    )
    with capture(execute=True):
        risk_services.assessment_finalise(actor=actor, incident_id=incident.pk)


def test_a_finalised_assessment_emails_each_dpo_once_and_not_the_team(
    assessed, owner, colleague, dpo, dpo2, outsider, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    _finalise(assessed, owner, django_capture_on_commit_callbacks)
    assert sorted(_to(m) for m in mail.outbox) == ["dpo", "dpo2"]
    message = mail.outbox[0]
    assert assessed.reference in message.subject
    assert f"/incidents/{assessed.pk}/risk/" in message.body
    assert HandoffMail.objects.filter(sent_at__isnull=False).count() == 2
    # A second sweep (or a task delivered twice) sends nothing again.
    assert handoff.send_due() == 0
    assert len(mail.outbox) == 2


def test_the_email_is_in_the_recipients_language(
    assessed, owner, dpo, dpo2, django_capture_on_commit_callbacks
):
    assessed.organisation.language = "nl"
    assessed.organisation.save(update_fields=["language"])
    AlertPreference.objects.create(user=dpo2, language="fr")
    mail.outbox.clear()
    _finalise(assessed, owner, django_capture_on_commit_callbacks)
    by_person = {_to(m): m for m in mail.outbox}
    # Rendered under the person's language (the words follow once the lead merges locale/pending/alerts.json).
    assert by_person["dpo"].extra_headers["Content-Language"] == "nl"
    assert by_person["dpo2"].extra_headers["Content-Language"] == "fr"
    assert dict(HandoffMail.objects.values_list("recipient__username", "language")) == {
        "dpo": "nl",
        "dpo2": "fr",
    }


def test_a_person_who_switched_the_kind_off_gets_nothing(
    assessed, owner, dpo, dpo2, django_capture_on_commit_callbacks
):
    AlertPreference.objects.create(user=dpo2, muted=[Handoff.ASSESSMENT_FINALISED])
    mail.outbox.clear()
    _finalise(assessed, owner, django_capture_on_commit_callbacks)
    assert [_to(m) for m in mail.outbox] == ["dpo"]


def test_a_dpo_who_finalises_is_not_emailed_about_it(assessed, dpo, dpo2, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    _finalise(assessed, dpo, django_capture_on_commit_callbacks)
    assert [_to(m) for m in mail.outbox] == ["dpo2"]


def test_a_submitted_notice_emails_the_other_dpos_and_an_approved_one_the_dpos_to_file(
    owner, dpo, dpo2, dpo3, django_capture_on_commit_callbacks
):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=dpo, incident_id=incident.pk, kind="authority", authority="AP"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice_services.notice_submit(actor=dpo, notice_id=notice.pk, acknowledge_missing=True)
    assert sorted(_to(m) for m in mail.outbox) == ["dpo2", "dpo3"]
    assert f"/notices/{notice.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    assert sorted(_to(m) for m in mail.outbox) == ["dpo", "dpo3"]
    for message in mail.outbox:  # in the reader's language (the organisation's, Dutch here)
        with translation.override(message.extra_headers.get("Content-Language", "en")):
            assert message.subject.endswith(gettext("an approved notice waits to be filed")), message.subject


def test_a_notice_drafted_by_a_dpo_and_submitted_by_the_team_is_not_sent_to_its_drafter(
    owner, dpo, dpo2, django_capture_on_commit_callbacks
):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(
        actor=dpo, incident_id=incident.pk, kind="authority", authority="AP"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    assert [_to(m) for m in mail.outbox] == ["dpo2"]  # the drafter may not approve it (four eyes)


def test_an_approved_notice_to_the_people_is_no_filing_hand_off(
    owner, dpo, dpo2, django_capture_on_commit_callbacks
):
    incident = decided(owner, dpo)
    notice = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="public")
    notice_services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice_services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    assert mail.outbox == []


def test_a_clients_question_emails_the_processors_team_and_dpos_but_not_the_client(
    alerts,
    owner,
    dpo,
    dpo2,
    controller_a,
    outsider,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        portal_services.question_ask(actor=controller_a, alert_id=alerts["a"].pk, text="Which data?")
    assert sorted(_to(m) for m in mail.outbox) == ["dpo", "dpo2", "owner"]
    assert "Bakkerij van Dam" in mail.outbox[0].body
    assert f"/notices/{alerts['a'].pk}/" in mail.outbox[0].body


def test_a_refused_email_is_kept_and_sent_by_the_next_sweep(
    assessed, owner, dpo, dpo2, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.alerts.test_handoff_mail.RefusingBackend"
    _finalise(assessed, owner, django_capture_on_commit_callbacks)
    refused = HandoffMail.objects.get(recipient=dpo)
    assert refused.sent_at is None and refused.attempts == 1 and "refused" in refused.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    assert handoff.send_due() == 2
    assert sorted(_to(m) for m in mail.outbox) == ["dpo", "dpo2"]


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("refused by the test")
