"""Documents are made of text people typed. Markup in it stays text, and even markup that reached WeasyPrint could not
make it fetch anything: no network request, no local file — proved with a real HTTP server that counts its visitors."""

from __future__ import annotations

import io
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import models
from django.utils import timezone

from delivery import services as delivery_services
from delivery.models import Delivery
from incidents import services as incident_services
from incidents.models import Evidence, Incident, Organisation, User
from inventory import services as inventory_services
from inventory.models import Processor
from notifications import services as notice_services
from notifications.models import Notice
from people.models import AffectedSubject
from people.subjects import subjects_import_csv
from processors.models import DpaTerms
from reports import incident_report, letters
from reports import services as report_services
from reports.fetcher import INTERNAL_BASE_URL, ResourceRefused, SafeURLFetcher
from reports.rendering import document_locale, html_to_pdf, render_html, render_notice_html
from risk import services as risk_services
from risk.models import RiskAssessment
from tests.notifications.conftest import HIGH_RISK
from tests.personas import make_incident
from tests.reports.conftest import approved, pdf_text, register_html


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # the name http.server calls
        self.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        body = b"root:x:0:0:served-by-the-test-server"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Recorder.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def payload(port: int, where: str) -> str:
    """Everything that would make a renderer fetch: images, stylesheets, an attachment, a redirect, SVG, @import."""
    base = f"http://127.0.0.1:{port}"
    return (
        f'{where} <img src="{base}/img-{where}"> <link rel="stylesheet" href="{base}/css-{where}">'
        f' <link href="file:///etc/passwd"> <a rel="attachment" href="file:///etc/passwd">passwd</a>'
        f' <link rel="attachment" href="{base}/attach-{where}"> <img src="{base}/redirect-{where}">'
        f' <svg><image href="{base}/svg-{where}"/></svg> <style>@import url({base}/import-{where});</style>'
        f' <iframe src="{base}/frame"></iframe> <object data="file:///etc/passwd"></object>'
    )


def medium(port: int, where: str) -> str:
    """For fields of at most 320 characters (a postal address becomes a delivery's recipient)."""
    return f'<img src="http://127.0.0.1:{port}/{where}"> <a rel="attachment" href="file:///etc/passwd">x</a>'


def short(port: int, where: str) -> str:
    return f'<img src="http://127.0.0.1:{port}/{where}">'


@pytest.fixture
def poisoned(server, owner, dpo, dpo2):
    """An incident with the payload in every free-text field, decided, with its notices drafted and approved."""
    port = server.server_address[1]
    organisation = owner.memberships.get().organisation
    organisation.address = payload(port, "org-address")
    organisation.dpo_name = short(port, "dpo-name")[:200]
    organisation.dpo_email = (
        "fg@fietsenbaas.example"  # an e-mail address holds no markup; the letters need one
    )
    organisation.sector = short(port, "sector")[:100]
    organisation.save()
    incident = make_incident(
        owner,
        title=short(port, "title"),
        description=payload(port, "description"),
        aware_established_by=short(port, "aware-by"),
        aware_justification=payload(port, "aware-justification"),
        systems_affected=payload(port, "systems"),
        affected_countries=["NL"],
    )
    incident_services.incident_transition(actor=owner, incident_id=incident.pk, name="start_triage")
    incident_services.incident_transition(
        actor=owner, incident_id=incident.pk, name="confirm_breach", reason=payload(port, "triage")
    )
    incident_services.incident_update(
        actor=owner,
        incident_id=incident.pk,
        changes={"containment_status": "ongoing", "containment_plan": payload(port, "plan")},
    )
    incident_services.evidence_add(
        actor=owner,
        incident_id=incident.pk,
        name="log.txt",
        size=12,
        stream=io.BytesIO(b"log entries\n"),
        description=short(port, "evidence")[:500],
    )
    incident_services.incident_transition(actor=owner, incident_id=incident.pk, name="start_assessment")
    facts = HIGH_RISK | {
        "summary": payload(port, "summary"),
        "mitigation": HIGH_RISK["mitigation"] | {"description": payload(port, "mitigation")},
    }
    risk_services.assessment_run(actor=owner, incident_id=incident.pk, facts=facts)
    risk_services.assessment_finalise(actor=owner, incident_id=incident.pk, note=payload(port, "note"))
    risk_services.assessment_decide(
        actor=dpo,
        incident_id=incident.pk,
        agree=False,
        risk="high",
        notify_authority=True,
        notify_subjects=False,
        public_communication=False,
        justification=payload(port, "justification"),
    )
    incident_services.incident_transition(actor=dpo, incident_id=incident.pk, name="approve")
    rows = "name,email,postal_address,language\n" + "\n".join(
        f'"{short(port, f"name-{i}")}",,"{medium(port, f"address-{i}")}",nl' for i in range(2)
    )
    subjects_import_csv(actor=owner, incident_id=incident.pk, data=rows.encode())
    ap = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="authority", authority="AP")
    notice_services.notice_edit(
        actor=owner,
        notice_id=ap.pk,
        answers={"data.records": payload(port, "records"), "breach.systems": payload(port, "answer")},
        late_reason=payload(port, "late"),
    )
    subjects = notice_services.notice_draft(actor=owner, incident_id=incident.pk, kind="subjects")
    notice_services.notice_edit(
        actor=owner,
        notice_id=subjects.pk,
        texts={
            "nl": {k: payload(port, f"text-{k}") for k in ("subject", "what_happened", "advice", "contact")}
        },
    )
    subjects = approved(subjects, owner, dpo2)
    delivery_services.notice_send(actor=owner, notice_id=subjects.pk)
    ap.refresh_from_db()
    return incident, ap, subjects


