# Dutch: months in lower case, abbreviated with a full stop (Taalunie: "jan.", "mrt.", "mei", "dec.").
DATE_FORMAT = "j F Y"  # 2 december 2026
DATETIME_FORMAT = "j N Y H:i"  # 2 dec. 2026 14:05
YEAR_MONTH_FORMAT = "N Y"  # dec. 2026
MONTH_DAY_FORMAT = "j N"  # 2 dec.
WEEKDAY_DATETIME_FORMAT = "D j N Y H:i"  # wo 2 dec. 2026 14:05
DAY_MONTH_TIME_FORMAT = "j N H:i"  # 2 dec. 14:05
DATETIME_SECONDS_FORMAT = "j N Y H:i:s"  # 2 dec. 2026 14:05:09
