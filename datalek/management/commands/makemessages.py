"""``makemessages`` that also extracts the risk engine's templates.

The engine (risk/engine) may not import Django, so it marks its sentences with its own no-op markers: ``N_`` for a
template and ``Nn_`` for a singular/plural pair (risk/engine/messages.py). xgettext learns them here; everything
else is Django's command, unchanged.
"""

from __future__ import annotations

from django.core.management.commands import makemessages

ENGINE_KEYWORDS = ["--keyword=N_", "--keyword=Nn_:1,2"]


class Command(makemessages.Command):
    xgettext_options = makemessages.Command.xgettext_options + ENGINE_KEYWORDS
