"""What the regulator documents are made of: sections of numbered questions, each answer with its provenance.

A notice's content (``notifications.content``) holds the answers in one canonical order with a provenance per
answer. Each regulator module turns it into that regulator's own form — its chapters, question numbers, wording
and answer options — and says for each question whether the form requires it, so that an unknown answer shows as
*missing* where that form needs it. Where our value is translated into the regulator's vocabulary with a loss
(one of our categories becomes several of theirs, or "other"), the answer is *derived*: check it before filing.
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

RECORDED, DERIVED, MISSING = "recorded", "derived", "missing"
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

    @property
    def is_missing(self) -> bool:
        return self.mark == MISSING


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

    def value(self, path: str) -> Any:
        section, key = path.split(".", 1)
        return self.sections.get(section, {}).get(key)

    def mark(self, path: str) -> str:
        return self.provenance.get(path, "")

    def fact(self, path: str) -> Any:
        value: Any = self.facts
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

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
    ) -> Answer:
        """One answer. Without a value it is ``missing`` when the form requires it, else left unmarked."""
        if isinstance(lines, str):
            lines = [lines]
        lines = tuple(line for line in (lines or ()) if line not in (None, ""))
        chosen = tuple(chosen)
        empty = not lines and not chosen
        if empty:
            mark = MISSING if required else ""
        answer = Answer(number, question, lines, mark, tuple(options), chosen, note)
        self.sections[-1].answers.append(answer)
        return answer

    def text(self, number: str, question: str, path: str, *, required: bool = True, note: str = "") -> Answer:
        """A stored answer as it is (text, date, number, yes/no)."""
        value = self.source.value(path)
        return self.add(
            number, question, self.show(value), self.source.mark(path), required=required, note=note
        )

    def show(self, value: Any) -> list[str]:
        return show(value, self.yes_no)

    @property
    def missing(self) -> list[Answer]:
        """The answers the form needs and we do not have, numbered by their section where the form numbers
        sections only (CNIL)."""
        return [
            replace(a, number=a.number or s.number) for s in self.sections for a in s.answers if a.is_missing
        ]


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
