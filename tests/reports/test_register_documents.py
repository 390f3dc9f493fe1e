"""A register PDF is a document without an incident: every documents route answers it as it answers any other
document — shown, downloaded, refused with a message where it does not apply — never with a server error.

Marking a register PDF as posted answered 500 (``Incident.DoesNotExist``), in the API and on the page: 10 of 6,474
schemathesis cases on a live server (issue 13, failure 6)."""

import pytest
from django.contrib.messages import get_messages

from datalek.errors import DomainError
from reports import services
from reports.models import Document
from reports.register import Period
from tests.incidents.test_api import assert_error, client_for


@pytest.fixture
def register_pdf(ap_notice, owner, django_capture_on_commit_callbacks) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        made = services.register_request(actor=owner, organisation_id=None, period=Period.default())
    made.refresh_from_db()
    assert made.status == Document.Status.READY and made.incident_id is None
    return made


@pytest.fixture
def queued_register_pdf(ap_notice, owner, django_capture_on_commit_callbacks) -> Document:
    with django_capture_on_commit_callbacks(execute=False):
        return services.register_request(actor=owner, organisation_id=None, period=Period.default())


@pytest.mark.parametrize("fixture", ["register_pdf", "queued_register_pdf"])
def test_marking_a_register_pdf_as_posted_is_refused_with_a_reason(fixture, owner, request):
    document = request.getfixturevalue(fixture)
    with pytest.raises(DomainError) as refused:
        services.letters_mark_posted(actor=owner, document_id=document.pk)
    assert refused.value.status == 409 and refused.value.code == "not_letters"
    document.refresh_from_db()
    assert document.posted_at is None


@pytest.mark.parametrize("who", ["owner", "dpo"])
def test_the_api_answers_409_in_the_error_shape_when_a_register_pdf_is_marked_as_posted(
    register_pdf, who, request
):
    api = client_for(request.getfixturevalue(who))
    assert_error(api.post(f"/api/documents/{register_pdf.pk}/posted/"), 409, "not_letters")


def test_the_posted_button_on_a_register_pdf_leads_back_to_the_register_with_the_reason(
    client, register_pdf, dpo
):
    client.force_login(dpo)
    response = client.post(f"/documents/{register_pdf.pk}/posted/")
    assert response.status_code == 302
    assert response["Location"] == f"/register/?organisation={register_pdf.organisation_id}"
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Only a rendered batch of letters can be marked as posted."]


def test_a_register_pdf_is_shown_and_downloaded_by_the_api_and_the_page(client, register_pdf, dpo):
    api = client_for(dpo)
    shown = api.get(f"/api/documents/{register_pdf.pk}/")
    assert shown.status_code == 200 and shown.json()["incident"] is None
    download = api.get(shown.json()["download"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    client.force_login(dpo)
    page = client.get(f"/documents/{register_pdf.pk}/download/")
    assert page.status_code == 200 and "register-register-" in page["Content-Disposition"]


def test_a_register_pdf_not_yet_made_is_not_ready_to_download(client, queued_register_pdf, dpo):
    assert_error(
        client_for(dpo).get(f"/api/documents/{queued_register_pdf.pk}/download/"), 409, "document_not_ready"
    )
    client.force_login(dpo)
    assert client.get(f"/documents/{queued_register_pdf.pk}/download/").status_code == 404


def test_a_notice_document_marked_as_posted_is_refused_as_not_letters(ap_notice, owner, client):
    document = services.document_request(
        actor=owner, incident_id=ap_notice.incident_id, kind="notice", notice_id=ap_notice.pk
    )
    assert_error(client_for(owner).post(f"/api/documents/{document.pk}/posted/"), 409, "not_letters")
    client.force_login(owner)
    response = client.post(f"/documents/{document.pk}/posted/")
    assert response.status_code == 302 and response["Location"].endswith("#documents")
