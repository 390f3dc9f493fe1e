from enum import StrEnum


class AlertErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "permission_denied"
