"""Documents as a registry: one module per kind of document (reports/documents/<kind>.py), each with its template,
its language and its context; a stored document is rendered through the module registered for its kind."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from notifications.models import Notice
from reports import documents
from reports.documents import notice as notice_document
from reports.models import Document
from reports.rendering import render_document_html, render_notice_html


def test_every_kind_of_document_has_its_module():
    assert set(documents.KINDS) == set(Document.Kind.values)
    for kind, module in documents.KINDS.items():
        assert kind == module.KIND and documents.kind_of(kind) is module
        assert callable(module.language) and callable(module.page)
    with pytest.raises(LookupError, match="nothing"):
        documents.kind_of("nothing")


def test_a_stored_document_is_rendered_by_its_kinds_module_in_its_language(monkeypatch, org):
    seen = {}

    def page(document):
        seen["language"] = translation.get_language()  # the context is built in the document's language
        return "reports/_missing.html", {"provenance": {"a.b": "missing"}, "path": "a.b"}

    monkeypatch.setitem(
        documents.KINDS,
        Document.Kind.REGISTER,
        SimpleNamespace(KIND="register", language=lambda d: "fr", page=page),
    )
    html = render_document_html(Document(kind=Document.Kind.REGISTER, organisation=org))
    assert seen == {"language": "fr"}
    assert "tag-missing" in html and "<a" not in html  # a document never links to our pages


def test_the_notice_as_requested_is_a_copy_with_the_recorded_state(ap_notice):
    notice = ap_notice
    assert notice.status == Notice.Status.DRAFT and not notice.needs_late_reason
    filed = timezone.now() - timedelta(hours=1)
    then = notice_document.as_requested(
        notice,
        {"status": "filed", "filed_at": filed.isoformat(), "reference": "M-1", "needs_late_reason": True},
    )
    assert isinstance(then, Notice) and then is not notice and then.pk == notice.pk
    assert (then.status, then.filed_at, then.reference) == ("filed", filed, "M-1")
    assert then.needs_late_reason is True  # what was recorded stands, whatever the clock says now
    assert str(then.get_status_display()) == str(Notice.Status.FILED.label)
    # the notice itself is as it was
    assert (notice.status, notice.filed_at, notice.reference, notice.needs_late_reason) == (
        "draft",
        None,
        "",
        False,
    )
    assert notice_document.as_requested(notice, None) is notice
    with pytest.raises(TypeError):
        then.save()
    notice.refresh_from_db()
    assert notice.status == "draft"


def test_the_recorded_state_is_what_the_notice_says_when_the_document_is_asked(ap_notice):
    assert notice_document.state(ap_notice) == {
        "status": "draft",
        "filed_at": None,
        "reference": "",
        "needs_late_reason": False,
    }


def test_the_notice_document_of_a_stored_draft_equals_the_notice_rendered_now(ap_notice):
    document = Document(
        kind=Document.Kind.NOTICE,
        notice=ap_notice,
        incident=ap_notice.incident,
        organisation=ap_notice.incident.organisation,
        params={"notice": notice_document.state(ap_notice)},
    )
    assert render_document_html(document) == render_notice_html(ap_notice)
