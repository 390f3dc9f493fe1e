"""The EDPB common notification template (docs/domain.md §8.1): the fallback structure for every EEA authority
without a form of its own here, and the basis of the GBA/APD document (its part 1 and part 2). Field numbers are the
template's own row numbers."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation

from reports.regulators import vocabulary as v
from reports.regulators.common import (
    CHOICE,
    DERIVED,
    RECORDED,
    TEXT,
    Form,
    Source,
    country_names,
    labels_of,
    number,
    people_in,
    translated,
    weakest,
)
from reports.regulators.edpb_labels import CONSEQUENCES, DATA, HARM, INCIDENT_KINDS, LABELS, SUBJECTS
from risk.explanations import severity_level

PART_1, PART_2 = 1, 2
BOTH = (PART_1, PART_2)


class _Form(Form):
    def __init__(self, source: Source, language: str) -> None:
        self.t = LABELS[language]
        self.language = language
        super().__init__(source, {True: self.t["yes"], False: self.t["no"]})


def build(source: Source, *, language: str = "en", part: int | None = None) -> Form:
    """The whole template (``part`` None), or the fields of the GBA's part 1 or part 2."""
    form = _Form(source, language)
    for parts, field in FIELDS:
        if part is None or part in parts:
            field(form)
    form.sections = [s for s in form.sections if s.answers]
    return form


def _section(key: str, number: str) -> Callable[[_Form], None]:
    return lambda form: form.section(number, form.t[key])


def f3_to_7(form: _Form) -> None:
    s, t = form.source, form.t
    phase = s.notice.phase
    kind = t["f3_new"] if phase == "initial" else t["f3_follow_up"]
    form.add("3", t["f3"], kind, DERIVED, options=(t["f3_new"], t["f3_follow_up"]), chosen=[kind])
    if phase == "withdrawal":
        sub = t["f4_withdraw"]
    else:
        complete = not any(mark == "missing" for mark in s.provenance.values())
        sub = t["f4_complete"] if complete else t["f4_incomplete"]
    options = (t["f4_complete"], t["f4_incomplete"], t["f4_withdraw"])
    form.add("4", t["f4"], sub, DERIVED, options=options, chosen=[sub])
    if phase == "withdrawal":
        form.add("5", t["f5"], s.notice.withdrawal_reason, RECORDED)
    if phase != "initial":
        parent = s.notice.parent
        form.add("6", t["f6"], parent.reference if parent else None, RECORDED)
    form.add("7", t["f7"], s.incident.reference, DERIVED)


def f11_to_14(form: _Form) -> None:
    t = form.t
    form.text("11", t["f11"], "controller.registration_number", required=False)
    form.text("12", t["f12"], "controller.name")
    form.text("13", t["f13"], "controller.address")
    form.text("14", t["f14"], "controller.sector", required=False)


def f21_to_23(form: _Form) -> None:
    t = form.t
    form.text("21", t["f21"], "reporter.name")
    form.text("22", t["f22"], "reporter.email")
    form.add("23", t["f23"], None, "", key="23", input=TEXT)


def f29_to_31(form: _Form) -> None:
    s, t = form.source, form.t
    name = s.value("controller.dpo_name")
    form.add("29", t["f29"], form.yes_no[bool(name)] if name else None, s.mark("controller.dpo_name"))
    contact = [c for c in (name, s.value("controller.dpo_email"), s.value("controller.dpo_phone")) if c]
    form.add(
        "30",
        t["f30"],
        ", ".join(contact),
        weakest(s.mark("controller.dpo_name"), s.mark("controller.dpo_email")),
    )


def f38_to_41(form: _Form) -> None:
    s, t = form.source, form.t
    lines = []
    if s.value("on_behalf.processor"):
        lines.append(f"{s.value('on_behalf.processor')} ({t['f38_on_behalf']})")
    for p in s.processors:
        lines.append(f"{p['name']} ({t['f38_sub'] if p.get('parent') else t['f38_processor']})")
    form.add("38", t["f38"], lines, DERIVED, required=False)


