"""The communication to the people (Art. 34) and to the public (Art. 34(3)(c)), written for them from structured
facts — never from what the team wrote for itself.

Art. 34(2) asks for "clear and plain language" on the nature of the breach, the contact point, the likely
consequences and the measures (Art. 33(3)(b)–(d)). Each text is composed, per language, in sections:

- ``subject`` (``title`` for the public page): who writes about what;
- ``what_happened``: the nature, cause and moment of the breach, in plain words from the finalised assessment's facts
  and the incident's time line — never the incident's ``description``, which is the team's own account;
- ``data``: the reader's data, in words people use (``notifications.advice``): for a breach told by group, the
  group's own categories only;
- ``consequences`` and ``advice``: from the maintained library, for the categories and the kind of breach there are;
- ``measures``: what we did, from recorded facts (the containment status and moment, data retrieved or deleted, the
  authority told) — never the containment notes or plans;
- ``contact``: the organisation's DPO or contact point (Art. 34(2) with 33(3)(b)): required.

A notice told by group keeps the sections that depend on the group (``GROUP_SECTIONS``) per language and group in
``group_texts``; the others in ``texts``. The DPO may still edit every text before approval; ``problems`` says what
keeps a notice from being submitted or approved: a language someone needs without a text, a required section left
empty, or no contact point in the organisation profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Incident, Organisation
from notifications import advice
from notifications.models import Notice
from people.groups import Audience, audience_of
from people.models import AffectedSubject
from risk.engine.facts import breach_view
from risk.selectors import latest_final_of
from vocabulary.languages import LANGUAGES

SECTIONS = ("subject", "what_happened", "data", "consequences", "measures", "advice", "contact")
PUBLIC_SECTIONS = ("title", *SECTIONS[1:])
GROUP_SECTIONS = ("data", "consequences", "advice")  # what depends on the reader's group
SECTION_LABELS = {
    "subject": gettext_lazy("Subject line"),
    "title": gettext_lazy("Title"),
    "what_happened": gettext_lazy("What happened"),
    "data": gettext_lazy("Which data"),
    "consequences": gettext_lazy("What it can mean for them"),
    "measures": gettext_lazy("What we have done"),
    "advice": gettext_lazy("What they can do"),
    "contact": gettext_lazy("Contact point"),
}
# The languages of the countries whose residents a public communication is for (NL→nl, BE→nl+fr, FR/LU→fr).
COUNTRY_LANGUAGES = {"NL": ("nl",), "BE": ("nl", "fr"), "FR": ("fr",), "LU": ("fr",)}


# --- composing --------------------------------------------------------------------------------------------------


def _facts(incident: Incident) -> dict[str, Any]:
    assessment = latest_final_of(incident)
    return breach_view(assessment.facts) if assessment else {}


def texts(incident: Incident, language: str, *, public: bool = False, organisation=None) -> dict[str, str]:
    """Every section of the communication in ``language``, for the breach as a whole."""
    facts = _facts(incident)
    organisation = organisation or incident.organisation
    with translation.override(language):
        written = {
            "what_happened": what_happened(incident, facts, public=public, organisation=organisation),
            **group_sections(facts, facts.get("data_categories") or [], language),
            "measures": measures(incident, facts),
            "contact": contact(organisation),
        }
        if public:
            return {"title": _("Data breach at %(org)s") % {"org": organisation.name}, **written}
        return {
            "subject": _("Important: your personal data at %(org)s") % {"org": organisation.name},
            **written,
        }


def group_sections(facts: Mapping[str, Any], codes: Iterable[str], language: str) -> dict[str, str]:
    """The sections that depend on the data concerned: which data, what it can mean, what to do."""
    codes = list(codes)
    with translation.override(language):
        named = advice.words(codes)
        data = (
            "\n".join([_("The breach concerns these data of yours:"), *(f"- {w}" for w in named)])
            if named
            else ""
        )
        return {
            "data": data,
            "consequences": "\n".join(str(t) for t in advice.consequences_of(codes, dict(facts))),
            "advice": "\n".join(str(t) for t in advice.advice_for(codes, dict(facts))),
        }


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _when(incident: Incident) -> list[str]:
    start, end = incident.occurred_from, incident.occurred_until
    said = []
    if start and end and incident.occurrence == Incident.Occurrence.PERIOD:
        if _day(start) == _day(end):
            said.append(_("It happened on %(date)s.") % {"date": _day(start)})
        else:
            said.append(
                _("It happened between %(start)s and %(end)s.") % {"start": _day(start), "end": _day(end)}
            )
    elif start and incident.occurrence == Incident.Occurrence.ONGOING:
        said.append(_("It started on %(date)s.") % {"date": _day(start)})
    elif start:
        said.append(_("It happened on or around %(date)s.") % {"date": _day(start)})
    said.append(_("We discovered it on %(date)s.") % {"date": _day(incident.detected_at)})
    return said


def _nature(facts: Mapping[str, Any]) -> list[str]:
    nature = facts.get("nature") or []
    said = []
    if "confidentiality" in nature:
        seen = {
            "exfiltrated": _("Someone who should not have the data has seen or copied them."),
            "likely": _(
                "Someone who should not have the data has probably seen or copied them. We have no proof of this, "
                "but we cannot rule it out."
            ),
            "unknown": _(
                "We cannot tell whether anyone has seen the data, for example because a device with the data was "
                "lost or stolen."
            ),
            "not_exfiltrated": _("As far as we can tell, nobody who should not have the data has seen them."),
            None: _("We are still finding out whether anyone has seen the data."),
        }
        if facts.get("confidentiality") in seen:
            said.append(seen[facts.get("confidentiality")])
        if facts.get("recipients") == "public":
            said.append(_("The data were made public."))
    integrity = (facts.get("integrity") or {}).get("loss")
    if "integrity" in nature and integrity in ("recoverable", "unrecoverable"):
        said.append(
            _("Some of the data were changed.")
            if integrity == "recoverable"
            else _("Some of the data were changed, and we cannot restore all of them.")
        )
    availability = (facts.get("availability") or {}).get("loss")
    if "availability" in nature and availability == "temporary":
        said.append(_("For a while, the data could not be reached."))
    elif "availability" in nature and availability == "permanent":
        said.append(_("Some of the data were lost."))
    return said


def _cause(facts: Mapping[str, Any]) -> str:
    return {
        "internal_accidental": _("The cause was a mistake on our side."),
        "internal_malicious": _("Someone within our organisation misused their access on purpose."),
        "external_accidental": _("The cause was a mistake by someone outside our organisation."),
        "external_malicious": _(
            "The cause was a criminal act by someone outside our organisation, such as an attack."
        ),
    }.get(facts.get("cause"), _("We do not know the cause yet."))


def what_happened(
    incident: Incident, facts: Mapping[str, Any], *, public: bool = False, organisation=None
) -> str:
    """The nature, cause and moment of the breach in plain words (Art. 34(2)): composed from the facts only."""
    name = (organisation or incident.organisation).name
    opening = (
        _("%(org)s has had a data breach involving personal data.")
        if public
        else _("%(org)s has had a data breach involving your personal data.")
    ) % {"org": name}
    return " ".join([opening, *_nature(facts), _cause(facts), *_when(incident)]) if facts else ""


def measures(incident: Incident, facts: Mapping[str, Any]) -> str:
    """What we did (Art. 33(3)(d)), from what is recorded: never the team's own notes."""
    said = []
    if incident.containment_status == Incident.Containment.CONTAINED:
        said.append(
            _("On %(date)s we stopped the breach.") % {"date": _day(incident.contained_at)}
            if incident.contained_at
            else _("We have stopped the breach.")
        )
    elif incident.containment_status == Incident.Containment.ONGOING:
        said.append(_("We are working to stop the breach."))
    mitigation = facts.get("mitigation") or {}
    if mitigation.get("data_retrieved_or_deleted"):
        said.append(_("We got the data back or had them deleted."))
    if facts.get("recipients") == "trusted":
        said.append(
            _("Those who received the data by mistake have confirmed that they deleted or returned them.")
        )
    filed = Notice.objects.filter(
        incident=incident, kind=Notice.Kind.AUTHORITY, filed_at__isnull=False
    ).exists()
    if filed:
        said.append(_("We have reported the breach to the data protection authority."))
    elif incident.notify_authority:
        said.append(_("We are reporting the breach to the data protection authority, as the law requires."))
    return " ".join(said)


