"""Where a derived fact comes from, in the reader's language.

The proposal (inventory/proposals.py) words each source as a message — "from systems: %(systems)s", "upper
bound: the sum over the activities %(terms)s; …", "the weakest among the affected systems: …" — whose parameters
are names, numbers and protection levels. ``IncidentFactProvenance`` stores it (``source_message``) beside its
English text (``source``, what the API shows). Here it is said in the active language (incidents/saying.py), the
protection levels with the inventory's labels; a source stored before messages existed, or one the catalogue
cannot say, is shown in its stored English whole.
"""

from __future__ import annotations

from typing import Any

from incidents.saying import CatalogueSpeaker, message_text
from inventory.vocabulary import PROTECTION_CHOICES


class SourceSpeaker(CatalogueSpeaker):
    # The protection levels, by the attribute the proposal names them with ("encryption", not its fact path).
    labels = {path.removeprefix("protection."): dict(choices) for path, choices in PROTECTION_CHOICES.items()}


def source_text(stored: Any, english: str) -> str:
    """A stored source message in the active language; `english` when it cannot be said."""
    return message_text(stored, english or "", speaker=SourceSpeaker)