def f44_to_49(form: _Form) -> None:
    s, t = form.source, form.t
    occurrence = s.value("timeline.occurrence") or "unknown"
    when = t.get(f"f44_{occurrence}", occurrence)
    options = (t["f44_period"], t["f44_ongoing"], t["f44_unknown"])
    form.add("44", t["f44"], when, s.mark("timeline.occurrence"), options=options, chosen=[when])
    if occurrence != "unknown":
        form.text("45", t["f45"], "timeline.occurred_from")
    if occurrence == "period":
        form.text("46", t["f46"], "timeline.occurred_until")
    form.text("48", t["f48"], "timeline.aware_at")
    late = bool(s.notice.needs_late_reason)
    reason = s.value("timeline.late_reason") or s.notice.late_reason
    form.add("49", t["f49"], reason, RECORDED, required=late, note="" if late else t["f49_na"])


def f50_to_52(form: _Form) -> None:
    s, t = form.source, form.t
    channel = s.value("timeline.discovery_channel")
    how = t.get(f"f50_{channel}") if channel else None
    options = tuple(
        t[f"f50_{c}"] for c in ("own_detection", "processor", "data_subject", "external", "press", "other")
    )
    form.add(
        "50",
        t["f50"],
        how,
        s.mark("timeline.discovery_channel"),
        options=options,
        chosen=[how] if how else [],
    )
    form.text("51", t["f51"], "timeline.aware_justification")


def f55(form: _Form) -> None:
    s, t = form.source, form.t
    chosen = [t[f"f55_{n}"] for n in s.value("breach.nature") or []]
    options = (t["f55_confidentiality"], t["f55_integrity"], t["f55_availability"])
    form.add("55", t["f55"], chosen, s.mark("breach.nature"), options=options, chosen=chosen)


def f56_to_61(form: _Form) -> None:
    s, t = form.source, form.t
    nature = s.value("breach.nature") or []
    confidentiality = s.value("breach.confidentiality")
    if "confidentiality" in nature and confidentiality and confidentiality != "none":
        form.add(
            "56", t["f56"], t.get(f"f56_{confidentiality}", confidentiality), s.mark("breach.confidentiality")
        )
        form.add("57", t["f57"], _unintelligible(s, t), DERIVED)
    loss = (s.facts.get("integrity") or {}).get("loss")
    if "integrity" in nature:
        form.add("58", t["f58"], t.get(f"f58_{loss}"), s.fact_mark("integrity.loss"))
    availability = (s.facts.get("availability") or {}).get("loss")
    if "availability" in nature:
        form.add("59", t["f59"], t.get(f"f59_{availability}"), s.fact_mark("availability.loss"))
    options = INCIDENT_KINDS if form.language == "en" else ()
    form.add("60", t["f60"], None, "", options=options, key="60", input=CHOICE if options else TEXT)
    cause = s.value("breach.cause")
    form.add("61", t["f61"], t.get(f"f61_{cause}") if cause else None, s.mark("breach.cause"))


def _unintelligible(s: Source, t: dict[str, str]) -> str | None:
    encryption, hashing = s.value("measures_before.encryption"), s.value("measures_before.hashing")
    if encryption is None:
        return None
    if "state_of_the_art" in (encryption, hashing) and not s.value("measures_before.key_compromised"):
        return t["f57_intact"]
    if "weak" in (encryption, hashing) or s.value("measures_before.key_compromised"):
        return t["f57_subvertible"]
    return t["f57_no"]


def f62(form: _Form) -> None:
    form.text("62", form.t["f62"], "breach.description")


def f63(form: _Form) -> None:
    form.text("63", form.t["f63"], "breach.systems")


def f65_to_68(form: _Form) -> None:
    s, t = form.source, form.t
    names = SUBJECTS[form.language]
    groups = s.value("subjects.categories") or []
    lines = [names.get(g, t["other"]) for g in groups]
    exact = all(g in names for g in groups)
    form.add("65", t["f65"], list(dict.fromkeys(lines)), translated(s.mark("subjects.categories"), exact))
    count = s.value("subjects.count")
    split = [f"“{g.get('label')}”: {_count(form, g.get('count'))}" for g in s.groups()]
    form.add(
        "67",
        t["f67"],
        [t["f67_approx"] % number(count), *([t["per_group"] % "; ".join(split)] if split else [])]
        if count is not None
        else None,
        s.mark("subjects.count"),
    )


