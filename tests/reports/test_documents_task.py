"""Documents are asked for, rendered by a Celery task after commit (eager in the tests), stored with their SHA-256,
and the hash goes into the incident's audit trail. Re-rendering the same version gives the same bytes."""

import hashlib
import os

import pytest
from django.utils import timezone

from datalek.errors import DomainError
from delivery import services as delivery_services
from delivery.models import Delivery
from incidents.audit import verify_chain
from incidents.models import IncidentEvent
from notifications import services as notice_services
from notifications.models import Notice
from people.subjects import subjects_import_csv
from reports import services
from reports.models import Document
from reports.register import Period
from reports.rendering import render_document
from tests.reports.conftest import approved, pdf_text


def _request(django_capture_on_commit_callbacks, **kwargs) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(**kwargs)
    document.refresh_from_db()
    return document


def test_a_requested_notice_document_is_rendered_stored_hashed_and_audited(
    ap_notice, owner, django_capture_on_commit_callbacks
):
    document = _request(
        django_capture_on_commit_callbacks,
        actor=owner,
        incident_id=ap_notice.incident_id,
        kind="notice",
        notice_id=ap_notice.pk,
    )
    assert document.status == "ready" and document.version == 1 and document.language == "nl"
    stored = document.file.read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256 and document.size == len(stored)
    assert document.pages >= 3 and "Melding datalek" in pdf_text(stored)
    assert not document.file.name.startswith("/") and document.file.name.startswith(
        f"documents/{document.organisation_id}/"
    )
    event = IncidentEvent.objects.filter(incident=ap_notice.incident, kind="document_rendered").get()
    assert event.data["sha256"] == document.sha256 and event.data["document"] == document.pk
    assert event.actor == owner
    incident = ap_notice.incident
    incident.refresh_from_db()
    assert verify_chain(incident, list(incident.events.order_by("sequence"))) == []


def test_the_same_version_renders_to_the_same_bytes_and_a_new_version_of_unchanged_content_too(
    ap_notice, owner, dpo2, django_capture_on_commit_callbacks
):
    notice = approved(ap_notice, owner, dpo2)
    kwargs = {"actor": owner, "incident_id": notice.incident_id, "kind": "notice", "notice_id": notice.pk}
    first = _request(django_capture_on_commit_callbacks, **kwargs)
    assert render_document(first).pdf == first.file.read()  # re-render of the stored version: the same bytes
    second = _request(django_capture_on_commit_callbacks, **kwargs)
    assert (second.version, second.sha256) == (
        2,
        first.sha256,
    )  # approved content is frozen: the same document


def test_a_stored_notice_document_renders_again_to_its_bytes_after_the_notice_is_filed(
    ap_notice, owner, dpo, dpo2, django_capture_on_commit_callbacks
):
    notice = approved(ap_notice, owner, dpo2)
    kwargs = {"actor": owner, "incident_id": notice.incident_id, "kind": "notice", "notice_id": notice.pk}
    before = _request(django_capture_on_commit_callbacks, **kwargs)
    assert before.params["notice"]["status"] == "approved"
    notice_services.notice_file(
        actor=dpo,
        notice_id=notice.pk,
        filed_at=timezone.now(),
        reference="M-2026-31415",
        acknowledge_missing=True,
    )
    again = render_document(Document.objects.get(pk=before.pk)).pdf
    assert hashlib.sha256(again).hexdigest() == before.sha256  # the stored version still verifies
    assert "goedgekeurd, nog niet ingediend" in pdf_text(again) and "M-2026-31415" not in pdf_text(again)
    after = _request(django_capture_on_commit_callbacks, **kwargs)
    assert after.sha256 != before.sha256 and "meldingsnummer AP M-2026-31415" in pdf_text(after.file.read())


def test_the_incident_report_ends_at_the_audit_event_it_was_asked_at(
    ap_notice, owner, django_capture_on_commit_callbacks
):
    incident = ap_notice.incident
    incident.refresh_from_db()
    at = incident.audit_event_count
    document = _request(
        django_capture_on_commit_callbacks,
        actor=owner,
        incident_id=incident.pk,
        kind="incident_report",
        language="en",
    )
    head = IncidentEvent.objects.get(incident=incident, sequence=at)
    text = pdf_text(document.file.read())
    assert document.params == {"audit_sequence": at}
    assert f"up to event #{at}" in text and head.hash in text.replace(" ", "")
    assert render_document(document).pdf == document.file.open("rb").read()  # later events do not change it


