"""From the incident page a DPO previews and downloads each document and sees its status; the notice page shows what
the regulator's form still misses; the register and the insights have their pages; the API does the same."""

import re
from html import unescape

import pytest
from django.utils import timezone

from reports import selectors
from reports.models import Document
from tests.incidents.test_api import assert_error, client_for
from tests.reports.conftest import pdf_text

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def assert_csp_clean(html: str) -> None:
    """No inline script and no style attribute: the page works under a strict Content-Security-Policy."""
    assert not INLINE_SCRIPT.search(html)
    assert " style=" not in html and "<style" not in html


def test_the_incident_page_loads_the_documents_card(client, ap_notice, dpo):
    client.force_login(dpo)
    page = client.get(f"/incidents/{ap_notice.incident_id}/").content.decode()
    assert 'id="documents"' in page and f'hx-get="/incidents/{ap_notice.incident_id}/documents/"' in page
    assert 'href="/register/"' in page and 'href="/insights/"' in page  # the two nav entries


def test_a_dpo_makes_previews_and_downloads_each_document_from_the_card(
    client, ap_notice, dpo, django_capture_on_commit_callbacks
):
    client.force_login(dpo)
    incident = ap_notice.incident
    card = client.get(f"/incidents/{incident.pk}/documents/").content.decode()
    assert "Notice to AP" in card and "Incident report (internal)" in card and "Make PDF" in card
    assert_csp_clean(card)
    preview = client.get(f"/documents/notices/{ap_notice.pk}/")
    assert preview.status_code == 200 and "Melding datalek" in preview.content.decode()
    assert "default-src 'none'" in preview["Content-Security-Policy"]
    assert_csp_clean(preview.content.decode())
    report = unescape(
        client.get(f"/incidents/{incident.pk}/documents/report/", {"language": "fr"}).content.decode()
    )
    assert "Rapport d'incident (interne)" in report and incident.aware_justification in report
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/incidents/{incident.pk}/documents/request/", {"kind": "notice", "notice": ap_notice.pk}
        )
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    document = Document.objects.get(notice=ap_notice)
    card = client.get(f"/incidents/{incident.pk}/documents/").content.decode()
    assert f"/documents/{document.pk}/download/" in card and 'data-document-status="ready"' in card
    download = client.get(f"/documents/{document.pk}/download/")
    assert download["Content-Disposition"].startswith('attachment; filename="DL-')
    assert download["Content-Type"] == "application/pdf" and download["X-Document-SHA256"] == document.sha256
    assert "Melding datalek" in pdf_text(b"".join(download.streaming_content))


def test_the_card_says_how_many_answers_each_authority_form_still_misses(client, ap_notice, owner, dpo):
    from reports import services

    client.force_login(dpo)
    missing = len(selectors.authority_form(ap_notice).missing)
    card = client.get(f"/incidents/{ap_notice.incident_id}/documents/").content.decode()
    assert f'data-missing="{missing}"' in card and f"{missing} missing" in card
    services.notice_form_record(
        actor=owner,
        notice_id=ap_notice.pk,
        answers={"5.2": "Overig", "3.2.1-function": "FG", "3.2.1-phone": "030 123"},
    )
    card = client.get(f"/incidents/{ap_notice.incident_id}/documents/").content.decode()
    assert f'data-missing="{missing - 3}"' in card


def test_the_card_polls_while_a_document_is_being_made(
    client, ap_notice, dpo, django_capture_on_commit_callbacks
):
    client.force_login(dpo)
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not picked it up yet
        client.post(
            f"/incidents/{ap_notice.incident_id}/documents/request/",
            {"kind": "incident_report", "language": "nl"},
        )
    card = client.get(f"/incidents/{ap_notice.incident_id}/documents/").content.decode()
    assert 'hx-trigger="every 3s"' in card and 'data-document-status="queued"' in card


def test_the_notice_page_shows_the_forms_missing_answers_as_the_document_does(client, ap_notice, dpo):
    client.force_login(dpo)
    page = client.get(f"/notices/{ap_notice.pk}/").content.decode()
    assert f'hx-get="/documents/notices/{ap_notice.pk}/block/"' in page
    assert "The answers on the form of the Autoriteit Persoonsgegevens" in page
    block = client.get(f"/documents/notices/{ap_notice.pk}/block/").content.decode()
    form = selectors.authority_form(ap_notice)
    missing = form.missing
    assert f"{len(missing)} answers missing on the AP form" in block
    for answer in missing:
        assert answer.question in block
    answers = unescape(block.split('id="form-answers"', 1)[1])
    questions = [a.question for s in form.sections for a in s.answers]
    position = 0
    for question in questions:  # every answer of the document, in the form's order
        position = answers.index(question, position)
    assert "vastgelegd" in block and "afgeleid – controleer" in block and "ontbreekt" in block
    assert_csp_clean(block)
    pdf = client.get(f"/documents/notices/{ap_notice.pk}/").content.decode()
    assert f"{len(missing)} antwoorden ontbreken" in pdf  # the same count in the document itself


