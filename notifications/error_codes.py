from enum import StrEnum


class NoticeErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "permission_denied"
    NOT_ALLOWED = "notice_not_allowed"
    CONDITIONS_NOT_MET = "conditions_not_met"
    EXISTS = "notice_exists"
    STALE = "stale"
    NO_RECIPIENTS = "no_recipients"
