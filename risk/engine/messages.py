"""The engine's sentences as messages (vocabulary/messages.py: a template marked ``N_`` with parameters), said in
English with the engine's own names for its codes.

The message type sits in ``incidents`` so that the inventory, which may not import ``risk``, words its derived
facts the same way; it is pure Python, so the engine stays free of Django. Here the engine adds how it says its
codes in English (rule codes as identifiers, exemptions as articles), and `render` uses that by default: the
`text` of the CLI and API output. `risk/explanations.py` says the same stored messages in Dutch or French.
"""

from __future__ import annotations

from vocabulary.messages import (
    N_,
    Code,
    Codes,
    English,
    Join,
    Message,
    Nn_,
    Param,
    Speaker,
    capfirst,
    join_words,
    message_from_dict,
    msg,
    plural,
)
from vocabulary.messages import render as _render

__all__ = [
    "COMMA_LISTS",
    "ENGLISH",
    "ENGLISH_NAMES",
    "IDENTIFIERS",
    "N_",
    "Code",
    "Codes",
    "English",
    "Join",
    "Message",
    "Nn_",
    "Param",
    "Speaker",
    "capfirst",
    "join_words",
    "message_from_dict",
    "msg",
    "plural",
    "render",
]

# Vocabularies whose codes are identifiers (shown as such, listed with commas), and English names where the code
# itself is not the word. Every other code is said in English as the code with spaces ("external malicious").
IDENTIFIERS = frozenset({"rule", "group"})  # a group's label is the assessor's own words
COMMA_LISTS = frozenset({"rule", "exemption", "group"})
ENGLISH_NAMES: dict[str, dict[str, str]] = {
    "exemption": {"art34_3_a": "Art. 34(3)(a)", "art34_3_b": "Art. 34(3)(b)", "art34_3_c": "Art. 34(3)(c)"},
    "data_category": {"national_id": "national ID"},
}

ENGLISH = English(names=ENGLISH_NAMES, identifiers=IDENTIFIERS, comma_lists=COMMA_LISTS)


def render(message: Message, speaker: Speaker | None = None) -> str:
    """The message with every parameter said by `speaker` (the engine's English by default)."""
    return _render(message, speaker or ENGLISH)
