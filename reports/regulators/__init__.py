"""Each regulator's own document structure: ``build(source)`` gives the sections of numbered questions."""

from __future__ import annotations

from reports.regulators import ap, cnil, edpb, gba
from reports.regulators.common import CHOICE, MULTI, TEXT, Form, Source
from reports.regulators.edpb_labels import LABELS

__all__ = [
    "CHOICE",
    "MULTI",
    "TEXT",
    "Form",
    "Source",
    "build_form",
    "form_language",
    "mark_labels",
    "status_word",
]


def build_form(form: str, source: Source) -> Form:
    if form == "ap":
        return ap.build(source)
    if form == "cnil":
        return cnil.build(source)
    if form == "gba":
        return gba.build(source)
    return edpb.build(source, language="en")


def form_language(form: str, notice) -> str:
    """The AP document is always Dutch, the CNIL one always French, the GBA one Dutch or French as the notice,
    the EDPB template English."""
    return {"ap": ap.LANGUAGE, "cnil": cnil.LANGUAGE, "gba": gba.language_of(notice)}.get(form, "en")


def status_word(form: str, language: str, status: str) -> str:
    """The notice's status in the document's own language (the regulator documents do not use our .po files)."""
    if form == "ap":
        return ap.STATUS.get(status, status)
    if form == "cnil":
        return cnil.STATUS.get(status, status)
    labels = LABELS[language if language in LABELS else "en"]
    return labels.get(f"status_{status}", status)


def mark_labels(form: str, language: str) -> dict[str, str]:
    if form == "ap":
        return ap.MARKS
    if form == "cnil":
        return cnil.MARKS
    labels = LABELS[language if language in LABELS else "en"]
    return {key: labels[key] for key in ("recorded", "derived", "missing")}
