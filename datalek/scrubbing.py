"""Personal data out of logs and error reports.

Breach records are personal data themselves: an e-mail address in an exception message, a phone number in a
validation error or an IBAN in a failed import line must not end up in a log file or at Sentry. This module
replaces them with a marker — in every log record (``ScrubPersonalDataFilter``, installed on every handler by
``settings.LOGGING``) and in every Sentry event (``datalek.sentry.scrub_event`` walks the whole event with
``scrub_text``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# ISO 13616: country, two check digits, up to 30 letters and digits, often written in groups of four.
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
# International (+31 6 1234 5678, 0031 …) and national numbers (06-12345678, 030 123 4567): 9 digits or more,
# not inside a longer word, number or decimal.
PHONE = re.compile(
    r"(?<![\w+.])(?:(?:\+|00)\d{1,3}[ \-.]?(?:\(0\)[ \-.]?)?\d(?:[ \-.]?\d){6,12}|0\d(?:[ \-.]?\d){7,9})(?![\w.]?\d)"
)
MARKERS = ((EMAIL, "[email]"), (IBAN, "[iban]"), (PHONE, "[phone]"))


def scrub_text(text: str) -> str:
    """``text`` with e-mail addresses, IBANs and phone numbers replaced by ``[email]``, ``[iban]``, ``[phone]``."""
    for pattern, marker in MARKERS:
        text = pattern.sub(marker, text)
    return text


def scrub_data(value: Any) -> Any:
    """The same for every string in nested dicts, lists and tuples (keys included)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub_data(key): scrub_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub_data(item) for item in value)
    return value


class ScrubPersonalDataFilter(logging.Filter):
    """Scrubs a log record in place: the message with its arguments filled in, the traceback and the stack.
    The arguments are rendered first, so personal data inside an object's ``str()`` is caught as well."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub_text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_text(record.stack_info)
        return True
