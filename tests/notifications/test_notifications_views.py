"""The notices in the browser: the panel on the incident page, the notice page with exactly the next steps
this user may take, the filing form with the late-reason rule, the list of affected people and the public page."""

from datetime import timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notifications import services
from notifications.models import Notice
from tests.notifications.conftest import decided

FMT = "%Y-%m-%dT%H:%M"


def test_the_panel_shows_the_verdicts_the_authority_and_draft_buttons(client, notifiable, owner):
    client.force_login(owner)
    html = client.get(f"/incidents/{notifiable.pk}/notifications/", HTTP_HX_REQUEST="true").content.decode()
    assert "Art. 55(1)" in html and "Autoriteit Persoonsgegevens" in html
    assert 'data-action="draft-authority-AP"' in html and 'data-action="draft-subjects"' in html
    page = client.get(f"/incidents/{notifiable.pk}/").content.decode()
    assert f'hx-get="/incidents/{notifiable.pk}/notifications/"' in page


def test_draft_submit_approve_and_file_in_the_browser(client, notifiable, owner, dpo, dpo2):
    client.force_login(owner)
    response = client.post(
        f"/incidents/{notifiable.pk}/notifications/draft/", {"kind": "authority", "authority": "AP"}
    )
    notice = Notice.objects.get()
    assert response["Location"] == f"/notices/{notice.pk}/"
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-action="submit"' in page
    block = client.get(f"/documents/notices/{notice.pk}/block/").content.decode()  # the form's answers
    assert "missing on the AP form" in block
    client.post(f"/notices/{notice.pk}/edit/", {"answer__data.records": "About 5,000"})
    # the AP form still misses required answers: submitting needs them acknowledged (Art. 33(4))
    client.post(f"/notices/{notice.pk}/submit/")
    assert Notice.objects.get().status == "draft"
    client.post(f"/notices/{notice.pk}/submit/", {"acknowledge_missing": "1"})
    assert 'data-action="approve"' not in client.get(f"/notices/{notice.pk}/").content.decode()

    client.force_login(dpo2)
    assert 'data-action="approve"' in client.get(f"/notices/{notice.pk}/").content.decode()
    client.post(f"/notices/{notice.pk}/approve/", {"acknowledge_missing": "1"})
    client.force_login(dpo)
    refused = client.post(f"/notices/{notice.pk}/file/", {"filed_at": "", "reference": "AP-1"})
    assert refused.status_code == 400 and "filed_at" in refused.context["file_form"].errors
    client.post(
        f"/notices/{notice.pk}/file/",
        {"filed_at": timezone.localtime().strftime(FMT), "reference": "AP-1", "acknowledge_missing": "on"},
    )
    notice.refresh_from_db()
    assert (notice.status, notice.reference) == ("filed", "AP-1")
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "AP-1" in page and 'data-action="follow-up"' in page


def test_a_late_notice_page_asks_for_the_reasons_and_refuses_without(client, owner, dpo):
    with time_machine.travel(timezone.now() - timedelta(hours=90)):
        incident = decided(owner, dpo)
    notice = services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="AP")
    client.force_login(owner)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "must give the reasons for the delay" in page and 'name="late_reason"' in page
    response = client.post(f"/notices/{notice.pk}/submit/", follow=True)
    assert "Art. 33(1)" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == "draft"


def test_the_subjects_page_uploads_and_reports_errors_by_line(
    client, notifiable, owner, outsider, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    upload = SimpleUploadedFile(
        "p.csv", b"name;email;postal_address;language\nJan;jan@example.nl;;nl\n;;;nl\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/incidents/{notifiable.pk}/subjects/", {"file": upload})
    assert response.status_code == 302
    html = client.get(f"/incidents/{notifiable.pk}/subjects/").content.decode()
    assert "1 added" in html and "1 with errors" in html and "jan@example.nl" in html
    job = notifiable.subject_imports.get()
    errors = client.get(f"/incidents/{notifiable.pk}/subjects/imports/{job.pk}/errors.csv")
    assert errors["Content-Disposition"].startswith("attachment")
    assert "neither an e-mail address nor a postal address" in b"".join(errors.streaming_content).decode()
    client.force_login(outsider)
    assert client.get(f"/incidents/{notifiable.pk}/subjects/").status_code == 404


def test_the_notice_page_is_404_for_other_organisations(client, notifiable, owner, outsider, controller_user):
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="authority", authority="AP")
    for person in (outsider, controller_user):
        client.force_login(person)
        assert client.get(f"/notices/{notice.pk}/").status_code == 404
        assert client.post(f"/notices/{notice.pk}/submit/").status_code == 404
        assert client.get(f"/incidents/{notifiable.pk}/notifications/").status_code == 404


def test_sending_shows_progress(client, notifiable, owner, dpo2, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/incidents/{notifiable.pk}/subjects/",
            {
                "file": SimpleUploadedFile(
                    "p.csv", b"name;email;postal_address;language\nJan;j@example.nl;;nl\n"
                )
            },
        )
    notice = services.notice_draft(actor=owner, incident_id=notifiable.pk, kind="subjects")
    services.notice_submit(actor=owner, notice_id=notice.pk, acknowledge_missing=True)
    services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/notices/{notice.pk}/send/")
    progress = client.get(f"/notices/{notice.pk}/progress/").content.decode()
    assert 'data-progress-sent="1"' in progress


def test_the_notice_page_offers_approve_only_to_another_dpo_and_tells_the_drafter_why(
    client, notifiable, owner, dpo, dpo2
):
    notice = services.notice_draft(actor=dpo, incident_id=notifiable.pk, kind="authority", authority="AP")
    services.notice_submit(actor=dpo, notice_id=notice.pk, acknowledge_missing=True)
    client.force_login(dpo)  # the drafter: four eyes
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-action="approve"' not in page and 'data-blocked="approve"' in page
    assert "Four eyes: you drafted this notice, so another DPO must approve it." in page
    assert 'data-action="return"' in page  # a DPO may still send it back
    assert 'data-action="submit"' not in page and 'data-blocked="submit"' not in page  # not of this status

    client.force_login(owner)  # the security team: not its role
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-action="approve"' not in page and "Only a DPO may do this." in page
    assert 'data-action="return"' not in page

    client.force_login(dpo2)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert (
        'data-action="approve"' in page and 'data-blocked="approve"' not in page and "Four eyes" not in page
    )
    services.notice_approve(actor=dpo2, notice_id=notice.pk, acknowledge_missing=True)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    # An approved notice to an authority is filed by a DPO: never "sent" or "published" from its page.
    assert 'data-action="file"' in page and 'data-action="revise"' in page
    assert 'data-action="send"' not in page and 'data-action="publish"' not in page
    assert 'data-action="approve"' not in page and "Already approved" not in page
