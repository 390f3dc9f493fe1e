"""The engine's reasons and ENISA bases in the reader's language.

The engine (risk/engine, no Django) words every reason as a message — a template marked ``N_`` and parameters that
are numbers, vocabulary codes or nested messages — and stores it with the assessment next to its English text
(``Decision.to_record``). Here the same message is said in the active language (incidents/saying.py: the template
through the gettext catalogue, numbers in the locale's format, plural forms through ``ngettext``), with codes said
through the labels the assessment form already has for the breach-facts vocabulary (risk/forms.py).

Whatever cannot be said — an assessment stored before messages existed, a template the catalogue does not hold
(e.g. wording changed in a later engine version) — falls back to the stored English text, never to a mix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, gettext_lazy, gettext_noop, pgettext_lazy

from incidents import saying
from incidents.models import Incident
from risk.engine.messages import COMMA_LISTS, ENGLISH_NAMES, IDENTIFIERS, capfirst
from vocabulary import codes as vocabulary

SEVERITY_LEVELS = {
    "low": pgettext_lazy("ENISA severity level", "low"),
    "medium": pgettext_lazy("ENISA severity level", "medium"),
    "high": pgettext_lazy("ENISA severity level", "high"),
    "very high": pgettext_lazy("ENISA severity level", "very high"),
}

# The engine's rules (risk/engine/rules.py, RULES.md) by name, for a reader: a sentence such as "… but %(rules)s
# leads to 'high'" and the reasons of the risk panel say these, never the code.
RULE_LABELS: dict[str, Any] = {
    "confidentiality_not_affected": pgettext_lazy("risk rule", "confidentiality not affected"),
    "unintelligible_data": pgettext_lazy("risk rule", "unintelligible data"),
    "protection_ineffective": pgettext_lazy("risk rule", "ineffective protection"),
    "trusted_recipient": pgettext_lazy("risk rule", "trusted recipient"),
    "minor_consequences": pgettext_lazy("risk rule", "minor consequences"),
    "deletion_unverified": pgettext_lazy("risk rule", "deletion not verified"),
    "confidentiality_exposure": pgettext_lazy("risk rule", "exposure of the data"),
    "special_category_data": pgettext_lazy("risk rule", "special categories of data"),
    "identity_fraud_data": pgettext_lazy("risk rule", "data for identity fraud"),
    "credentials_exposed": pgettext_lazy("risk rule", "credentials exposed"),
    "likely_harm": pgettext_lazy("risk rule", "likely harm"),
    "vulnerable_subjects": pgettext_lazy("risk rule", "vulnerable people"),
    "enisa_severity": pgettext_lazy("risk rule", "ENISA severity"),
    "integrity_not_affected": pgettext_lazy("risk rule", "integrity not affected"),
    "integrity_restored": pgettext_lazy("risk rule", "integrity restored"),
    "integrity_loss": pgettext_lazy("risk rule", "loss of integrity"),
    "integrity_misuse": pgettext_lazy("risk rule", "misuse of altered data"),
    "availability_not_affected": pgettext_lazy("risk rule", "availability not affected"),
    "availability_restored": pgettext_lazy("risk rule", "availability restored"),
    "availability_loss": pgettext_lazy("risk rule", "loss of availability"),
    "severe_unavailability": pgettext_lazy("risk rule", "severe unavailability"),
}


def rule_label(code: str) -> str:
    """A rule's name in the active language ("" for a code that is not a rule, e.g. a verdict's)."""
    label = RULE_LABELS.get(code)
    return "" if label is None else str(label)


# The breach-facts vocabularies, by the name the engine gives them, with the labels of the assessment form.
VOCABULARIES: dict[str, Mapping[str, Any]] = {
    "data_category": dict(vocabulary.DATA_CATEGORIES),
    "subject_category": dict(vocabulary.SUBJECT_CATEGORIES),
    "recipients": dict(vocabulary.RECIPIENTS),
    "confidentiality": dict(vocabulary.CONFIDENTIALITY),
    "cause": dict(vocabulary.CAUSES),
    "identifiability": dict(vocabulary.IDENTIFIABILITY),
    "protection": dict(
        vocabulary.HASHING_LEVELS
    ),  # the encryption's levels, and "not applicable" for hashing
    "backup": dict(vocabulary.BACKUP),
    "availability_loss": dict(vocabulary.AVAILABILITY_LOSS),
    "availability_impact": dict(vocabulary.AVAILABILITY_IMPACT),
    "integrity_loss": dict(vocabulary.INTEGRITY_LOSS),
    "sector": dict(vocabulary.SECTORS),
    "holder": dict(vocabulary.HOLDERS),
    "risk": dict(Incident.RiskLevel.choices),
    "severity": SEVERITY_LEVELS,
    "rule": RULE_LABELS,
}

# Art. 4 has definitions ("Art. 4(7)" is its point 7, not a paragraph): cited as written.
_ARTICLE = re.compile(r"Art\. (?P<article>(?!4\()\d+)(?:\((?P<paragraph>\d+)\))?(?:\((?P<point>[a-z])\))?")


_is_source_language = saying.is_source_language


def article_text(article: str) -> str:
    """ "Art. 33(1), Art. 34(3)(a)" as the active language cites the GDPR (the AP's "art. 33 lid 1 AVG", the
    CNIL's "article 33, paragraphe 1, du RGPD"); anything else in the string is left as it is."""

    def cite(match: re.Match[str]) -> str:
        parts = match.groupdict()
        if parts["point"]:
            # Translators: a GDPR article with paragraph and point, e.g. "Art. 34(3)(a)".
            return gettext("Art. %(article)s(%(paragraph)s)(%(point)s)") % parts
        if parts["paragraph"]:
            # Translators: a GDPR article with paragraph, e.g. "Art. 33(1)".
            return gettext("Art. %(article)s(%(paragraph)s)") % parts
        # Translators: a GDPR article, e.g. "Art. 10".
        return gettext("Art. %(article)s") % parts

    return article if _is_source_language() else _ARTICLE.sub(cite, article or "")


class _Speaker(saying.CatalogueSpeaker):
    """Says an engine message in the active language, its codes with the assessment form's labels; rules by their
    names (a group's label as the assessor wrote it), exemptions as the articles they invoke, and lists of those
    with commas only."""

    labels = VOCABULARIES

    def code(self, vocab: str, code: str) -> str:
        if vocab in IDENTIFIERS and vocab not in self.labels:
            return code
        if vocab == "exemption":
            return exemption_label(code)
        return super().code(vocab, code)

    def codes(self, vocab: str, codes: tuple[str, ...]) -> str:
        if vocab in COMMA_LISTS:
            return ", ".join(self.code(vocab, code) for code in codes)
        return super().codes(vocab, codes)


def message_text(stored: Any, english: str, *, sentence: bool = False) -> str:
    """A stored message in the active language, or `english` when it cannot be said (see the module docstring)."""
    return saying.message_text(stored, english, sentence=sentence, speaker=_Speaker)


def reason_text(reason: Any) -> str:
    """The text of a stored reason (``{code, article, text, message}``) in the active language. A plain string —
    a reason stored as text before reasons carried their message — is returned as it is."""
    if not isinstance(reason, Mapping):
        return "" if reason is None else str(reason)
    return message_text(reason.get("message"), str(reason.get("text", "")), sentence=True)


def reason_line(reason: Any) -> str:
    """ "Art. 33(1): text" for a stored reason, in the active language (a plain string as it is)."""
    if not isinstance(reason, Mapping):
        return "" if reason is None else str(reason)
    # Translators: a reason of the risk engine after the GDPR article(s) it cites.
    return gettext("%(article)s: %(text)s") % {
        "article": article_text(str(reason.get("article", ""))),
        "text": reason_text(reason),
    }


# The reasons for the risk level that an incident keeps (``Incident.risk_rationale``) when an assessment is finalised
# or the DPO agrees with it: stored in English, said again in the reader's language by ``rationale_text``.
# Translators: the reasons for an incident's risk level, e.g. "high (risk engine 1.0.1, version 2; ENISA severity 3.5
# high). Notify the supervisory authority …"; %(verdicts)s are the engine's verdicts, one sentence each.
RATIONALE = gettext_noop(
    "%(risk)s (risk engine %(engine)s, version %(version)s; ENISA severity %(score)s %(level)s). %(verdicts)s"
)


def _verdicts(decision: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [r for r in decision.get("reasons") or [] if str(r.get("code", "")).startswith("verdict_")]


def rationale(decision: Mapping[str, Any], *, engine_version: str, version: int) -> str:
    """The reasons for the risk level of a finalised assessment, in English: the text the incident stores."""
    severity = decision["severity"]
    return (
        RATIONALE
        % {
            "risk": decision["risk"],
            "engine": engine_version,
            "version": version,
            "score": severity["score"],
            "level": severity["level"],
            "verdicts": " ".join(r["text"] for r in _verdicts(decision)),
        }
    ).strip()


def rationale_text(stored: str, decision: Any, *, engine_version: str, version: int) -> str:
    """An incident's stored reasons for its risk level (`stored`) in the active language, said again from the
    assessment they were written from (`decision`, its ``reasons[].message``).

    Only when `stored` is exactly what that assessment gives (``rationale``): the DPO's own justification, reasons
    cleared by a reopening or written from another version are shown as stored — and so is anything a message of
    which the catalogue cannot say (never a mix of languages)."""
    if _is_source_language() or not isinstance(decision, Mapping):
        return stored
    try:
        if stored != rationale(decision, engine_version=engine_version, version=version):
            return stored
        speaker = _Speaker()  # one for the whole text: a template it cannot say makes the whole text English
        if not speaker.known(RATIONALE):
            return stored
        severity = decision["severity"]
        verdicts = []
        for reason in _verdicts(decision):
            said = saying.said(reason.get("message"), speaker)
            if said is None:
                return stored
            verdicts.append(capfirst(said))
        return (
            gettext(RATIONALE)
            % {
                "risk": risk_label(decision["risk"]),
                "engine": engine_version,
                "version": version,
                "score": speaker.number(severity["score"]),
                "level": severity_level(severity["level"]) or "",
                "verdicts": " ".join(verdicts),
            }
        ).strip()
    except (KeyError, TypeError, ValueError, AttributeError):
        return stored


def severity_basis(severity: Any) -> dict[str, Any]:
    """The basis of each ENISA factor (dpc, ei, cb — a list —, score, level) in the active language, from the
    stored ``severity.explanation``; the stored English ``basis`` where there is none."""
    if not isinstance(severity, Mapping):
        return {}
    basis = severity.get("basis") or {}
    explanation = severity.get("explanation") or {}
    said: dict[str, Any] = {}
    for key, english in basis.items():
        stored = explanation.get(key)
        if isinstance(english, list):
            stored_items = (
                stored if isinstance(stored, list) and len(stored) == len(english) else [None] * len(english)
            )
            said[key] = [message_text(m, e) for m, e in zip(stored_items, english, strict=True)]
        else:
            said[key] = message_text(stored, str(english))
    return said


def severity_level(level: Any) -> str | None:
    """An ENISA band ("medium") in the active language."""
    if level is None:
        return None  # unknown stays unknown ("—" in the documents)
    return str(SEVERITY_LEVELS.get(level, level))


def exemption_label(code: Any) -> str:
    """An Art. 34(3) exemption code ("art34_3_a") as the article it invokes, in the active language."""
    return article_text(ENGLISH_NAMES["exemption"].get(str(code), str(code)))


# What the DPO may decide differently from the advice (``RiskAssessment.dpo_overrides``), as the decision form and
# the advice call it.
VERDICT_LABELS = {
    "risk": gettext_lazy("Risk"),
    "notify_authority": gettext_lazy("Notify the supervisory authority (Art. 33)"),
    "notify_subjects": gettext_lazy("Tell the people individually (Art. 34)"),
    "public_communication": gettext_lazy("Public communication instead (Art. 34(3)(c))"),
    "notify_controllers": gettext_lazy("Alert our controller clients (Art. 33(2))"),
}


def verdict_labels(names: Any) -> str:
    """ "risk, notify_authority" as the active language calls those decisions."""
    return "; ".join(str(VERDICT_LABELS.get(name, name)) for name in names or [])


def risk_label(risk: Any) -> str:
    """The engine's risk level ("unlikely", "risk", "high") as the incident's risk-level label."""
    return str(VOCABULARIES["risk"].get(risk, risk or ""))
