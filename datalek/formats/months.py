"""Month abbreviations for the ``N`` date format, as Dutch and French write them.

``N`` says a month through Django's catalogue (``pgettext("abbrev. month", "Dec.")``), whose Dutch has no full
stop ("dec") and whose French is not the Imprimerie nationale's ("jan.", "fév."). The same context and msgids,
marked here, put them in our catalogues (locale/), which take precedence over Django's: Dutch "jan.", "mrt.",
"mei", "dec."; French "janv.", "févr.", "mai", "déc.". English dates use ``M`` ("Dec") and never read these.
"""

from django.utils.translation import pgettext_lazy

# The msgids of django/utils/dates.py MONTHS_AP, which ``N`` reads.
MONTHS_AP = {
    1: pgettext_lazy("abbrev. month", "Jan."),
    2: pgettext_lazy("abbrev. month", "Feb."),
    3: pgettext_lazy("abbrev. month", "March"),
    4: pgettext_lazy("abbrev. month", "April"),
    5: pgettext_lazy("abbrev. month", "May"),
    6: pgettext_lazy("abbrev. month", "June"),
    7: pgettext_lazy("abbrev. month", "July"),
    8: pgettext_lazy("abbrev. month", "Aug."),
    9: pgettext_lazy("abbrev. month", "Sept."),
    10: pgettext_lazy("abbrev. month", "Oct."),
    11: pgettext_lazy("abbrev. month", "Nov."),
    12: pgettext_lazy("abbrev. month", "Dec."),
}