def _documents(incident, ap, subjects):
    """Every kind of document of the incident, as the HTML the PDF is made from."""
    incident.refresh_from_db()
    yield render_notice_html(ap)
    yield render_notice_html(subjects)
    batch = letters.batches(subjects)[0]
    with document_locale("nl"):
        yield render_html(
            "reports/letters.html", letters.letters_context(subjects, batch.as_params()), language="nl"
        )
        context = incident_report.incident_report_context(
            incident, upto=incident.audit_event_count, version="1", created=timezone.now(), language="nl"
        )
        yield render_html("reports/incident_report.html", context, language="nl")
        yield register_html(incident.organisation, "nl")


def embedded_files(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdfdetach", "-list", str(path)], check=True, capture_output=True, text=True
        ).stdout


def test_markup_in_every_free_text_field_fetches_nothing_and_stays_text(server, poisoned):
    incident, ap, subjects = poisoned
    port = server.server_address[1]
    for html in _documents(incident, ap, subjects):
        assert f'<img src="http://127.0.0.1:{port}' not in html  # escaped: &lt;img …
        rendered = html_to_pdf(html)
        text = pdf_text(rendered.pdf)
        assert rendered.refused == ()  # the escaped markup never even asked the fetcher for anything
        assert "root:x:" not in text and "served-by-the-test-server" not in text
        assert '<img src="http://' in text  # the markup is shown as the text it is
        assert embedded_files(rendered.pdf).startswith("0 embedded files")
    assert _Recorder.hits == []  # and the server never saw a request


# Text fields that are codes, keys or hashes the application writes itself (never what a person typed).
NOT_FREE_TEXT = {
    "slug",
    "password",
    "username",
    "authority",
    "dedupe_key",
    "storage_key",
    "key",
    "message_id",
}


def poison_every_text_field(port: int, *querysets) -> list[str]:
    """Every text field (CharField, TextField, EmailField) of the rows, written straight into the database — past
    every form and service check — with markup that would fetch: what a document shows of stored text must stay
    text whatever is stored. Fields with choices, unique fields, hashes and our own keys are left alone."""
    poisoned = []
    for queryset in querysets:
        fields = [
            field
            for field in queryset.model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not (field.choices or field.unique or field.name in NOT_FREE_TEXT)
            and "hash" not in field.name
            and "sha256" not in field.name
        ]
        poisoned += [f"{queryset.model.__name__}.{field.name}" for field in fields]
        for pk in queryset.values_list("pk", flat=True):  # each row its own text: some are unique together
            values = {}
            for field in fields:
                where = f"#{pk} {queryset.model.__name__}.{field.name}"
                long = not field.max_length or field.max_length > 600
                text = payload(port, where) if long else medium(port, where)
                values[field.name] = text[: field.max_length] if field.max_length else text
            queryset.model.objects.filter(pk=pk).update(**values)
    return poisoned


