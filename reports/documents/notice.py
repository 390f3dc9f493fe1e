"""A notice's document: an authority notice in its regulator's structure (AP, CNIL, GBA/APD, EDPB template), the
alert to a controller client, or the texts to the people / the public.

Its context reads the notice's content (frozen at approval, with what a person wrote into the regulator's form),
the finalised assessment it was built from (also frozen) and the notice's own record (phase, filing, reasons). The
same context feeds the HTML preview, the PDF and the portal's download (``reports.rendering.render_notice_html``).

A stored document shows the notice as it was when the document was asked for: its status, filing and lateness are
recorded with the document (``state``) and put back on a copy of the notice (``as_requested``), so that rendering
it again later gives the same bytes however the notice moved on.
"""

from __future__ import annotations

import copy
from typing import Any

from django.utils.dateparse import parse_datetime

from notifications.authorities import by_code
from notifications.models import Notice
from reports import selectors
from reports.models import Document
from reports.regulators import completeness, gba, mark_labels, status_word

KIND = Document.Kind.NOTICE


def template(notice: Notice) -> str:
    form = selectors.notice_form(notice)
    if notice.kind == Notice.Kind.AUTHORITY:
        return f"reports/authority/{form}.html"
    if notice.kind == Notice.Kind.CONTROLLER:
        return "reports/controller_alert.html"
    return "reports/notice_texts.html"


def context(notice: Notice) -> dict[str, Any]:
    form = selectors.notice_form(notice)
    language = selectors.notice_language(notice)
    incident = notice.incident
    built: dict[str, Any] = {
        "doc": selectors.document_meta(
            kind=form,
            reference=incident.reference,
            language=language,
            version=selectors.notice_version(notice),
            created=notice.approved_at or notice.drafted_at,
            author=(notice.on_behalf_of or incident.organisation).name,
        ),
        "notice": notice,
        "incident": incident,
        "parent": notice.parent,
        "approved": bool(notice.content_sha256),
        "root": notice.root,
    }
    if notice.kind == Notice.Kind.AUTHORITY:
        answers = selectors.authority_form(notice)
        built |= {
            "authority": by_code(notice.authority),
            "part": gba.part_of(notice),
            "form": answers,
            "marks": mark_labels(form, language),
            "status_word": status_word(form, language, notice.status),
            "missing": answers.missing,
            "completeness": completeness.for_notice(form, answers, notice, language),
            "structure_source": completeness.STRUCTURE_SOURCE.get(form, ""),
        }
    elif notice.kind == Notice.Kind.CONTROLLER:
        built |= {
            "sections": notice.content.get("sections", {}),
            "provenance": notice.content.get("provenance", {}),
        }
        built["missing"] = [p for p, m in built["provenance"].items() if m == "missing"]
    else:
        # a notice told by group says the data concerned per group told (each person reads their own group's)
        group_texts = notice.content.get("group_texts", {})
        built["texts"] = [
            (language, texts, list(group_texts.get(language, {}).items()))
            for language, texts in sorted(notice.content.get("texts", {}).items())
        ]
    return built


def state(notice: Notice) -> dict[str, Any]:
    """What a notice's document shows that may change after approval — its status, the filing and whether it is
    late — as it is when a document is asked for: kept with the document (``params["notice"]``)."""
    return {
        "status": notice.status,
        "filed_at": notice.filed_at.isoformat() if notice.filed_at else None,
        "reference": notice.reference,
        "needs_late_reason": notice.needs_late_reason,
    }


def as_requested(notice: Notice, recorded: dict[str, Any] | None) -> Notice:
    """The notice as it was when its document was asked for: a copy with the recorded state (the content is
    frozen at approval; a draft's document shows the draft). The notice itself is left as it is."""
    if not recorded:
        return notice
    then = copy.copy(notice)
    # The status is the state machine's, protected against assignment on a notice that may be saved; this copy is
    # only ever read (saving it fails), so the recorded status is put in place beneath the guard.
    vars(then)["status"] = recorded["status"]
    then.save = _never_saved
    then.filed_at = parse_datetime(recorded["filed_at"]) if recorded["filed_at"] else None
    then.reference = recorded["reference"]
    then.recorded_needs_late_reason = recorded["needs_late_reason"]
    return then


def _never_saved(*args: Any, **kwargs: Any) -> None:
    raise TypeError("A notice as requested for a document is a copy to read, never to save.")


def language(document: Document) -> str:
    return selectors.notice_language(document.notice)


def page(document: Document) -> tuple[str, dict[str, Any]]:
    notice = as_requested(document.notice, document.params.get("notice"))
    return template(notice), context(notice)
