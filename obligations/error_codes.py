from enum import StrEnum


class ObligationErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "permission_denied"
    NOT_ALLOWED = "obligation_step_not_allowed"
    FOLLOWS_NOTICE = "obligation_follows_notice"
