"""Every write of the reports app: asking for a document (a row, queued, rendered after commit by a Celery task),
recording the rendering's outcome with the file's SHA-256 in the incident's audit trail, marking a batch of
letters as posted, and recording answers straight into a regulator's form on an authority notice's draft."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datalek.errors import DomainError
from datalek.task_queue import enqueue
from delivery import outbox
from delivery.models import Delivery
from incidents.lock_objects import incident_lock, organisation_lock
from incidents.models import Organisation, User
from incidents.roles import is_team_member
from incidents.selectors import incident_get
from notifications import selectors as notice_selectors
from notifications import services as notice_services
from notifications.models import Notice
from reports import events, letters, register, regulators, selectors
from reports.documents import notice as notice_document
from reports.documents import obligation_report as obligation_report_document
from reports.error_codes import ReportErrorCode as Code
from reports.models import Document
from reports.regulators import edpb_import as reading
from reports.regulators import edpb_template
from risk import selectors as risk_selectors
from risk import services as risk_services

logger = logging.getLogger(__name__)
RENDER_LEASE = timedelta(minutes=15)  # a claim older than this belongs to a worker that died: take it again
LANGUAGES = ("nl", "fr", "en")


DOCUMENT_RENDER = "reports.tasks.document_render"  # the task that calls document_render (reports/tasks.py)


def _queue(document: Document) -> None:
    # Kept in the database while the broker is unreachable, handed over when it is back.
    transaction.on_commit(lambda: enqueue(DOCUMENT_RENDER, document_id=document.pk))


def _new(*, scope: str, **fields) -> Document:
    """The next version in ``scope``; the caller holds the lock that serialises requests for it."""
    latest = Document.objects.filter(scope=scope).aggregate(v=Max("version"))["v"] or 0
    document = Document.objects.create(
        scope=scope,
        version=latest + 1,
        storage_key=uuid.uuid4().hex,
        requested_at=timezone.now(),
        **fields,
    )
    _queue(document)
    return document


def _language(language: str, fallback: str) -> str:
    return language if language in LANGUAGES else fallback


@transaction.atomic
def document_request(
    *,
    actor: User,
    incident_id: int,
    kind: str,
    notice_id: int | None = None,
    report_id: int | None = None,
    language: str = "",
) -> Document:
    """Ask for a notice's document, the incident report or the document of a report of an obligation beside the
    GDPR. The security team and the DPO of the incident's organisation may; the PDF is made by a worker after
    commit."""
    incident = incident_get(actor, incident_id)  # 404 for anyone outside the organisation
    incident = incident_lock(incident.pk)
    if kind == Document.Kind.NOTICE:
        notice = selectors.notice_for(incident, notice_id)
        return _new(
            scope=f"notice:{notice.pk}",
            kind=kind,
            organisation_id=incident.organisation_id,
            incident=incident,
            notice=notice,
            language=selectors.notice_language(notice),
            params={"notice": notice_document.state(notice)},
            requested_by=actor,
        )
    if kind == Document.Kind.INCIDENT_REPORT:
        language = _language(language, incident.organisation.language)
        return _new(
            scope=f"incident:{incident.pk}:{language}",
            kind=kind,
            organisation_id=incident.organisation_id,
            incident=incident,
            language=language,
            params={"audit_sequence": incident.audit_event_count},
            requested_by=actor,
        )
    if kind == Document.Kind.OBLIGATION_REPORT:
        report = selectors.obligation_report_for(incident, report_id)
        language = _language(language, obligation_report_document.recipient_language(report.obligation))
        said = obligation_report_document.content_in(report, language)
        return _new(
            scope=f"obligation_report:{report.pk}:{language}",
            kind=kind,
            organisation_id=incident.organisation_id,
            incident=incident,
            language=language,
            params={"obligation_report": report.pk, "content": said},
            requested_by=actor,
        )
    raise DomainError(
        Code.INVALID, _("Unknown kind of document."), fields={"kind": [_("Unknown kind of document.")]}
    )


@transaction.atomic
def letters_request(*, actor: User, incident_id: int, notice_id: int) -> list[Document]:
    """The letters of a notice to the people, for everyone on the list without an e-mail address: one document
    per batch of letters still to print (Art. 34)."""
    incident = incident_lock(incident_get(actor, incident_id).pk)
    notice = selectors.notice_for(incident, notice_id)
    if notice.kind != Notice.Kind.SUBJECTS:
        raise DomainError(Code.NO_LETTERS, _("Letters are made for a notice to the people."), status=409)
    found = letters.batches(notice)
    if not found:
        raise DomainError(
            Code.NO_LETTERS,
            _(
                "There are no letters to print: send the notice first; people without an e-mail address get a letter."
            ),
            status=409,
        )
    return [
        _new(
            scope=f"letters:{notice.pk}:{batch.first_id}",
            kind=Document.Kind.LETTERS,
            organisation_id=incident.organisation_id,
            incident=incident,
            notice=notice,
            params=batch.as_params(),
            requested_by=actor,
        )
        for batch in found
    ]


@transaction.atomic
def register_request(
    *, actor: User, organisation_id: int | None, period: register.Period, language: str = ""
) -> Document:
    """The breach register of one of the actor's organisations for a period, as a PDF (the CSV is streamed)."""
    organisation: Organisation = selectors.team_organisation(actor, organisation_id)
    organisation = organisation_lock(organisation.pk)
    count = register.incidents_in(organisation, period).count()
    if count > register.PDF_MAX_ROWS:
        raise DomainError(
            Code.TOO_LARGE,
            _(
                "The period holds %(n)s incidents; the PDF shows at most %(max)s. Choose a shorter period, or export the CSV."
            )
            % {"n": count, "max": register.PDF_MAX_ROWS},
            status=409,
        )
    language = _language(language, organisation.language)
    return _new(
        scope=f"register:{organisation.pk}",
        kind=Document.Kind.REGISTER,
        organisation=organisation,
        language=language,
        params=period.as_params(),
        requested_by=actor,
    )