def test_every_text_field_a_document_reads_stays_text_and_fetches_nothing(server, poisoned, owner, dpo):
    """Beyond what the services let in: every text field of every row the documents read, the processors of the
    inventory (AP 3.3), the answers recorded into the regulator's form, the filing reference."""
    incident, ap, subjects = poisoned
    port = server.server_address[1]
    processor = inventory_services.record_create(
        actor=dpo,
        organisation=incident.organisation,
        model=Processor,
        values={"name": short(port, "processor-name")[:200], "country": "US"},
    )
    inventory_services.incident_confirm_fact(
        actor=owner, incident_id=incident.pk, path="processors", value=[processor.pk]
    )
    report_services.notice_form_record(
        actor=owner,
        notice_id=ap.pk,
        answers={key: payload(port, f"form-{key}") for key in ("3.2.1-function", "3.2.1-phone", "7.2")},
    )
    fields = poison_every_text_field(
        port,
        Organisation.objects.all(),
        User.objects.all(),
        Incident.objects.filter(pk=incident.pk),
        Evidence.objects.filter(incident=incident),
        AffectedSubject.objects.filter(incident=incident),
        Delivery.objects.filter(notice__incident=incident),
        RiskAssessment.objects.filter(incident=incident),
        Notice.objects.filter(incident=incident),
    )
    assert {"Organisation.name", "User.first_name", "Incident.closure_reason", "Notice.reference"} <= set(
        fields
    )
    ap = notice_services.notice_refresh(actor=owner, notice_id=ap.pk)  # the draft takes the stored text again
    ap = Notice.objects.get(pk=ap.pk)
    assert any("processor-name" in str(p) for p in ap.content["sections"]["controller"]["processors"])
    for html in _documents(incident, ap, Notice.objects.get(pk=subjects.pk)):
        assert f'<img src="http://127.0.0.1:{port}' not in html and "<link href=" not in html
        rendered = html_to_pdf(html)
        text = pdf_text(rendered.pdf)
        assert rendered.refused == () and "root:x:" not in text
        assert embedded_files(rendered.pdf).startswith("0 embedded files")
    assert _Recorder.hits == []


def test_the_controller_alert_is_as_safe(server, owner, dpo, dpo2, client_org):
    port = server.server_address[1]
    client_org.name = short(port, "client")[:200]
    client_org.save()
    from tests.notifications.conftest import decided

    incident = decided(
        owner, dpo, our_role="processor", clients=[client_org], description=payload(port, "alert")
    )
    alert = notice_services.notice_draft(
        actor=owner, incident_id=incident.pk, kind="controller", client_id=client_org.pk
    )
    rendered = html_to_pdf(render_notice_html(alert))
    assert rendered.refused == () and "root:x:" not in pdf_text(rendered.pdf)
    poison_every_text_field(
        port,
        Organisation.objects.all(),
        User.objects.all(),
        Incident.objects.filter(pk=incident.pk),
        DpaTerms.objects.all(),
    )
    alert = notice_services.notice_refresh(actor=owner, notice_id=alert.pk)
    html = render_notice_html(Notice.objects.get(pk=alert.pk))
    assert f'<img src="http://127.0.0.1:{port}' not in html
    rendered = html_to_pdf(html)
    assert rendered.refused == () and "root:x:" not in pdf_text(rendered.pdf)
    assert '<img src="http://' in pdf_text(rendered.pdf)  # shown as the text it is
    assert _Recorder.hits == []


def test_even_markup_that_reached_the_renderer_could_not_fetch(server):
    """A template bug that let raw markup through still meets the fetcher: no request, no file, no attachment."""
    port = server.server_address[1]
    html = f"<html><body>{payload(port, 'raw')}<p>visible</p></body></html>"
    rendered = html_to_pdf(html)
    assert _Recorder.hits == []
    text = pdf_text(rendered.pdf)
    assert "visible" in text and "root:x:" not in text
    assert embedded_files(rendered.pdf).startswith("0 embedded files")
    refused = " ".join(rendered.refused)
    assert f"127.0.0.1:{port}/img-raw" in refused and "file:///etc/passwd" in refused


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://example.org/style.css",
        "ftp://example.org/x",
        INTERNAL_BASE_URL + "static/../../../../etc/passwd",
        INTERNAL_BASE_URL + "static/reports/%2e%2e/%2e%2e/settings.py",
        INTERNAL_BASE_URL + "static/datalek/app.js",  # a static file, but not a type documents load
        INTERNAL_BASE_URL + "media/evidence/1/x",
        "https://static.datalek.invalid.evil.example/static/reports/document.css",
    ],
)
def test_the_fetcher_refuses_everything_but_data_and_our_static_files(url):
    with pytest.raises(ResourceRefused):
        SafeURLFetcher().fetch(url)


def test_the_fetcher_reads_data_urls_and_our_stylesheet_from_disk():
    fetcher = SafeURLFetcher()
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    css = fetcher.fetch(INTERNAL_BASE_URL + "static/reports/document.css")
    assert b"@page" in css.read() and css.content_type == "text/css"


def test_the_fetcher_never_follows_a_redirect(server):
    port = server.server_address[1]
    with pytest.raises(ResourceRefused):
        SafeURLFetcher().fetch(f"http://127.0.0.1:{port}/redirect")
    with pytest.raises(ResourceRefused):
        SafeURLFetcher().open(f"http://127.0.0.1:{port}/redirect")
    assert _Recorder.hits == []
