"""Art. 33(4): an authority notice may go on — be submitted, approved, filed — while answers its form requires are
still missing, but only with an explicit, recorded acknowledgement (who, when, which answers); without it the step
is refused with the list of what is missing.

Which answers a regulator's form requires is known where the form is built (``reports``, a higher app): it registers
how to read them (``register_missing_answers``, from its ``ready``); this app never names it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import MissingAnswersAcknowledgement, Notice

MissingReader = Callable[[Notice], list[dict[str, str]]]
_reader: MissingReader | None = None


def register_missing_answers(reader: MissingReader) -> None:
    """``reader(notice)``: the required answers missing on the notice's form, each {"number", "question"}."""
    global _reader
    _reader = reader


def missing_required(notice: Notice) -> list[dict[str, str]]:
    """The required answers missing on an authority notice's form (none for a withdrawal or another kind)."""
    if notice.kind != Notice.Kind.AUTHORITY or notice.phase == Notice.Phase.WITHDRAWAL or _reader is None:
        return []
    return _reader(notice)


def missing_words(missing: list[dict[str, str]]) -> str:
    return "; ".join(f"{m['number']} {m['question']}".strip() for m in missing)


def require_acknowledged(
    *, actor: Any, notice: Notice, step: str, acknowledge_missing: bool
) -> list[dict[str, str]]:
    """Refuse ``step`` while required answers are missing, unless acknowledged; record the acknowledgement."""
    missing = missing_required(notice)
    if not missing:
        return []
    if not acknowledge_missing:
        raise ValidationError(
            {
                "acknowledge_missing": [
                    ngettext(
                        "%(n)d answer the form requires is missing: %(answers)s. Complete it, or acknowledge "
                        "that the notice goes without it for now and that it follows later (Art. 33(4) GDPR).",
                        "%(n)d answers the form requires are missing: %(answers)s. Complete them, or acknowledge "
                        "that the notice goes without them for now and that they follow later (Art. 33(4) GDPR).",
                        len(missing),
                    )
                    % {"n": len(missing), "answers": missing_words(missing)}
                ]
            }
        )
    MissingAnswersAcknowledgement.objects.create(
        notice=notice, step=step, missing=missing, by=actor, at=timezone.now()
    )
    return missing


def acknowledged_reason(missing: list[dict[str, str]]) -> str:
    """What the audit trail's status event says of an acknowledgement."""
    if not missing:
        return ""
    return _("Acknowledged missing answers (Art. 33(4) GDPR): %(answers)s") % {
        "answers": missing_words(missing)
    }