# --- rendering (the task's work) ---------------------------------------------------------------------------


def _claim(document_id: int) -> bool:
    now = timezone.now()
    claimable = Q(status=Document.Status.QUEUED) | Q(
        status=Document.Status.RENDERING, started_at__lt=now - RENDER_LEASE
    )
    return bool(
        Document.objects.filter(claimable, pk=document_id).update(
            status=Document.Status.RENDERING, started_at=now
        )
    )


def document_render(document_id: int) -> str:
    """Render a queued document, store the file and record its SHA-256 (in the audit trail for an incident's
    documents). Returns the document's status. Safe to run twice: only the holder of the claim renders."""
    from reports.rendering import render_document  # WeasyPrint is loaded only where a document is rendered

    if not _claim(document_id):
        return Document.objects.filter(pk=document_id).values_list("status", flat=True).first() or "missing"
    document = Document.objects.select_related("incident__organisation", "notice", "organisation").get(
        pk=document_id
    )
    try:
        rendered = render_document(document)
    except Exception as exc:  # a failed rendering is recorded and shown; the worker carries on
        logger.exception("Rendering document %s failed", document_id)
        Document.objects.filter(pk=document_id).update(
            status=Document.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return Document.Status.FAILED
    return _store(document, rendered.pdf, rendered.pages)


def _store(document: Document, pdf: bytes, pages: int) -> str:
    document.file.save(f"{document.storage_key}.pdf", ContentFile(pdf), save=False)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.size, document.pages = len(pdf), pages
    document.status, document.error, document.rendered_at = Document.Status.READY, "", timezone.now()
    with transaction.atomic():
        incident = incident_lock(document.incident_id) if document.incident_id else None
        document.save(update_fields=["file", "sha256", "size", "pages", "status", "error", "rendered_at"])
        if incident is not None:
            events.document_rendered_event(incident=incident, actor=document.requested_by, document=document)
    return document.status


# --- letters -----------------------------------------------------------------------------------------------

POSTABLE_ONLY = gettext_lazy("Only a rendered batch of letters can be marked as posted.")


def letters_mark_posted(*, actor: User, document_id: int) -> Document:
    """A batch of letters was printed and posted: its deliveries are sent (the notice is done once nothing is left
    to send), and the audit trail says so."""
    with transaction.atomic():
        document = selectors.document_get(actor, document_id)
        # Asked before any lock: a register PDF has no incident to lock, and a kind never changes.
        if document.kind != Document.Kind.LETTERS:
            raise DomainError(Code.NOT_LETTERS, POSTABLE_ONLY, status=409)
        incident = incident_lock(document.incident_id)
        if not is_team_member(incident, actor):
            raise DomainError(Code.NOT_FOUND, _("No such document."), status=404)
        document = Document.objects.select_for_update().get(pk=document.pk)
        _require_postable(document)
        now = timezone.now()
        count = (
            letters.batch_deliveries(document.notice, document.params)
            .filter(status=Delivery.Status.TO_PRINT)
            .update(status=Delivery.Status.SENT, sent_at=now)
        )
        document.posted_by, document.posted_at = actor, now
        document.save(update_fields=["posted_by", "posted_at"])
        events.letters_posted_event(incident=incident, actor=actor, document=document, count=count)
        notice_id = document.notice_id
        transaction.on_commit(lambda: outbox.complete_if_done(notice_id))
        return document


def _require_postable(document: Document) -> None:
    if document.status != Document.Status.READY:
        raise DomainError(Code.NOT_READY, POSTABLE_ONLY, status=409)
    if document.posted_at is not None:
        raise DomainError(
            Code.ALREADY_POSTED,
            _("This batch was marked as posted on %(when)s.")
            % {"when": timezone.localtime(document.posted_at)},
            status=409,
        )


@transaction.atomic
def letters_purge(*, incident_id: int, actor: User | None = None) -> int:
    """Letters hold the names and addresses of the affected-people list: when that list is purged, the letters' files
    go with it. The rows and their SHA-256 stay, as the audit trail refers to them. Returns the number purged."""
    incident = incident_lock(incident_id)
    documents = list(
        Document.objects.select_for_update()
        .filter(incident=incident, kind=Document.Kind.LETTERS)
        .exclude(status=Document.Status.PURGED)
    )
    for document in documents:
        if document.file:
            document.file.delete(save=False)
        document.status = Document.Status.PURGED
        document.save(update_fields=["file", "status"])
    if documents:
        events.letters_purged_event(incident=incident, actor=actor, documents=documents)
    return len(documents)


# --- answers written into a regulator's form ------------------------------------------------------------------

FORM_TEXT_MAX = 2000


def notice_form_record(*, actor: User, notice_id: int, answers: Mapping[str, Any]) -> Notice:
    """Record answers of an authority notice's draft straight into its regulator's form, by the answer's key:
    what our data cannot say (the AP's kind of incident, the reporter's function and phone, the CNIL's origin …)
    or a derived answer a person corrects. A value is a text, one of the form's options or a list of them; None or
    empty takes the recorded answer back. Refused with the offending keys named, changing nothing."""
    notice = notice_selectors.notice_get(actor, notice_id)  # 404 for anyone outside the organisation
    if notice.kind != Notice.Kind.AUTHORITY:
        raise DomainError(Code.INVALID, _("Only a notice to an authority has a form to answer."), status=409)
    editable = {a.key: a for a in selectors.authority_form(notice).editable}
    clean, errors = {}, {}
    for key, value in answers.items():
        answer = editable.get(key)
        if answer is None:
            errors[key] = [_("There is no question “%(key)s” to answer on this form.") % {"key": key}]
            continue
        try:
            clean[key] = _form_value(answer, value)
        except ValueError as exc:
            errors[key] = [str(exc)]
    if errors:
        raise DomainError(Code.INVALID, _("Some answers are not valid."), fields=errors)
    return notice_services.notice_edit(actor=actor, notice_id=notice.pk, form_answers=clean)


def _form_value(answer, value: Any) -> str | list[str] | None:
    if value in (None, "", []):
        return None
    if answer.input == regulators.TEXT:
        if not isinstance(value, str):
            raise ValueError(_("Write a text."))
        if len(value.strip()) > FORM_TEXT_MAX:
            raise ValueError(_("At most %(n)d characters.") % {"n": FORM_TEXT_MAX})
        return value.strip() or None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(_("Choose from the form's options."))
    unknown = [v for v in values if v not in answer.options]
    if unknown or (answer.input == regulators.CHOICE and len(values) > 1):
        raise ValueError(
            _("Choose one of the form's options.")
            if answer.input == regulators.CHOICE
            else _("Choose from the form's options.")
        )
    if answer.input == regulators.CHOICE:
        return values[0]
    return [option for option in answer.options if option in values]  # the form's order


# --- the EDPB template's JSON, read back into breach facts -------------------------------------------------------

# A breach fact the import filled, by the template's field number: how a refusal of the facts names its field.
IMPORT_FIELDS = {
    "nature": "55",
    "confidentiality": "56",
    "cause": "61",
    "integrity": "58",
    "availability": "59",
    "subject_categories": "65",
    "subjects_count": "68",
    "data_categories": "70",
}


@transaction.atomic
def edpb_import(*, actor: User, incident_id: int, data: Any) -> tuple[Any, Any]:
    """Fill the breach facts a notice in the EDPB template's JSON gives into the incident's draft risk assessment
    (a new draft after the last finalised version), each marked *derived*: a person checks them before the
    assessment is finalised. Refused, changing nothing, when the document is not valid against the template's
    schema (each error under its field number), fills no fact, or the facts it gives are not valid."""
    incident = incident_get(actor, incident_id)  # 404 outside the organisation, whatever the body
    errors = edpb_template.validation_errors(data)
    if errors:
        raise DomainError(Code.INVALID, _("The document does not follow the EDPB template."), fields=errors)
    imported = reading.facts_from(data, risk_selectors.starting_facts(incident))
    if not imported.filled:
        raise DomainError(
            Code.INVALID,
            _(
                "The document answers none of the fields that fill breach facts (55, 56, 58, 59, 61, 65, 68, 70)."
            ),
            fields={"fields": [_("No breach fact to fill.")]},
        )
    try:
        draft = risk_services.assessment_run(actor=actor, incident_id=incident.pk, facts=imported.facts)
    except ValidationError as exc:
        raise DomainError(
            Code.INVALID, _("The breach facts are not complete or not valid."), fields=_by_field(exc)
        ) from exc
    marks = dict(draft.provenance)
    for path in imported.filled:
        if path in marks and marks[path] != regulators.common.MISSING:
            marks[path] = regulators.common.DERIVED
    draft.provenance = marks
    draft.save(update_fields=["provenance"])
    return draft, imported


def _by_field(exc: ValidationError) -> dict[str, list[str]]:
    """The facts' errors, under the template's field number where the import filled that fact
    (``groups[0].subjects_count`` → 68), else under the fact's own path (a fact the document does not give)."""
    fields: dict[str, list[str]] = {}
    for path, messages in exc.message_dict.items():
        leaf = path.split(".")[-1].split("[")[0]
        fields.setdefault(IMPORT_FIELDS.get(leaf, path), []).extend(messages)
    return fields