def contact(organisation: Organisation) -> str:
    """Whom to ask (Art. 34(2) with 33(3)(b)): the DPO or contact point of the organisation profile; empty when the
    profile lacks the name or the e-mail address (``problems`` then refuses the notice, naming the field)."""
    if not (organisation.dpo_name and organisation.dpo_email):
        return ""
    values = {"name": organisation.dpo_name, "email": organisation.dpo_email, "phone": organisation.dpo_phone}
    if organisation.dpo_phone:
        return (
            _(
                "If you have questions, please contact %(name)s, by e-mail at %(email)s or by telephone on %(phone)s."
            )
            % values
        )
    return _("If you have questions, please contact %(name)s by e-mail at %(email)s.") % values


# --- the content of a notice ------------------------------------------------------------------------------------


def subjects_content(incident: Incident, languages: list[str], *, organisation=None) -> dict[str, Any]:
    """The communication to the people in each language. A breach told by group (the finalised assessment's
    groups at high risk, ``people.groups``) keeps whom it is for — approved and frozen with the texts — and
    the sections that depend on the data per group told: each person reads of their own group's data, and of the
    consequences and advice for those data only."""
    written = {language: texts(incident, language, organisation=organisation) for language in languages}
    audience = audience_of(incident)
    if not audience.by_group:
        return {"texts": written}
    facts = _facts(incident)
    for language in languages:
        for section in GROUP_SECTIONS:
            del written[language][section]
    return {
        "texts": written,
        "audience": audience.to_content(),
        "group_texts": {
            language: {g.label: group_sections(facts, g.data_categories, language) for g in audience.told}
            for language in languages
        },
    }


