"""``makemessages`` that also extracts the templates of stored messages.

The risk engine (risk/engine) may not import Django, so messages mark their sentences with their own no-op
markers: ``N_`` for a template and ``Nn_`` for a singular/plural pair (vocabulary/messages.py) — the engine's
reasons, the authority resolver's, the inventory's sources of derived facts. xgettext learns them here;
everything else is Django's command, unchanged.
"""

from __future__ import annotations

from django.core.management.commands import makemessages

ENGINE_KEYWORDS = ["--keyword=N_", "--keyword=Nn_:1,2"]


class Command(makemessages.Command):
    xgettext_options = makemessages.Command.xgettext_options + ENGINE_KEYWORDS
