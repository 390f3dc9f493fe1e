# English as the app has always shown it: day first, abbreviated month capitalised, 24-hour clock.
DATE_FORMAT = "j F Y"  # 2 December 2026 (letters, the register, the public communication)
DATETIME_FORMAT = "j M Y H:i"  # 2 Dec 2026 14:05
YEAR_MONTH_FORMAT = "M Y"  # Dec 2026
MONTH_DAY_FORMAT = "j M"  # 2 Dec
WEEKDAY_DATETIME_FORMAT = "D j M Y H:i"  # Wed 2 Dec 2026 14:05
DAY_MONTH_TIME_FORMAT = "j M H:i"  # 2 Dec 14:05
DATETIME_SECONDS_FORMAT = "j M Y H:i:s"  # 2 Dec 2026 14:05:09
# Day first here too (Django's English is American: "12/02/2026 2:05 p.m." would read as 12 February).
SHORT_DATE_FORMAT = "d/m/Y"  # 02/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 02/12/2026 14:05
