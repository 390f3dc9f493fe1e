"""What the regulator documents are made of: sections of numbered questions, each answer with its provenance.

A notice's content (``notifications.content``) holds the answers in one canonical order with a provenance per
answer. Each regulator module turns it into that regulator's own form — its chapters, question numbers, wording
and answer options — and says for each question whether the form requires it, so that an unknown answer shows as
*missing* where that form needs it. Where our value is translated into the regulator's vocabulary with a loss
(one of our categories becomes several of theirs, or "other"), the answer is *derived*: check it before filing.

Some questions have no counterpart in our data (the AP's "kind of incident", the reporter's function and phone, the
CNIL's "origine" and legal representative …), and a derived answer may be wrong. Such an answer has a ``key``: a
person may write it on the draft notice (``content["form_answers"][key]``, a text or the form's own options), and
then it is *recorded*, in the document and on the notice page alike, and frozen with the rest at approval.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, number_format
from django_countries import countries

from notifications.content import at_path

RECORDED, DERIVED, MISSING = "recorded", "derived", "missing"
TEXT, CHOICE, MULTI = "text", "choice", "multi"  # how a person records a keyed answer
_RANK = {MISSING: 0, DERIVED: 1, RECORDED: 2, "": 3}


@dataclass(frozen=True)
class Answer:
    number: str
    question: str
    lines: tuple[str, ...] = ()
    mark: str = ""
    options: tuple[str, ...] = ()  # the form's answer options, to tick on the portal
    chosen: tuple[str, ...] = ()
    note: str = ""
    # A keyed answer may be recorded by a person on the draft (``form_answers``, see the module's docstring) as
    # TEXT, CHOICE (one of ``options``) or MULTI (some of them).
    key: str = ""
    input: str = ""
    # The notice content path the answer shows as it is (``Form.text``): where a missing one is filled in.
    path: str = ""

    @property
    def is_missing(self) -> bool:
        return self.mark == MISSING

    @property
    def extra_lines(self) -> tuple[str, ...]:
        """The lines that are not one of the form's options (those are shown ticked among the options)."""
        return tuple(line for line in self.lines if line not in self.options)

    @property
    def ticks(self) -> tuple[tuple[str, bool], ...]:
        """The form's options in the form's own order, each with whether it is ticked."""
        return tuple((option, option in self.chosen) for option in self.options)


@dataclass
class Section:
    number: str
    title: str
    answers: list[Answer] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """Everything a regulator document may read: the notice's frozen content, the breach facts of the assessment
    it was built from (also frozen), and the notice's own record (phase, filing, reasons)."""

    sections: dict[str, dict[str, Any]]
    provenance: dict[str, str]
    facts: dict[str, Any]
    fact_provenance: dict[str, str]
    notice: Any
    incident: Any
    language: str
    people: dict[str, int]  # affected people on the list by channel: {"email": n, "post": n}
    processors: list[dict[str, Any]] = field(default_factory=list)  # from the inventory (AP 3.3, CNIL §5)
    form_answers: dict[str, Any] = field(default_factory=dict)  # what a person wrote into the form, by key

    def value(self, path: str) -> Any:
        section, key = path.split(".", 1)
        return self.sections.get(section, {}).get(key)

    def mark(self, path: str) -> str:
        return self.provenance.get(path, "")

    def all_data_categories(self) -> list[str]:
        """The categories of personal data with the special ones (Art. 9): what the harm to the people follows from."""
        return [*(self.value("data.categories") or []), *(self.value("data.special_categories") or [])]

    def groups(self) -> list[dict[str, Any]]:
        """The groups of people of a breach of several (``subjects.groups``: each with its label, number, subject
        and data categories and verdict); empty for a breach of one group, whose answers need no split."""
        return self.value("subjects.groups") or []

    def people_by_category(self) -> dict[str, int | None]:
        """How many people each category of data concerns, over the groups (empty for a breach of one group)."""
        return self.value("data.people_by_category") or {}

    def groups_with(self, code: str) -> list[dict[str, Any]]:
        """The groups whose data include ``code``."""
        return [g for g in self.groups() if code in (g.get("data_categories") or [])]

    def told_groups(self) -> list[dict[str, Any]]:
        """The groups told individually (the breach told by group), in the groups' order."""
        told = set(self.value("communication.told_groups") or [])
        return [g for g in self.groups() if g.get("label") in told]

    def fact(self, path: str) -> Any:
        return at_path(self.facts, path)

    def fact_mark(self, path: str) -> str:
        if self.fact(path) in (None, "", []):
            return MISSING
        return self.fact_provenance.get(path.split(".")[0], self.fact_provenance.get(path, RECORDED))