def _count(form: _Form, count: int | None) -> str:
    """A number of data subjects in the template's language ("1 data subject", "1,201 data subjects")."""
    if count is None:
        return form.t["unknown"]
    return form.t["people_one" if count == 1 else "people_many"] % number(count)


def f70_71(form: _Form) -> None:
    s, t = form.source, form.t
    names = DATA[form.language]
    codes = s.all_data_categories()
    lines = [names.get(c, t["other"]) for c in codes]
    exact = all(c in names for c in codes)
    form.add(
        "70",
        t["f70"],
        [*dict.fromkeys(lines), *_by_group(form, codes)],
        translated(s.mark("data.categories"), exact),
    )


def _by_group(form: _Form, codes: list[str]) -> list[str]:
    """A breach of several groups: the data subjects per type of data, and which groups the special categories
    concern (the medical note of one is the health data of 1 data subject, not of all)."""
    s, t, names = form.source, form.t, DATA[form.language]
    counts = s.people_by_category()
    if not counts:
        return []
    lines = [
        t["per_category"]
        % "; ".join(f"{names.get(c, c)}: {_count(form, counts[c])}" for c in codes if c in counts)
    ]
    for code in s.value("data.special_categories") or []:
        groups = s.groups_with(code)
        if groups and len(groups) < len(s.groups()):
            said = {
                "data": names.get(code, code),
                "groups": labels_of(groups),
                "count": _count(form, people_in(groups)),
            }
            lines.append(t["special_scope"] % said)
    return lines


def f72(form: _Form) -> None:
    form.text("72", form.t["f72"], "data.records")


def f75(form: _Form) -> None:
    s, t = form.source, form.t
    encryption, hashing = s.value("measures_before.encryption"), s.value("measures_before.hashing")
    backup = s.value("measures_before.backup")
    chosen = []
    if encryption in ("weak", "state_of_the_art"):
        chosen.append(t["f75_encryption"])
    if hashing in ("weak", "state_of_the_art"):
        chosen.append(t["f75_hashing"])
    if backup in ("recent", "outdated"):
        chosen.append(t["f75_backup"])
    mark = weakest(s.mark("measures_before.encryption"), s.mark("measures_before.backup"))
    form.add("75", t["f75"], chosen or ([t["no"]] if encryption is not None else None), mark)


def f79_to_87(form: _Form) -> None:
    s, t = form.source, form.t
    labels = CONSEQUENCES[form.language]
    form.add(
        "79", t["f79"], [labels[k] for k in v.consequence_keys(s.facts, s.value("breach.nature"))], DERIVED
    )
    codes = s.all_data_categories()
    form.add("85", t["f85"], [HARM[form.language][k] for k in v.harm_keys(s.facts, codes)], DERIVED)
    step = v.severity_step(s.value("consequences.severity_level"), s.value("consequences.risk"))
    options = (t["f87_0"], t["f87_1"], t["f87_2"])
    chosen = options[min(step, 2)] if step is not None else None
    form.add(
        "87",
        t["f87"],
        chosen,
        DERIVED,
        options=options,
        chosen=[chosen] if chosen else [],
        key="87",
        input=CHOICE,
    )


def f89_90(form: _Form) -> None:
    s, t = form.source, form.t
    risk = s.value("consequences.risk")
    options = (t["f89_high"], t["f89_risk"], t["f89_unlikely"])
    chosen = t.get(f"f89_{risk}") if risk else None
    form.add(
        "89",
        t["f89"],
        chosen,
        s.mark("consequences.risk"),
        options=options,
        chosen=[chosen] if chosen else [],
    )
    score = s.value("consequences.severity_score")
    lines = []
    if score is not None:
        level = _level(s.value("consequences.severity_level"), form)
        lines.append(t["f90_enisa"] % {"score": number(score), "level": level})
    if s.value("consequences.dpo_justification"):
        lines.append(t["f90_dpo"] % s.value("consequences.dpo_justification"))
    form.add("90", t["f90"], lines, DERIVED)


def _level(level: str | None, form: _Form) -> str | None:
    """The ENISA band ("medium") in the document's language."""
    with translation.override(form.language):
        return severity_level(level)


def f92(form: _Form) -> None:
    s = form.source
    paths = (
        "measures_after.containment_measures",
        "measures_after.containment_plan",
        "measures_after.mitigation",
    )
    form.add(
        "92",
        form.t["f92"],
        [s.value(p) for p in paths if s.value(p)],
        weakest(*(s.mark(p) for p in paths if s.value(p))),
    )