def country_languages(incident: Incident, fallback: str = "") -> list[str]:
    """The languages of every country concerned (the countries where the affected people live)."""
    found = [lang for c in incident.affected_countries for lang in COUNTRY_LANGUAGES.get(c.code, ("en",))]
    return sorted(set(found) | ({fallback} if fallback else set())) or [incident.organisation.language]


def public_content(incident: Incident, language: str) -> dict[str, Any]:
    """The public communication, in the notice's language and those of every country concerned."""
    return {
        "texts": {lang: texts(incident, lang, public=True) for lang in country_languages(incident, language)}
    }


def keep_written(old: Mapping[str, Any], fresh: dict[str, Any]) -> None:
    """On a refresh, what a person wrote is kept — but the sections that depend on the group follow whom the notice
    is now for: in the one text for everyone, or per group told (those written for a group still told are kept);
    and a section left empty takes what the facts now say."""
    by_group = "audience" in fresh
    for language, composed in fresh["texts"].items():
        kept = dict(old.get("texts", {}).get(language, composed))
        # a section left empty takes what the facts now say (the contact point added to the profile, …)
        kept |= {s: text for s, text in composed.items() if not (kept.get(s) or "").strip()}
        for section in GROUP_SECTIONS:
            if by_group:
                kept.pop(section, None)
            elif section not in kept:
                kept[section] = composed.get(section, "")
        fresh["texts"][language] = kept
    for language, composed in fresh.get("group_texts", {}).items():
        before = old.get("group_texts", {}).get(language, {})
        fresh["group_texts"][language] = {
            label: _kept_group(before.get(label), sections) for label, sections in composed.items()
        }


def _kept_group(before: Any, composed: dict[str, str]) -> dict[str, str]:
    before = {"data": before} if isinstance(before, str) else (before or {})  # str: the data only (issue 14)
    return composed | {s: text for s, text in before.items() if (text or "").strip()}