class Form:
    """Collects the sections of one regulator document."""

    def __init__(self, source: Source, labels: dict[bool, str]) -> None:
        self.source = source
        self.yes_no = labels
        self.sections: list[Section] = []

    def section(self, number: str, title: str) -> Section:
        self.sections.append(Section(number, title))
        return self.sections[-1]

    def add(
        self,
        number: str,
        question: str,
        lines: Iterable[str] | str | None,
        mark: str,
        *,
        required: bool = True,
        options: Sequence[str] = (),
        chosen: Iterable[str] = (),
        note: str = "",
        key: str = "",
        input: str = "",
        path: str = "",
    ) -> Answer:
        """One answer. Without a value it is ``missing`` when the form requires it, else left unmarked. With a
        ``key``, what a person recorded for it on the notice replaces the value we have (or do not have)."""
        if isinstance(lines, str):
            lines = [lines]
        lines = tuple(line for line in (lines or ()) if line not in (None, ""))
        chosen = tuple(chosen)
        if key:
            input = input or (MULTI if options else TEXT)
            written = self.source.form_answers.get(key)
            if written not in (None, "", []):
                lines, chosen, mark = _written(written, input, tuple(options))
        empty = not lines and not chosen
        if empty:
            mark = MISSING if required else ""
        answer = Answer(number, question, lines, mark, tuple(options), chosen, note, key, input, path)
        self.sections[-1].answers.append(answer)
        return answer

    def text(self, number: str, question: str, path: str, *, required: bool = True, note: str = "") -> Answer:
        """A stored answer as it is (text, date, number, yes/no)."""
        value = self.source.value(path)
        return self.add(
            number,
            question,
            self.show(value),
            self.source.mark(path),
            required=required,
            note=note,
            path=path,
        )

    def show(self, value: Any) -> list[str]:
        return show(value, self.yes_no)

    @property
    def editable(self) -> list[Answer]:
        """The answers a person may record on the draft, in the form's order."""
        return [a for s in self.sections for a in s.answers if a.key]

    @property
    def missing(self) -> list[Answer]:
        """The answers the form needs and we do not have, numbered by their section where the form numbers
        sections only (CNIL)."""
        return [
            replace(a, number=a.number or s.number) for s in self.sections for a in s.answers if a.is_missing
        ]


def _written(
    value: Any, input: str, options: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A recorded form answer as the answer's lines and ticked options."""
    if input == TEXT:
        return (str(value),), (), RECORDED
    values = [value] if isinstance(value, str) else list(value)
    chosen = tuple(v for v in options if v in values)
    return chosen, chosen, RECORDED


def weakest(*marks: str) -> str:
    """The provenance of an answer made of several: missing before derived before recorded."""
    present = [m for m in marks if m is not None]
    return min(present, key=lambda m: _RANK.get(m, 3)) if present else ""


def translated(mark: str, exact: bool) -> str:
    """A recorded value put into the regulator's vocabulary with a loss is derived: a person should check it."""
    if mark == RECORDED and not exact:
        return DERIVED
    return mark


def show(value: Any, yes_no: dict[bool, str]) -> list[str]:
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, bool):
        return [yes_no[value]]
    if isinstance(value, int | float):
        return [number(value)]
    if isinstance(value, list):
        return [", ".join(str(v) for v in value)]
    if isinstance(value, str) and _looks_like_moment(value):
        return [moment(value)]
    return [str(value)]


def _looks_like_moment(value: str) -> bool:
    return len(value) >= 19 and value[4] == "-" and value[10] == "T"


def moment(value: str | datetime | None) -> str:
    """A moment in the active language's format, in the display time zone, with its zone."""
    if value is None or value == "":
        return ""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    if parsed is None:
        return str(value)
    local = timezone.localtime(parsed)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({local.strftime('%Z')}, UTC{local.strftime('%z')[:3]}:{local.strftime('%z')[3:]})"


def number(value: int | float) -> str:
    return number_format(value, force_grouping=True)


def count_or(value: int | None, unknown: str) -> str:
    """A number of people, or the form's word for one still to be determined."""
    return unknown if value is None else number(value)


def labels_of(groups: Iterable[dict[str, Any]]) -> str:
    """Group labels as a list in quotes: “customers”, “medical note”."""
    return ", ".join(f"“{g.get('label', '')}”" for g in groups)


def people_in(groups: Iterable[dict[str, Any]]) -> int | None:
    """How many people the groups are together (None while one of them is to be determined)."""
    counts = [g.get("count") for g in groups]
    return None if None in counts else sum(counts)


def country_names(codes: Iterable[str]) -> list[str]:
    """Country names in the active language (django-countries follows the translation)."""
    return [str(countries.name(code)) or code for code in codes]


def mapped(
    codes: Iterable[str] | None, table: dict[str, tuple[str, ...]], other: str = ""
) -> tuple[list, bool]:
    """Our codes as the regulator's options; ``exact`` is False when any code needed more than one option or had
    no option of its own (then ``other``)."""
    chosen: list[str] = []
    exact = True
    for code in codes or ():
        options = table.get(code)
        if not options:
            options, exact = ((other,) if other else ()), False
        elif len(options) > 1:
            exact = False
        for option in options:
            if option not in chosen:
                chosen.append(option)
    return chosen, exact
