"""GBA/APD (BE): Dutch or French, in the notice's language. The Belgian portal asks in two parts: part 1 with the
essentials within 72 hours (it gives the "DBN…" reference), part 2 with scope, cause and impact within 21 days
after part 1 (docs/forms.md §3.1). Its field list is not public, so both parts follow the fields of the EDPB
common template (docs/domain.md §8.1) in Dutch or French: an initial notice is part 1, a follow-up part 2."""

from __future__ import annotations

from reports.regulators import edpb
from reports.regulators.common import Form, Source

LANGUAGES = ("nl", "fr")


def language_of(notice) -> str:
    return notice.language if notice.language in LANGUAGES else LANGUAGES[0]


def part_of(notice) -> int:
    return edpb.PART_2 if notice.phase == "follow_up" else edpb.PART_1


def build(source: Source) -> Form:
    return edpb.build(source, language=language_of(source.notice), part=part_of(source.notice))