def edit_group(written: dict[str, Any], language: str, label: str, value: Any) -> list[dict[str, Any]]:
    """Write a group's sections of a draft told by group: ``value`` maps sections (``GROUP_SECTIONS``) to texts;
    a plain text is the data concerned. The changes made, for the audit trail."""
    value = {"data": value} if isinstance(value, str) else value
    unknown = [s for s in value if s not in GROUP_SECTIONS] if isinstance(value, Mapping) else ["?"]
    if unknown or not all(isinstance(v, str) for v in value.values()):
        raise ValidationError(
            {
                "group_texts": [
                    _("A group's texts are: %(sections)s, each a text.")
                    % {"sections": ", ".join(GROUP_SECTIONS)}
                ]
            }
        )
    before = written[label]
    current = {"data": before} if isinstance(before, str) else dict(before)
    changes = []
    for section, text in value.items():
        if current.get(section) != text:
            path = f"group_texts.{language}.{label}.{section}"
            changes.append({"path": path, "old": current.get(section), "new": text})
            current[section] = text
    written[label] = current
    return changes


# --- what keeps a notice from going out -----------------------------------------------------------------------


def languages_needed(notice: Notice) -> list[str]:
    """The languages the people's list needs (of the people the notice is for), or the public communication's
    countries'."""
    if notice.kind == Notice.Kind.PUBLIC:
        return country_languages(notice.incident, notice.language)
    told = Audience.from_content(notice.content).told_people()
    listed = AffectedSubject.objects.filter(told, incident_id=notice.incident_id, excluded_at__isnull=True)
    return sorted(set(listed.order_by().values_list("language", flat=True).distinct()))


def problems(notice: Notice) -> list[str]:
    """What a communication to the people or the public still lacks before it may be submitted or approved, each
    naming the language and the section (or the field of the organisation profile)."""
    if (
        notice.kind not in (Notice.Kind.SUBJECTS, Notice.Kind.PUBLIC)
        or notice.phase == Notice.Phase.WITHDRAWAL
    ):
        return []
    found = _contact_problems(notice.on_behalf_of or notice.incident.organisation)
    written = notice.content.get("texts") or {}
    names = dict(LANGUAGES)
    for language in languages_needed(notice):
        if language not in written:
            found.append(
                _(
                    "There is no %(lang)s text, but it is needed for the people it is for: refresh the facts from "
                    "the incident to add it."
                )
                % {"lang": names.get(language, language)}
            )
    required = PUBLIC_SECTIONS if notice.kind == Notice.Kind.PUBLIC else SECTIONS
    by_group = notice.content.get("group_texts") or {}
    for language, composed in sorted(written.items()):
        own = [s for s in required if s not in GROUP_SECTIONS or not by_group]
        empty = [s for s in own if not (composed.get(s) or "").strip()]
        if empty:
            found.append(_lacks(language, empty))
        for label, sections in (by_group.get(language) or {}).items():
            sections = {"data": sections} if isinstance(sections, str) else sections
            empty = [s for s in GROUP_SECTIONS if not (sections.get(s) or "").strip()]
            if empty:
                found.append(_lacks(language, empty, label))
    return found


def _lacks(language: str, sections: list[str], group: str = "") -> str:
    said = {
        "lang": dict(LANGUAGES).get(language, language),
        "fields": ", ".join(str(SECTION_LABELS[s]) for s in sections),
        "group": group,
    }
    if group:
        return _("The %(lang)s text for the group “%(group)s” still lacks: %(fields)s.") % said
    return _("The %(lang)s text still lacks: %(fields)s.") % said


def _contact_problems(organisation: Organisation) -> list[str]:
    """Art. 34(2): every letter names a contact point; it comes from the organisation profile."""
    found = []
    for field in ("dpo_name", "dpo_email"):
        if not getattr(organisation, field):
            found.append(
                _(
                    "The organisation profile of %(org)s has no “%(field)s”: the people must be told whom to "
                    "contact (Art. 34(2)). Fill it in on the organisation page, then refresh the facts."
                )
                % {"org": organisation.name, "field": Organisation._meta.get_field(field).verbose_name}
            )
    return found
