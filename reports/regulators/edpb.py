"""The EDPB common notification template (docs/domain.md §8.1): the fallback structure for every EEA authority
without a form of its own here, the basis of the GBA/APD document (its part 1 and part 2), and the JSON export of
every authority notice.

``answers(source)`` answers every field of the template (``edpb_template.FIELDS``) from the notice's ``Source``:
a recorded fact, the organisation profile, or a record of what was done (the people's notice and its deliveries,
the filings, the authority decision) — or *missing*. No option is chosen by a default: an unknown fact is a missing
answer. A field that does not apply to this notice (the withdrawal's reasons on a new notice, the EEA
representative of a controller in the EEA) says so (``applies`` False). ``build`` lays the answers out as the
document's numbered sections; ``export`` gives them typed, in the template's numbering.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import translation
from django.utils.dateparse import parse_date

from delivery.models import Delivery
from notifications.authorities import EEA
from notifications.models import Notice
from reports.regulators import edpb_template as tpl
from reports.regulators.common import (
    CHOICE,
    DERIVED,
    MISSING,
    MULTI,
    RECORDED,
    TEXT,
    Answer,
    Form,
    Source,
    country_names,
    labels_of,
    moment,
    number,
    people_in,
    weakest,
)
from reports.regulators.edpb_labels import LABELS
from reports.regulators.edpb_template import BY_ID, FIELDS, PART_1, PART_2, TEMPLATE
from reports.regulators.vocabulary import severity_step
from risk.engine.rules import SPECIAL_CATEGORIES
from risk.explanations import severity_level

__all__ = ["PART_1", "PART_2", "Value", "answers", "build", "export"]


@dataclass(frozen=True)
class Value:
    """One field's answer: its typed value (option keys for choices), where it comes from, and what the document
    adds to it (``lines``: e.g. the people per group)."""

    value: Any = None
    provenance: str = MISSING
    lines: tuple[str, ...] = ()
    applies: bool = True
    required: bool | None = None  # None: as the template says

    @property
    def empty(self) -> bool:
        """No answer. An empty list given on purpose is one ("no other authority notified"); ``_v`` makes an
        empty list from the facts missing."""
        return self.value is None or self.value == ""


NOT_APPLICABLE = Value(None, DERIVED, applies=False)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _v(value: Any, provenance: str = RECORDED, *lines: str, required: bool | None = None) -> Value:
    """An answer; an empty one is missing, whatever provenance was asked for."""
    if _empty(value):
        return Value(None, MISSING, required=required)
    return Value(value, provenance or RECORDED, tuple(line for line in lines if line), required=required)


class Ctx:
    """What the answer rules read: the source, the document's language (for the lines they add) and the record
    of what was done, read once."""

    def __init__(self, source: Source, language: str) -> None:
        self.s = source
        self.t = LABELS[language if language in LABELS else "en"]
        self.language = language
        self.done: dict[str, Value] = {}

    @property
    def nature(self) -> list[str]:
        return self.s.value("breach.nature") or []

    def told(self) -> dict[str, Any]:
        """The people's notices' deliveries sent (before this notice's approval, which froze it), and all of
        them: what AP 10.1.3 and EDPB 97/98/102 count as *informed*."""
        if "_told" not in self.done:
            deliveries = Delivery.objects.filter(
                notice__incident_id=self.s.incident.pk, notice__kind=Notice.Kind.SUBJECTS
            )
            sent = Q(status=Delivery.Status.SENT)
            approved_at = getattr(self.s.notice, "approved_at", None)
            if approved_at is not None:
                sent &= Q(sent_at__lte=approved_at)
            counts = deliveries.aggregate(
                all=Count("id"), sent=Count("id", filter=sent), first=Min("sent_at", filter=sent)
            )
            self.done["_told"] = Value(counts)
        return self.done["_told"].value

    def count(self, count: int | None) -> str:
        if count is None:
            return self.t["unknown"]
        return self.t["people_one" if count == 1 else "people_many"] % number(count)


Rule = Callable[[Ctx], Value]
RULES: dict[str, Rule] = {}
NO_DATA: set[str] = (
    set()
)  # fields whose rule only says whether they apply: Datalek has no data to answer them


def rule(*ids: str, answers: bool = True) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        for id in ids:
            RULES[id] = fn
            if not answers:
                NO_DATA.add(id)
        return fn

    return register


def _from_data() -> list[tpl.Field]:
    return [f for f in FIELDS if f.id == "4" or (f.id in RULES and f.id not in NO_DATA)]


def covered_ids() -> set[str]:
    """The fields Datalek answers, from its data or as a person records them on the draft notice; the others are
    answered in the authority's portal."""
    return {f.id for f in FIELDS if f.person} | {f.id for f in _from_data()}


def coverage() -> dict[str, int]:
    """How much of the template Datalek answers: from its data (a fact, the profile, a record of what was done),
    by a person on the draft notice only, or not at all (answer it in the authority's portal)."""
    from_data = _from_data()
    by_person = [f for f in FIELDS if f not in from_data and f.person]
    return {
        "total": len(FIELDS),
        "from_data": len(from_data),
        "recorded_on_the_notice": len(by_person),
        "not_covered": len(FIELDS) - len(from_data) - len(by_person),
    }


def _written(ctx: Ctx, field: tpl.Field) -> Value | None:
    """What a person recorded for a field on the draft notice, typed: a text, or option keys (stored as the
    option's label in any of the document's languages, or as its key)."""
    written = ctx.s.form_answers.get(field.id)
    if _empty(written):
        return None
    if field.type in (tpl.CHOICE, tpl.MULTI, tpl.BOOLEAN):
        values = [written] if isinstance(written, str) else list(written)
        keys = [key for key in (_option_key(field, v) for v in values) if key]
        if not keys:
            return None
        if field.type == tpl.BOOLEAN:
            return Value(keys[0] == "yes", RECORDED)
        return Value(keys if field.type == tpl.MULTI else keys[0], RECORDED)
    if field.type == tpl.DATE:
        text = str(written).strip()
        return Value(text, RECORDED) if _is_date(text) else None
    return Value(str(written), RECORDED)


def _is_date(text: str) -> bool:
    try:
        return parse_date(text) is not None
    except ValueError:
        return False


def _option_key(field: tpl.Field, value: Any) -> str | None:
    for option in field.options:
        if value in (option.key, option.en, option.nl, option.fr):
            return option.key
    return None


def answers(source: Source, *, language: str = "en") -> dict[str, Value]:
    """Every field of the template answered, by field number, in the template's order."""
    ctx = Ctx(source, language)
    for field in FIELDS:
        if field.id == "4":
            continue  # the sub-type says whether the rest is complete: answered last
        answered = RULES.get(field.id, _nothing)(ctx)
        if field.person and answered.applies:
            answered = _written(ctx, field) or answered
        ctx.done[field.id] = answered
    ctx.done["4"] = _sub_type(ctx)
    return {field.id: ctx.done[field.id] for field in FIELDS}


def _nothing(ctx: Ctx) -> Value:
    """A field Datalek holds no data for: missing unless a person records it on the draft."""
    return Value()


def is_required(field: tpl.Field, value: Value) -> bool:
    return value.applies and (field.required if value.required is None else value.required)


# --- 1.1 Notification and controller ----------------------------------------------------------------------------


@rule("3")
def _type(ctx: Ctx) -> Value:
    return _v("new" if ctx.s.notice.phase == "initial" else "follow_up")


def _sub_type(ctx: Ctx) -> Value:
    """Complete when no field the template requires of this notice is missing; else incomplete, and more follows
    (Art. 33(4)). A withdrawal is a withdrawal (recorded)."""
    if ctx.s.notice.phase == "withdrawal":
        return _v("withdraw")
    missing = [
        f.id for f in FIELDS if f.id != "4" and is_required(f, ctx.done[f.id]) and ctx.done[f.id].empty
    ]
    return _v("incomplete" if missing else "complete", DERIVED)


@rule("5")
def _withdrawal(ctx: Ctx) -> Value:
    if ctx.s.notice.phase != "withdrawal":
        return NOT_APPLICABLE
    return _v(ctx.s.notice.withdrawal_reason, required=True)


@rule("6")
def _previous(ctx: Ctx) -> Value:
    if ctx.s.notice.phase == "initial":
        return NOT_APPLICABLE
    parent = ctx.s.notice.parent
    return _v(parent.reference if parent else None, required=True)


@rule("7")
def _reference(ctx: Ctx) -> Value:
    return _v(ctx.s.incident.reference)


@rule("10")
def _identifier_type(ctx: Ctx) -> Value:
    """The organisation profile keeps one registration number: the company register's (KvK, KBO, SIREN)."""
    if not ctx.s.value("controller.registration_number"):
        return Value()
    return _v("company_id", DERIVED)


@rule("11")
def _identifier(ctx: Ctx) -> Value:
    return _v(ctx.s.value("controller.registration_number"), ctx.s.mark("controller.registration_number"))


@rule("12")
def _name(ctx: Ctx) -> Value:
    return _v(ctx.s.value("controller.name"), ctx.s.mark("controller.name"))


@rule("13")
def _address(ctx: Ctx) -> Value:
    return _v(ctx.s.value("controller.address"), ctx.s.mark("controller.address"))


@rule("14")
def _sector(ctx: Ctx) -> Value:
    """Only the breach facts' sector "public" says public; no other sector says private for certain."""
    if ctx.s.fact("sector") == "public":
        return _v("public", DERIVED)
    return Value()


@rule("16")
def _activity(ctx: Ctx) -> Value:
    return _v(ctx.s.value("controller.sector"), ctx.s.mark("controller.sector"))


def _in_eea(ctx: Ctx) -> bool | None:
    country = ctx.s.value("controller.country")
    return None if not country else country.upper() in EEA


@rule("18", "19", answers=False)
def _representative(ctx: Ctx) -> Value:
    """Art. 27: only a controller outside the EEA has a representative in it."""
    if _in_eea(ctx) is not False:
        return NOT_APPLICABLE
    return Value(required=True)


# --- 2.2 Reporting person, 2.3.1 DPO and other parties ----------------------------------------------------------


@rule("21")
def _reporter(ctx: Ctx) -> Value:
    return _v(ctx.s.value("reporter.name"), ctx.s.mark("reporter.name"))


@rule("22")
def _reporter_contact(ctx: Ctx) -> Value:
    return _v(ctx.s.value("reporter.email"), ctx.s.mark("reporter.email"))


@rule("23")
def _reporter_function(ctx: Ctx) -> Value:
    """The reporter is the DPO when the profile's DPO e-mail is theirs; any other function a person records."""
    email, dpo = ctx.s.value("reporter.email"), ctx.s.value("controller.dpo_email")
    if email and dpo and email.strip().lower() == dpo.strip().lower():
        return _v("dpo", DERIVED)
    return Value()


@rule("25", answers=False)
def _national_id(ctx: Ctx) -> Value:
    """Datalek keeps no national identification number of its users (data minimisation): optional, missing."""
    return Value()


@rule("29")
def _dpo(ctx: Ctx) -> Value:
    """Yes when the profile names a DPO; an empty profile says nothing (it may be incomplete), so it is missing."""
    if ctx.s.value("controller.dpo_name"):
        return _v(True, ctx.s.mark("controller.dpo_name"))
    return Value()


@rule("30")
def _dpo_name(ctx: Ctx) -> Value:
    return _v(ctx.s.value("controller.dpo_name"), ctx.s.mark("controller.dpo_name"), required=True)


@rule("31")
def _dpo_contact(ctx: Ctx) -> Value:
    parts = [ctx.s.value(f"controller.dpo_{k}") for k in ("email", "phone")]
    mark = weakest(
        *(ctx.s.mark(f"controller.dpo_{k}") for k, p in zip(("email", "phone"), parts, strict=True) if p)
    )
    return _v(", ".join(p for p in parts if p), mark, required=True)


@rule("34", "35", "36", answers=False)
def _contact(ctx: Ctx) -> Value:
    """Who gives more information, as field 33 says it (recorded by a person)."""
    return Value()


def _parties(ctx: Ctx) -> list[dict[str, Any]]:
    return list(ctx.s.processors)


@rule("38")
def _other_parties(ctx: Ctx) -> Value:
    """Yes when the facts name processors (from the inventory) or a processor notifies for us; no list is not a
    "no": the inventory may not be filled in."""
    if _parties(ctx) or ctx.s.value("on_behalf.processor"):
        return _v(True, DERIVED)
    return Value()


@rule("39")
def _qualification(ctx: Ctx) -> Value:
    keys = ["sub_processor" if p.get("parent") else "processor" for p in _parties(ctx)]
    if ctx.s.value("on_behalf.processor"):
        keys.append("processor")
    return _v(list(dict.fromkeys(keys)), DERIVED)


@rule("40")
def _party_names(ctx: Ctx) -> Value:
    names = [p["name"] for p in _parties(ctx) if p.get("name")]
    if ctx.s.value("on_behalf.processor"):
        names.insert(0, ctx.s.value("on_behalf.processor"))
    return _v(", ".join(dict.fromkeys(names)), DERIVED)


# --- 3.1 Timeline ------------------------------------------------------------------------------------------------

OCCURRENCE = {"period": "period", "ongoing": "ongoing", "unknown": "cannot_determine"}


@rule("44")
def _when(ctx: Ctx) -> Value:
    occurrence = ctx.s.value("timeline.occurrence")
    return _v(OCCURRENCE.get(occurrence), ctx.s.mark("timeline.occurrence"))


@rule("46")
def _begin(ctx: Ctx) -> Value:
    if ctx.s.value("timeline.occurrence") == "unknown":
        return NOT_APPLICABLE
    return _v(ctx.s.value("timeline.occurred_from"), ctx.s.mark("timeline.occurred_from"), required=True)


@rule("47")
def _end(ctx: Ctx) -> Value:
    if ctx.s.value("timeline.occurrence") != "period":
        return NOT_APPLICABLE
    return _v(ctx.s.value("timeline.occurred_until"), ctx.s.mark("timeline.occurred_until"), required=True)


@rule("48")
def _aware(ctx: Ctx) -> Value:
    return _v(ctx.s.value("timeline.aware_at"), ctx.s.mark("timeline.aware_at"))


@rule("49")
def _late(ctx: Ctx) -> Value:
    """Art. 33(1): asked only of a notice after the 72 hours."""
    if not ctx.s.notice.needs_late_reason:
        return NOT_APPLICABLE
    return _v(ctx.s.value("timeline.late_reason") or ctx.s.notice.late_reason, RECORDED, required=True)


DISCOVERY = {
    "own_detection": "controller",
    "processor": "processor",
    "data_subject": "data_subject",
    "external": "external",
    "press": "press",
    "other": "other",
}


@rule("50")
def _discovery(ctx: Ctx) -> Value:
    channel = ctx.s.value("timeline.discovery_channel")
    return _v(DISCOVERY.get(channel), ctx.s.mark("timeline.discovery_channel"))


@rule("51")
def _discovery_text(ctx: Ctx) -> Value:
    return _v(ctx.s.value("timeline.aware_justification"), ctx.s.mark("timeline.aware_justification"))


@rule("52")
def _told_by_other(ctx: Ctx) -> Value:
    """Discovered through someone else: they told us when we detected it (the incident's detection time)."""
    channel = ctx.s.value("timeline.discovery_channel")
    if channel in (None, "", "own_detection"):
        return NOT_APPLICABLE if channel == "own_detection" else Value()
    return _v(ctx.s.value("timeline.detected_at"), DERIVED)


@rule("53")
def _timeline_comments(ctx: Ctx) -> Value:
    hours = (ctx.s.facts.get("availability") or {}).get("duration_hours")
    if hours is None or "availability" not in ctx.nature:
        return Value()
    return _v(ctx.t["unavailable_hours"] % number(hours), ctx.s.fact_mark("availability.duration_hours"))


# --- 3.2 Nature of the breach ----------------------------------------------------------------------------------


@rule("55")
def _nature(ctx: Ctx) -> Value:
    return _v(list(ctx.nature), ctx.s.mark("breach.nature"))


CONFIDENTIALITY = {
    "exfiltrated": "exfiltrated",
    "likely": "likely",
    "not_exfiltrated": "not_exfiltrated",
    "unknown": "not_assessable",
}


def _facts_known(ctx: Ctx) -> bool:
    return bool(ctx.s.facts)


@rule("56")
def _confidentiality(ctx: Ctx) -> Value:
    """A null confidentiality in the facts is the facts' own "to be determined"."""
    if "confidentiality" not in ctx.nature:
        return NOT_APPLICABLE
    value = ctx.s.value("breach.confidentiality")
    if value is None and _facts_known(ctx) and "confidentiality" in ctx.s.facts:
        return _v("tbd", DERIVED, required=True)
    return _v(CONFIDENTIALITY.get(value), ctx.s.mark("breach.confidentiality"), required=True)


@rule("57")
def _unintelligible(ctx: Ctx) -> Value:
    if "confidentiality" not in ctx.nature:
        return NOT_APPLICABLE
    s = ctx.s
    encryption, hashing = s.value("measures_before.encryption"), s.value("measures_before.hashing")
    if encryption is None:
        return Value()
    key_lost = s.value("measures_before.key_compromised")
    if "state_of_the_art" in (encryption, hashing) and not key_lost:
        answer = "intact"
    elif "weak" in (encryption, hashing) or key_lost:
        answer = "subvertible"
    else:
        answer = "no"
    return _v(answer, DERIVED)


@rule("58")
def _integrity(ctx: Ctx) -> Value:
    if "integrity" not in ctx.nature:
        return NOT_APPLICABLE
    integrity = ctx.s.facts.get("integrity") or {}
    loss, misused = integrity.get("loss"), integrity.get("misused")
    if loss not in ("recoverable", "unrecoverable") or misused is None:
        return Value(required=True)
    if not misused:
        answer = "altered"
    else:
        answer = "misused_reversible" if loss == "recoverable" else "misused_irreversible"
    return _v(answer, DERIVED)


@rule("59")
def _availability(ctx: Ctx) -> Value:
    if "availability" not in ctx.nature:
        return NOT_APPLICABLE
    loss = (ctx.s.facts.get("availability") or {}).get("loss")
    answer = loss if loss in ("temporary", "permanent") else None
    return _v(answer, ctx.s.fact_mark("availability.loss"), required=True)


CAUSES = {
    "internal_accidental": "internal_non_malicious",
    "internal_malicious": "internal_malicious",
    "external_accidental": "external_non_malicious",
    "external_malicious": "external_malicious",
    "unknown": "unknown",
}


@rule("61")
def _cause(ctx: Ctx) -> Value:
    cause = ctx.s.value("breach.cause")
    if cause is None and _facts_known(ctx) and "cause" in ctx.s.facts:
        return _v("tbd", DERIVED)
    return _v(CAUSES.get(cause), ctx.s.mark("breach.cause"))


@rule("62")
def _description(ctx: Ctx) -> Value:
    return _v(ctx.s.value("breach.description"), ctx.s.mark("breach.description"))


@rule("63")
def _systems(ctx: Ctx) -> Value:
    return _v(ctx.s.value("breach.systems"), ctx.s.mark("breach.systems"))


# --- 3.3 Data subjects, 3.4 Personal data ------------------------------------------------------------------------

SUBJECTS = {
    "customers",
    "employees",
    "minors",
    "patients",
    "students",
    "subscribers",
    "users",
    "vulnerable",
}


@rule("65")
def _subjects(ctx: Ctx) -> Value:
    """Our categories that are the template's own are ticked as they are; any other is "additional" (field 66
    names it), and then the answer is derived."""
    codes = ctx.s.value("subjects.categories") or []
    keys = [c if c in SUBJECTS else "additional" for c in codes]
    exact = all(c in SUBJECTS for c in codes)
    mark = ctx.s.mark("subjects.categories")
    return _v(list(dict.fromkeys(keys)), mark if exact else DERIVED)


@rule("66")
def _other_subjects(ctx: Ctx) -> Value:
    others = [c for c in ctx.s.value("subjects.categories") or [] if c not in SUBJECTS]
    if not others:
        return NOT_APPLICABLE
    return _v(", ".join(c.replace("_", " ") for c in others), DERIVED)


@rule("67")
def _count_kind(ctx: Ctx) -> Value:
    """The facts hold an approximate number of people (docs/breach-facts.md); a null is "to be determined"."""
    count = ctx.s.value("subjects.count")
    split = [f"“{g.get('label')}”: {ctx.count(g.get('count'))}" for g in ctx.s.groups()]
    per_group = ctx.t["per_group"] % "; ".join(split) if split else ""
    if count is None:
        if _facts_known(ctx):
            return _v("tbd", DERIVED, per_group)
        return Value()
    return _v("approximate", DERIVED, per_group)


@rule("68")
def _count(ctx: Ctx) -> Value:
    return _v(ctx.s.value("subjects.count"), ctx.s.mark("subjects.count"), required=True)


DATA = {
    "basic": "basic",
    "contact": "contact",
    "biometric": "biometric",
    "criminal": "criminal",
    "political": "political",
    "racial_ethnic": "racial_ethnic",
    "religious": "religious",
    "sex_life": "sex_life",
    "trade_union": "trade_union",
    "genetic": "genetic",
    "health": "health",
    "financial": "financial",
    "national_id": "national_id",
    "location": "location",
    "official_documents": "official_documents",
    "payment_means": "payment_means",
    "profile": "profile",
    "credentials": "credentials",
}


@rule("70")
def _data(ctx: Ctx) -> Value:
    codes = ctx.s.all_data_categories()
    keys = [DATA.get(c, "additional") for c in codes]
    exact = all(c in DATA for c in codes)
    mark = ctx.s.mark("data.categories")
    return _v(list(dict.fromkeys(keys)), mark if exact else DERIVED, *_by_group(ctx, codes))


def _by_group(ctx: Ctx, codes: list[str]) -> list[str]:
    """A breach of several groups: the data subjects per type of data, and which groups the special categories
    concern (the medical note of one is the health data of 1 data subject, not of all)."""
    s, t, field = ctx.s, ctx.t, BY_ID["70"]
    counts = s.people_by_category()
    if not counts:
        return []

    def name(code: str) -> str:
        option = field.option(DATA.get(code, ""))
        return option.label(ctx.language) if option else code.replace("_", " ")

    lines = [
        t["per_category"] % "; ".join(f"{name(c)}: {ctx.count(counts[c])}" for c in codes if c in counts)
    ]
    for code in s.value("data.special_categories") or []:
        groups = s.groups_with(code)
        if groups and len(groups) < len(s.groups()):
            said = {"data": name(code), "groups": labels_of(groups), "count": ctx.count(people_in(groups))}
            lines.append(t["special_scope"] % said)
    return lines


@rule("71")
def _other_data(ctx: Ctx) -> Value:
    others = [c for c in ctx.s.all_data_categories() if c not in DATA]
    if not others:
        return NOT_APPLICABLE
    return _v(", ".join(c.replace("_", " ") for c in others), DERIVED)


@rule("73")
def _records(ctx: Ctx) -> Value:
    """A number. The notice keeps what a person wrote ("about 5,000", "ongeveer 5.200"): its number is the answer,
    derived (the words around it stay a line to read); a text without a number leaves the field missing."""
    written = ctx.s.value("data.records")
    if isinstance(written, int) or _empty(written):
        return _v(written, ctx.s.mark("data.records"))
    number = records_number(str(written))
    if number is None:
        return Value(None, MISSING, (str(written),))
    return _v(number, DERIVED, str(written))


def records_number(text: str) -> int | None:
    """The number in a text as people write it, with thousands separated by a point, a comma or a space (5.200,
    5,000, 12 500); None when the text holds no number or more than one."""
    found = re.findall(r"\d{1,3}(?:[.,\s\u202f]\d{3})+(?!\d)|\d+", text)
    if len(found) != 1:
        return None
    return int(re.sub(r"\D", "", found[0]))


# --- 3.5 Measures before -------------------------------------------------------------------------------------------


@rule("75")
def _before(ctx: Ctx) -> Value:
    """Only the measures the facts name (encryption, backup; hashing under "other", field 76); policies,
    training and the rest are not facts Datalek keeps: a person adds them in the portal."""
    s = ctx.s
    encryption, hashing = s.value("measures_before.encryption"), s.value("measures_before.hashing")
    backup = s.value("measures_before.backup")
    keys = []
    if backup in ("recent", "outdated"):
        keys.append("backup")
    if encryption in ("weak", "state_of_the_art"):
        keys.append("encryption")
    if hashing in ("weak", "state_of_the_art"):
        keys.append("other")
    return _v(keys, DERIVED)


@rule("76")
def _before_text(ctx: Ctx) -> Value:
    s, t = ctx.s, ctx.t
    lines = []
    for key in ("encryption", "hashing", "backup"):
        value = s.value(f"measures_before.{key}")
        if value not in (None, "none"):
            lines.append(t[f"before_{key}"] % t.get(f"level_{value}", value))
    if s.value("measures_before.key_compromised"):
        lines.append(t["before_key_compromised"])
    return _v("; ".join(lines), DERIVED)


# --- 4.1 Consequences, 4.2 Risk, 4.3 Measures ------------------------------------------------------------------------

READ_BY_SOMEONE = {"exfiltrated", "likely", "unknown"}
MALICIOUS = {"internal_malicious", "external_malicious"}


@rule("79")
def _confidentiality_consequences(ctx: Ctx) -> Value:
    """Data probably read by someone went beyond their purpose; an attacker, or recipients unknown or the
    public, may use them for other ends. A confidentiality to be determined is "under assessment"."""
    if "confidentiality" not in ctx.nature:
        return NOT_APPLICABLE
    s = ctx.s
    confidentiality = s.value("breach.confidentiality")
    if confidentiality is None:
        return _v(["under_assessment"], DERIVED) if _facts_known(ctx) else Value()
    if confidentiality not in READ_BY_SOMEONE:
        return NOT_APPLICABLE  # reasonable evidence that nobody had the data
    keys = ["beyond_purpose"]
    if s.value("breach.cause") in MALICIOUS or s.value("breach.recipients") in ("unknown", "public"):
        keys.append("unlawful_use")
    return _v(keys, DERIVED)


@rule("81")
def _integrity_consequences(ctx: Ctx) -> Value:
    if "integrity" not in ctx.nature:
        return NOT_APPLICABLE
    integrity = ctx.s.facts.get("integrity") or {}
    keys = []
    if integrity.get("loss") in ("recoverable", "unrecoverable"):
        keys.append("modified_valid")
    if integrity.get("misused"):
        keys.append("used_invalid")
    return _v(keys, DERIVED)


@rule("83")
def _availability_consequences(ctx: Ctx) -> Value:
    """A loss of availability disrupts the service; the people could not reach it when the facts say it
    touched them (impact minor or severe)."""
    if "availability" not in ctx.nature:
        return NOT_APPLICABLE
    availability = ctx.s.facts.get("availability") or {}
    keys = []
    if availability.get("impact") in ("minor", "severe"):
        keys.append("no_access")
    if availability.get("loss") in ("temporary", "permanent"):
        keys.append("disruption")
    return _v(keys, DERIVED)


@rule("85")
def _impact(ctx: Ctx) -> Value:
    """The harm that follows from the data that leaked, and loss of control from data someone may have read.
    Professional secrecy is never inferred from a category: a person ticks it."""
    codes = set(ctx.s.all_data_categories())
    keys = []
    if "confidentiality" in ctx.nature and ctx.s.value("breach.confidentiality") in READ_BY_SOMEONE:
        keys.append("loss_of_control")
    if codes & {*SPECIAL_CATEGORIES, "criminal"}:
        keys.append("discrimination")
    if codes & {"national_id", "official_documents", "credentials"}:
        keys.append("identity_theft")
    if codes & {"financial", "payment_means", "credentials"}:
        keys += ["fraud", "financial_loss"]
    if codes & {*SPECIAL_CATEGORIES, "criminal"}:
        keys.append("reputation")
    return _v(keys, DERIVED)


SEVERITY = ("minor", "moderate", "severe", "severe")


@rule("87")
def _severity(ctx: Ctx) -> Value:
    """The ENISA level, bounded by the DPO's legal verdict (a high risk is at least severe, "unlikely" minor)."""
    step = severity_step(ctx.s.value("consequences.severity_level"), ctx.s.value("consequences.risk"))
    if step is None:
        return Value()
    return _v(SEVERITY[step], DERIVED)


@rule("89")
def _risk(ctx: Ctx) -> Value:
    risk = ctx.s.value("consequences.risk")
    return _v(risk if risk in ("high", "risk", "unlikely") else None, ctx.s.mark("consequences.risk"))


@rule("90")
def _method(ctx: Ctx) -> Value:
    s, t = ctx.s, ctx.t
    lines = []
    score = s.value("consequences.severity_score")
    if score is not None:
        with translation.override(ctx.language):
            level = severity_level(s.value("consequences.severity_level"))
        lines.append(t["f90_enisa"] % {"score": number(score), "level": level})
    if s.value("consequences.dpo_justification"):
        lines.append(t["f90_dpo"] % s.value("consequences.dpo_justification"))
    return _v(" ".join(lines), DERIVED)


MEASURES = (
    "measures_after.containment_measures",
    "measures_after.containment_plan",
    "measures_after.mitigation",
)


@rule("92")
def _measures(ctx: Ctx) -> Value:
    s = ctx.s
    present = [p for p in MEASURES if s.value(p)]
    return _v("\n".join(str(s.value(p)) for p in present), weakest(*(s.mark(p) for p in present)))


# --- 4.4 Communication to the data subjects ----------------------------------------------------------------------


@rule("97")
def _communicated(ctx: Ctx) -> Value:
    """From what was done (deliveries sent) and decided (the DPO's verdict on telling the people)."""
    s = ctx.s
    tell, told = s.value("communication.notify_subjects"), ctx.told()
    group_line = _group_line(ctx)
    if told["sent"]:
        return _v("yes", RECORDED, group_line)
    if tell:
        return _v("not_yet", s.mark("communication.notify_subjects") or DERIVED, group_line)
    if tell is False:
        if s.value("communication.exemptions"):
            return _v("exemption", DERIVED)
        if s.value("consequences.risk") in ("risk", "unlikely"):
            return _v("not_high_risk", DERIVED)
    return Value()


def _group_line(ctx: Ctx) -> str:
    """A notice told by group: whom the people's notice is for, and why the others are not told."""
    told = ctx.s.told_groups()
    if not told:
        return ""
    others = [g for g in ctx.s.groups() if g not in told]
    said = {
        "told": labels_of(told),
        "count": ctx.count(people_in(told)),
        "others": "; ".join(f"“{g.get('label')}” ({_not_told(ctx, g)})" for g in others),
    }
    return ctx.t["f97_groups"] % said


def _not_told(ctx: Ctx, group: dict) -> str:
    exemptions = [e.replace("art34_3_", "") for e in group.get("exemptions") or []]
    if exemptions:
        return ctx.t["f97_exempt"] % ", ".join(exemptions)
    option = BY_ID["89"].option(group.get("risk") or "")
    return option.label(ctx.language) if option else "—"


def _said(ctx: Ctx) -> str | None:
    return ctx.done["97"].value


@rule("98")
def _informed_on(ctx: Ctx) -> Value:
    if _said(ctx) != "yes":
        return NOT_APPLICABLE
    first = ctx.told()["first"]
    return _v(first.isoformat() if first else None, RECORDED, required=True)


@rule("99", answers=False)
def _planned(ctx: Ctx) -> Value:
    return Value() if _said(ctx) == "not_yet" else NOT_APPLICABLE


@rule("100")
def _condition(ctx: Ctx) -> Value:
    if _said(ctx) != "exemption":
        return NOT_APPLICABLE
    exemptions = ctx.s.value("communication.exemptions") or []
    keys = [e.replace("art34_3_", "") for e in exemptions if e.replace("art34_3_", "") in ("a", "b", "c")]
    return _v(keys, DERIVED, required=True)


@rule("101", answers=False)
def _condition_reasoning(ctx: Ctx) -> Value:
    return Value(required=True) if _said(ctx) == "exemption" else NOT_APPLICABLE


@rule("102")
def _all_told(ctx: Ctx) -> Value:
    """Not all, for a notice told by group (Art. 34(1): the groups at high risk); all, once every delivery of
    the people's notice is sent; else not known yet."""
    if _said(ctx) not in ("yes", "not_yet"):
        return NOT_APPLICABLE
    if ctx.s.told_groups() and len(ctx.s.told_groups()) < len(ctx.s.groups()):
        return _v("not_all", DERIVED)
    told = ctx.told()
    if told["all"] and told["sent"] == told["all"]:
        return _v("all", RECORDED)
    return Value()


@rule("103")
def _why_not_all(ctx: Ctx) -> Value:
    if ctx.done["102"].value != "not_all":
        return NOT_APPLICABLE
    return _v(_group_line(ctx), DERIVED, required=True)


@rule("104")
def _means(ctx: Ctx) -> Value:
    """From the DPO's decision: the people told one by one, or a public communication instead (Art. 34(3)(c))."""
    s = ctx.s
    keys = []
    if _said(ctx) in ("yes", "not_yet"):
        keys.append("individual")
    if s.value("communication.public_communication"):
        keys.append("public")
    if not keys:
        return NOT_APPLICABLE if _said(ctx) in ("not_high_risk", "exemption") else Value()
    return _v(keys, DERIVED)


# --- 6.2 / 6.3 Cross-border ------------------------------------------------------------------------------------------


def _decision(ctx: Ctx):
    return getattr(ctx.s.incident, "authority_decision", None)


@rule("113")
def _cross_border(ctx: Ctx) -> Value:
    """From the authority decision, which read the establishments and the recorded countries; without one (or
    without countries) it is not known."""
    if _outside_eea(ctx):
        return NOT_APPLICABLE
    decision = _decision(ctx)
    if decision is None or not ctx.s.value("international.countries"):
        return Value()
    return _v(bool(decision.resolved.get("cross_border")), DERIVED)


@rule("114")
def _lead(ctx: Ctx) -> Value:
    if ctx.done["113"].value is not True:
        return NOT_APPLICABLE
    codes = list(_decision(ctx).codes)
    return _v(codes[0] if len(codes) == 1 else None, DERIVED, required=True)


@rule("115")
def _establishments(ctx: Ctx) -> Value:
    if _outside_eea(ctx):
        return NOT_APPLICABLE
    organisation = ctx.s.incident.organisation
    codes = sorted({e.country.code for e in organisation.establishments.all() if e.country.code in EEA})
    return _v(codes, RECORDED)


def _outside_eea(ctx: Ctx) -> bool:
    return _in_eea(ctx) is False


@rule("116")
def _countries(ctx: Ctx) -> Value:
    return NOT_APPLICABLE if _outside_eea(ctx) else _countries_of(ctx)


@rule("121")
def _countries_outside(ctx: Ctx) -> Value:
    return _countries_of(ctx) if _outside_eea(ctx) else NOT_APPLICABLE


def _countries_of(ctx: Ctx) -> Value:
    codes = [c.upper() for c in ctx.s.value("international.countries") or []]
    return _v(codes, ctx.s.mark("international.countries"))


@rule("117")
def _per_country(ctx: Ctx) -> Value:
    return NOT_APPLICABLE if _outside_eea(ctx) else _people_per_country(ctx, ctx.done["116"])


@rule("122")
def _per_country_outside(ctx: Ctx) -> Value:
    return _people_per_country(ctx, ctx.done["121"]) if _outside_eea(ctx) else NOT_APPLICABLE


def _people_per_country(ctx: Ctx, countries: Value) -> Value:
    """Only when all the people are in one country: then they are all there."""
    count = ctx.s.value("subjects.count")
    if countries.empty or len(countries.value) != 1 or count is None:
        return Value()
    return _v({countries.value[0]: count}, DERIVED)


@rule("118")
def _other_authorities(ctx: Ctx) -> Value:
    return NOT_APPLICABLE if _outside_eea(ctx) else _filed_elsewhere(ctx)


@rule("123")
def _other_authorities_outside(ctx: Ctx) -> Value:
    return _filed_elsewhere(ctx) if _outside_eea(ctx) else NOT_APPLICABLE


def _filed_elsewhere(ctx: Ctx) -> Value:
    """The other authorities this breach was filed with (a record of what was done); none filed is an answer
    once the authority decision is taken."""
    filed = (
        Notice.objects.filter(
            incident_id=ctx.s.incident.pk, kind=Notice.Kind.AUTHORITY, filed_at__isnull=False
        )
        .exclude(authority=ctx.s.notice.authority)
        .order_by("authority")
        .values_list("authority", flat=True)
    )
    codes = list(dict.fromkeys(filed))
    if not codes and _decision(ctx) is None:
        return Value()
    return Value(codes, RECORDED)


@rule("120", answers=False)
def _art_3_2(ctx: Ctx) -> Value:
    return Value(required=True) if _outside_eea(ctx) else NOT_APPLICABLE


# --- the document --------------------------------------------------------------------------------------------------


class _Form(Form):
    def __init__(self, source: Source, language: str) -> None:
        self.t = LABELS[language]
        self.language = language
        super().__init__(source, {True: self.t["yes"], False: self.t["no"]})


def build(source: Source, *, language: str = "en", part: int | None = None) -> Form:
    """The whole template (``part`` None), or the fields of the GBA's part 1 or part 2, every field under its
    number: answered with its provenance, missing, or not applicable to this notice."""
    form = _Form(source, language)
    given = answers(source, language=language)
    for section, fields in tpl.sections():
        fields = [f for f in fields if part is None or part in f.parts]
        if not fields:
            continue
        form.section(section.number, section.title(language))
        for field in fields:
            form.sections[-1].answers.append(_answer(form, field, given[field.id]))
    return form


def _answer(form: _Form, field: tpl.Field, value: Value) -> Answer:
    language, t = form.language, form.t
    options = tuple(o.label(language) for o in field.options)
    chosen = tuple(_chosen_labels(field, value.value, language))
    lines = (*chosen, *_shown(field, value.value, t), *value.lines)
    note = ""
    mark = value.provenance
    if not value.applies:
        mark, note = "", t["not_applicable"]
    elif value.empty:
        mark = MISSING if is_required(field, value) else ""
        if not mark:
            note = t["optional_record" if field.person else "optional_unknown"]
    if not value.applies:  # nothing to tick nor to record
        options = chosen = ()
    key = field.id if field.person and value.applies else ""
    input = ""
    if key:
        input = MULTI if field.type == tpl.MULTI else CHOICE if field.options else TEXT
    return Answer(field.id, field.question(language), lines, mark, options, chosen, note, key, input)


def _chosen_labels(field: tpl.Field, value: Any, language: str) -> list[str]:
    if field.type == tpl.BOOLEAN and value is not None:
        return [field.option("yes" if value else "no").label(language)]
    if field.type == tpl.CHOICE and value is not None:
        option = field.option(value)
        return [option.label(language)] if option else []
    if field.type == tpl.MULTI and value:
        return [field.option(k).label(language) for k in value if field.option(k)]
    return []


def _shown(field: tpl.Field, value: Any, t: dict[str, str]) -> list[str]:
    """A value that is not one of the options, as the document shows it."""
    if value is None or value == "" or field.type in (tpl.BOOLEAN, tpl.CHOICE, tpl.MULTI):
        return []
    if field.type == tpl.DATETIME:
        return [moment(value)]
    if field.type == tpl.NUMBER:
        return [number(value)]
    if field.type == tpl.PER_COUNTRY:
        return [
            "; ".join(
                f"{name}: {number(n)}" for name, n in zip(country_names(value), value.values(), strict=True)
            )
        ]
    if field.type == tpl.COUNTRIES:
        return [", ".join(country_names(value))]
    if field.type == tpl.LIST:
        return [", ".join(value)] if value else [t["none"]]
    return [line for line in str(value).split("\n") if line]


# --- the export --------------------------------------------------------------------------------------------------


def export(source: Source) -> dict[str, Any]:
    """The notice in the template's numbering: one entry per field, typed, with its provenance (docs/edpb-export.md)."""
    given = answers(source, language="en")
    fields = []
    for field in FIELDS:
        value = given[field.id]
        entry: dict[str, Any] = {
            "id": field.id,
            "value": None if value.empty else value.value,
            "provenance": MISSING if value.empty and value.applies else value.provenance,
        }
        if not value.applies:
            entry["applies"] = False
        fields.append(entry)
    return {"template": TEMPLATE, "notice": source.notice.pk, "fields": fields}
