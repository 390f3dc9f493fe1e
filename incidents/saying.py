"""A stored message (vocabulary/messages.py) said in the reader's language.

The template goes through the gettext catalogue (``manage.py makemessages`` extracts ``N_``/``Nn_``, see
datalek/management/commands/makemessages.py), plural forms through ``ngettext``, numbers in the locale's format
("100,000", "100.000", "100 000"), codes through the labels of their vocabulary — which each app gives its speaker
(risk/explanations.py for the engine's reasons, inventory/sources.py for the inventory's derived facts).

Whatever cannot be said — a text stored before messages existed, a template the catalogue does not hold (e.g.
wording changed since) — falls back to the stored English text whole, never to a mix of languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext, ngettext, trans_real

from vocabulary.messages import Message, capfirst, message_from_dict, render

# A form label says more than a sentence needs: "Significant: possible with some effort …", "Basic identity (name,
# date of birth, gender)". In running text only its head is used ("significant", "basic identity").
_LABEL_TAIL = re.compile(r"\s*(?:\(.*|:.*)$", re.DOTALL)


def is_source_language() -> bool:
    return (translation.get_language() or "en").split("-")[0] == "en"


def inline(label: Any) -> str:
    """A choice label as a word in running text: its head, lower-cased unless it is an acronym ("BSN")."""
    head = _LABEL_TAIL.sub("", str(label)).strip() or str(label)
    return head if head[1:2].isupper() else head[:1].lower() + head[1:]


def listing(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c" in the active language."""
    if len(words) <= 1:
        return "".join(words)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def plural_count(n: int | float | None) -> int:
    """``ngettext`` needs an integer: 1.5 hours take the plural, like 2."""
    if n is None:
        return 0
    return int(n) if float(n).is_integer() else int(n) + 1


class CatalogueSpeaker:
    """Says a message in the active language; notes templates the catalogue does not hold (``missing``).

    Codes are said through `labels` (vocabulary → {code: label}) as words in running text; a subclass may say
    them otherwise."""

    labels: Mapping[str, Mapping[str, Any]] = {}

    def __init__(self) -> None:
        self.missing = False
        catalogue = trans_real.catalog()
        self._catalogue = getattr(catalogue, "_catalog", None)

    def known(self, key: str | tuple[str, int]) -> bool:
        try:
            return self._catalogue is None or key in self._catalogue
        except TypeError:
            return True

    def template(self, message: Message) -> str:
        if message.plural is not None:
            self.missing |= not self.known((message.template, 0))
            return ngettext(message.template, message.plural, plural_count(message.n))
        self.missing |= not self.known(message.template)
        return gettext(message.template)

    def number(self, value: int | float) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return formats.number_format(value, force_grouping=isinstance(value, int))

    def code(self, vocab: str, code: str) -> str:
        label = self.labels.get(vocab, {}).get(code)
        return code.replace("_", " ") if label is None else inline(label)

    def codes(self, vocab: str, codes: tuple[str, ...]) -> str:
        return listing([self.code(vocab, code) for code in codes])


def said(stored: Any, speaker: CatalogueSpeaker) -> str | None:
    """A stored message in the active language, or None when it cannot be said."""
    try:
        text = render(message_from_dict(stored), speaker)
    except (KeyError, TypeError, ValueError):
        return None
    return None if speaker.missing else text


def message_text(
    stored: Any,
    english: str,
    *,
    sentence: bool = False,
    speaker: Callable[[], CatalogueSpeaker] = CatalogueSpeaker,
) -> str:
    """A stored message in the active language, or `english` when it cannot be said (see the module docstring)."""
    if is_source_language() or not isinstance(stored, Mapping):
        return english
    text = said(stored, speaker())
    if text is None:
        return english
    return capfirst(text) if sentence else text
