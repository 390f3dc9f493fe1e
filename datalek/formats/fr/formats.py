# French: months in lower case, abbreviated as the Imprimerie nationale does ("janv.", "févr.", "mai", "déc."),
# the weekday in full.
DATE_FORMAT = "j F Y"  # 2 décembre 2026
DATETIME_FORMAT = "j N Y H:i"  # 2 déc. 2026 14:05
YEAR_MONTH_FORMAT = "N Y"  # déc. 2026
MONTH_DAY_FORMAT = "j N"  # 2 déc.
WEEKDAY_DATETIME_FORMAT = "l j N Y H:i"  # mercredi 2 déc. 2026 14:05
DAY_MONTH_TIME_FORMAT = "j N H:i"  # 2 déc. 14:05
DATETIME_SECONDS_FORMAT = "j N Y H:i:s"  # 2 déc. 2026 14:05:09