def test_the_register_page_offers_the_csv_and_the_pdf(
    client, ap_notice, dpo, django_capture_on_commit_callbacks
):
    client.force_login(dpo)
    page = client.get("/register/").content.decode()
    assert "Download CSV" in page and "Make the PDF" in page and "1 incident in this period" in page
    assert_csp_clean(page.split("<main", 1)[1])
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/register/pdf/?date_from=2026-01-01&date_to={today}&language=nl")
    assert response.status_code == 302
    document = Document.objects.get(kind="register")
    assert document.status == "ready" and document.language == "nl"
    assert "Register van datalekken" in pdf_text(document.file.read())
    preview = client.get("/register/preview/", {"date_from": "2026-01-01", "date_to": today}).content.decode()
    assert ap_notice.incident.reference in preview and 'src="data:image/svg+xml;base64,' in preview


def test_the_insights_page_draws_its_charts_on_the_server(client, ap_notice, dpo):
    client.force_login(dpo)
    page = client.get("/insights/").content.decode()
    assert page.count('<figure class="chart">') == 5
    assert page.count('src="data:image/svg+xml;base64,') == 4  # one is "no data"
    assert "Incidents per month by nature" in page
    assert_csp_clean(page)


def test_the_api_queues_polls_and_downloads_a_document(ap_notice, owner, django_capture_on_commit_callbacks):
    api = client_for(owner)
    url = f"/api/incidents/{ap_notice.incident_id}/documents/"
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, {"kind": "notice", "notice": ap_notice.pk}, format="json")
    assert response.status_code == 202, response.content
    (queued,) = response.json()
    assert queued["status"] == "queued" and queued["version"] == 1
    polled = api.get(f"/api/documents/{queued['id']}/").json()
    assert polled["status"] == "ready" and len(polled["sha256"]) == 64 and polled["download"]
    download = api.get(polled["download"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert [d["id"] for d in api.get(url).json()] == [queued["id"]]


def test_the_api_refuses_what_it_cannot_make_with_the_one_error_shape(
    ap_notice, owner, django_capture_on_commit_callbacks
):
    api = client_for(owner)
    url = f"/api/incidents/{ap_notice.incident_id}/documents/"
    assert_error(api.post(url, {"kind": "poem"}, format="json"), 400, "invalid", "kind")
    assert_error(api.post(url, {"kind": "notice"}, format="json"), 400, "invalid", "notice")
    assert_error(api.post(url, {"kind": "letters", "notice": ap_notice.pk}, format="json"), 409, "no_letters")
    with django_capture_on_commit_callbacks(execute=False):
        queued = api.post(url, {"kind": "incident_report"}, format="json").json()[0]
    assert_error(api.get(f"/api/documents/{queued['id']}/download/"), 409, "document_not_ready")
    assert_error(
        api.get("/api/insights/", {"date_from": "2026-05-01", "date_to": "2026-01-01"}),
        400,
        "invalid",
        "date_to",
    )


def test_the_api_makes_the_register_pdf_and_gives_the_insights(
    ap_notice, owner, django_capture_on_commit_callbacks
):
    api = client_for(owner)
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/register/pdf/", {"date_from": "2026-01-01", "date_to": today}, format="json"
        )
    assert response.status_code == 202 and response.json()["kind"] == "register"
    insights = api.get("/api/insights/", {"date_from": "2026-01-01", "date_to": today}).json()
    assert insights["outcomes"]["total"] == 1 and insights["outcomes"]["pending"] == 1
    assert set(insights) >= {"organisation", "months", "by_month", "outcomes", "timing", "open", "period"}


@pytest.mark.parametrize("language, word", [("nl", "Pagina"), ("fr", "Page"), ("en", "Page")])
def test_the_incident_report_is_in_the_language_asked_for(client, ap_notice, dpo, language, word):
    client.force_login(dpo)
    html = client.get(
        f"/incidents/{ap_notice.incident_id}/documents/report/", {"language": language}
    ).content.decode()
    assert f'<html lang="{language}">' in html and f"{word} <span" in html
