"""Dates in each language's own way (``FORMAT_MODULE_PATH``): templates and code name a format
(``date:"DATETIME_FORMAT"``), never spell one out, so English, Dutch and French each get theirs.

English keeps the app's day-first style ("2 Dec 2026 14:05"). Dutch and French abbreviate months in lower case
with a full stop ("2 dec. 2026", "2 déc. 2026": the ``N`` format, whose words our catalogues give as the Taalunie
and the Imprimerie nationale write them — see ``months.py``); French names the weekday in full ("mercredi").

Besides Django's names, three of our own, defined for every language we offer (``get_format`` reads any name a
format module has; tests/test_formats.py checks each resolves):

- ``WEEKDAY_DATETIME_FORMAT``: a deadline or a moment people plan by, with its weekday;
- ``DAY_MONTH_TIME_FORMAT``: a moment in a compact table, without the year;
- ``DATETIME_SECONDS_FORMAT``: an audit event, to the second.
"""

CUSTOM_FORMATS = ("WEEKDAY_DATETIME_FORMAT", "DAY_MONTH_TIME_FORMAT", "DATETIME_SECONDS_FORMAT")
