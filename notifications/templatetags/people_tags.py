"""The people's and the public's texts on the notice page: each section with its readability flags (advice to the
DPO, never a blocker: ``notifications.readability``), the sections of each group told, and whom a preview is for."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from notifications import readability
from notifications.people_texts import GROUP_SECTIONS, PUBLIC_SECTIONS, SECTION_LABELS, SECTIONS

register = template.Library()


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    text: str
    flags: tuple[str, ...]


HEAD = ("subject", "title", "what_happened", "data", "consequences")  # shown before the groups' own sections


@dataclass
class LanguageBlock:
    language: str
    sections: list[Section]
    groups: list[tuple[str, list[Section]]] = field(default_factory=list)

    @property
    def head(self) -> list[Section]:
        return [s for s in self.sections if s.key in HEAD]

    @property
    def tail(self) -> list[Section]:
        return [s for s in self.sections if s.key not in HEAD]


@register.simple_tag
def people_blocks(notice) -> list[LanguageBlock]:
    """Per language of the notice, its sections and each group's, with the flags of the readability check."""
    organisation = notice.on_behalf_of or notice.incident.organisation
    names = (organisation.name, organisation.dpo_name, notice.incident.organisation.name)
    order = PUBLIC_SECTIONS if notice.kind == notice.Kind.PUBLIC else SECTIONS

    def sections(texts, keys, language) -> list[Section]:
        return [
            Section(
                key,
                str(SECTION_LABELS[key]),
                texts.get(key) or "",
                tuple(f.message for f in readability.check(texts.get(key) or "", language, names=names)),
            )
            for key in keys
            if key in texts
        ]

    blocks = []
    by_group = notice.content.get("group_texts") or {}
    for language, texts in sorted((notice.content.get("texts") or {}).items()):
        block = LanguageBlock(language, sections(texts, order, language))
        for label, own in (by_group.get(language) or {}).items():
            own = {"data": own} if isinstance(own, str) else own
            block.groups.append((label, sections(own, GROUP_SECTIONS, language)))
        blocks.append(block)
    return blocks