def f94(form: _Form) -> None:
    form.add("94", form.t["f94"], None, "", required=False, key="94", input=TEXT)


def f97_to_106(form: _Form) -> None:
    s, t = form.source, form.t
    tell = s.value("communication.notify_subjects")
    if tell is None:
        answer = [t["f97_tbd"]]
    elif tell:
        answer = [t["f97_yes"]]
        told = s.told_groups()
        if told:
            others = [g for g in s.groups() if g not in told]
            said = {
                "told": labels_of(told),
                "count": _count(form, people_in(told)),
                "others": "; ".join(f"“{g.get('label')}” ({_not_told(form, g)})" for g in others),
            }
            answer.append(t["f97_groups"] % said)
    else:
        exemptions = [e.replace("art34_3_", "") for e in s.value("communication.exemptions") or []]
        answer = [t["f97_exempt"] % ", ".join(exemptions) if exemptions else t["f97_not_high"]]
    form.add("97", t["f97"], answer, s.mark("communication.notify_subjects") or DERIVED)
    means = ([t["f104_individual"]] if tell else []) + (
        [t["f104_public"]] if s.value("communication.public_communication") else []
    )
    form.add("104", t["f104"], means, DERIVED, required=bool(tell))


def _not_told(form: _Form, group: dict) -> str:
    """Why a group is not told individually, in the template's words (its verdict)."""
    t = form.t
    exemptions = [e.replace("art34_3_", "") for e in group.get("exemptions") or []]
    if exemptions:
        return t["f97_exempt"] % ", ".join(exemptions)
    return t.get(f"f89_{group.get('risk')}", "—")


def f109(form: _Form) -> None:
    form.add("109", form.t["f109"], None, "", required=False, key="109", input=TEXT)


def f113_to_118(form: _Form) -> None:
    s, t = form.source, form.t
    form.add("113", t["f113"], form.yes_no[bool(s.value("international.cross_border"))], DERIVED)
    countries = s.value("international.countries") or []
    form.add("116", t["f116"], ", ".join(country_names(countries)), s.mark("international.countries"))
    others = s.value("international.other_authorities") or []
    form.add("118", t["f118"], ", ".join(others) if others else t["no"], DERIVED)


def f125(form: _Form) -> None:
    form.add("125", form.t["f125"], None, "", required=False)


# The template's order. Part 1 of the GBA: the essentials within 72 hours; part 2: scope, cause and impact
# (docs/domain.md §8.4, the GBA portal's own field list is not public).
FIELDS: tuple[tuple[tuple[int, ...], Callable[[_Form], None]], ...] = (
    (BOTH, _section("s1_1", "1.1")),
    (BOTH, f3_to_7),
    (BOTH, f11_to_14),
    (BOTH, _section("s2_2", "2.2")),
    (BOTH, f21_to_23),
    (BOTH, _section("s2_3", "2.3.1")),
    ((PART_1,), f29_to_31),
    ((PART_2,), f38_to_41),
    (BOTH, _section("s3_1", "3.1")),
    ((PART_1,), f44_to_49),
    ((PART_1,), f50_to_52),
    (BOTH, _section("s3_2", "3.2")),
    ((PART_1,), f55),
    ((PART_2,), f56_to_61),
    ((PART_1,), f62),
    ((PART_2,), f63),
    (BOTH, _section("s3_3", "3.3")),
    ((PART_1,), f65_to_68),
    (BOTH, _section("s3_4", "3.4")),
    ((PART_1,), f70_71),
    ((PART_2,), f72),
    (BOTH, _section("s3_5", "3.5")),
    ((PART_2,), f75),
    (BOTH, _section("s4_1", "4.1")),
    ((PART_2,), f79_to_87),
    (BOTH, _section("s4_2", "4.2")),
    ((PART_2,), f89_90),
    (BOTH, _section("s4_3", "4.3")),
    (BOTH, f92),
    ((PART_2,), f94),
    (BOTH, _section("s4_4", "4.4")),
    (BOTH, f97_to_106),
    (BOTH, _section("s6", "6")),
    ((PART_2,), f109),
    ((PART_1,), f113_to_118),
    ((PART_2,), f125),
)