def test_a_failed_rendering_is_recorded_with_its_error(
    ap_notice, owner, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(document):
        raise RuntimeError("fonts are missing")

    monkeypatch.setattr("reports.rendering.render_document", broken)
    document = _request(
        django_capture_on_commit_callbacks,
        actor=owner,
        incident_id=ap_notice.incident_id,
        kind="notice",
        notice_id=ap_notice.pk,
    )
    assert document.status == "failed" and "fonts are missing" in document.error and not document.sha256
    assert not IncidentEvent.objects.filter(incident=ap_notice.incident, kind="document_rendered").exists()


def test_a_document_is_rendered_once_however_often_the_task_runs(
    ap_notice, owner, django_capture_on_commit_callbacks
):
    document = _request(
        django_capture_on_commit_callbacks,
        actor=owner,
        incident_id=ap_notice.incident_id,
        kind="notice",
        notice_id=ap_notice.pk,
    )
    assert services.document_render(document.pk) == "ready"
    assert IncidentEvent.objects.filter(incident=ap_notice.incident, kind="document_rendered").count() == 1


def test_nothing_is_queued_when_the_request_is_refused(
    ap_notice, outsider, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError) as refused, django_capture_on_commit_callbacks() as callbacks:
        services.document_request(
            actor=outsider, incident_id=ap_notice.incident_id, kind="notice", notice_id=ap_notice.pk
        )
    assert refused.value.status == 404 and callbacks == [] and not Document.objects.exists()


@pytest.fixture
def letters_notice(ap_notice, owner, dpo2):
    rows = (
        "name,email,postal_address,language\n"
        'Anna de Vries,,"Dorpsstraat 1\n1234 AB Ergenshuizen",nl\n'
        'Jean Dupont,,"2 rue de la Paix\n75002 Paris",fr\n'
        'Ben Smith,,"1 High Street\nLondon",en\n'
        "Els Janssen,els@example.org,,nl\n"
    )
    subjects_import_csv(actor=owner, incident_id=ap_notice.incident_id, data=rows.encode())
    notice = notice_services.notice_draft(actor=owner, incident_id=ap_notice.incident_id, kind="subjects")
    notice = approved(notice, owner, dpo2)
    delivery_services.notice_send(actor=owner, notice_id=notice.pk)
    return notice


def test_letters_are_made_in_batches_one_page_per_person_in_their_language(
    letters_notice, owner, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        batches = services.letters_request(
            actor=owner, incident_id=letters_notice.incident_id, notice_id=letters_notice.pk
        )
    assert len(batches) == 1
    document = Document.objects.get(pk=batches[0].pk)
    assert document.status == "ready" and document.params["count"] == 3 and document.pages == 3
    text = pdf_text(document.file.read())
    for line in (
        "Anna de Vries",
        "Dorpsstraat 1",
        "Jean Dupont",
        "75002 Paris",
        "Ben Smith",
        "1 High Street",
    ):
        assert line in text
    assert "Els Janssen" not in text  # she gets an e-mail
    assert "Beste Anna de Vries," in text and "Bonjour Jean Dupont," in text and "Dear Ben Smith," in text
    assert "Met vriendelijke groet" in text and "Cordialement" in text


def test_batches_split_the_letters_and_a_posted_batch_marks_its_deliveries_sent(
    letters_notice, owner, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("reports.letters.LETTER_BATCH_SIZE", 2)
    with django_capture_on_commit_callbacks(execute=True):
        batches = services.letters_request(
            actor=owner, incident_id=letters_notice.incident_id, notice_id=letters_notice.pk
        )
    assert [b.params["count"] for b in batches] == [2, 1]
    with django_capture_on_commit_callbacks(execute=True):
        services.letters_mark_posted(actor=owner, document_id=batches[0].pk)
    first = batches[0].params
    post = Delivery.objects.filter(notice=letters_notice, channel="post")
    in_batch = post.filter(id__gte=first["first_id"], id__lte=first["last_id"])
    assert list(in_batch.values_list("status", flat=True)) == ["sent", "sent"]
    assert list(post.exclude(pk__in=in_batch).values_list("status", flat=True)) == ["to_print"]
    event = IncidentEvent.objects.filter(incident=letters_notice.incident, kind="letters_posted").get()
    assert event.data["letters"] == 2 and event.data["document"] == batches[0].pk
    with pytest.raises(DomainError) as twice:
        services.letters_mark_posted(actor=owner, document_id=batches[0].pk)
    assert twice.value.code == "already_posted"


def test_no_letters_without_people_to_write_to(ap_notice, owner, dpo2):
    subjects_import_csv(
        actor=owner,
        incident_id=ap_notice.incident_id,
        data=b"name,email,postal_address,language\nEls,els@example.org,,nl\n",
    )
    notice = approved(
        notice_services.notice_draft(actor=owner, incident_id=ap_notice.incident_id, kind="subjects"),
        owner,
        dpo2,
    )
    with pytest.raises(DomainError) as refused:
        services.letters_request(actor=owner, incident_id=notice.incident_id, notice_id=notice.pk)
    assert refused.value.code == "no_letters"
    assert Notice.objects.get(pk=notice.pk).status == "approved"


def test_the_register_pdf_is_rendered_for_the_organisation(
    ap_notice, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.register_request(
            actor=owner, organisation_id=None, period=Period.default(), language="en"
        )
    document.refresh_from_db()
    assert (
        document.status == "ready"
        and document.incident is None
        and document.scope == f"register:{document.organisation_id}"
    )
    text = pdf_text(document.file.read())
    assert (
        "Breach register" in text
        and ap_notice.incident.reference in text
        and "Incidents per month by nature" in text
    )


def test_the_audit_trail_shows_the_rendered_documents_hash(
    client, ap_notice, owner, django_capture_on_commit_callbacks
):
    document = _request(
        django_capture_on_commit_callbacks,
        actor=owner,
        incident_id=ap_notice.incident_id,
        kind="notice",
        notice_id=ap_notice.pk,
    )
    client.force_login(owner)
    timeline = client.get(f"/incidents/{ap_notice.incident_id}/timeline/").content.decode()
    assert "Document rendered" in timeline and f'title="SHA-256 {document.sha256}"' in timeline


def test_letters_go_with_the_list_of_affected_people_but_their_hashes_stay(
    letters_notice, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (batch,) = services.letters_request(
            actor=owner, incident_id=letters_notice.incident_id, notice_id=letters_notice.pk
        )
    batch.refresh_from_db()
    path = batch.file.path
    assert services.letters_purge(incident_id=letters_notice.incident_id) == 1
    batch.refresh_from_db()
    assert batch.status == "purged" and not batch.file and len(batch.sha256) == 64
    assert not os.path.exists(path)
    event = IncidentEvent.objects.filter(incident=letters_notice.incident, kind="letters_purged").get()
    assert event.data["sha256"] == [batch.sha256]
    assert services.letters_purge(incident_id=letters_notice.incident_id) == 0
