from enum import StrEnum


class ReportErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    NOT_READY = "document_not_ready"
    TOO_LARGE = "too_large"
    NO_LETTERS = "no_letters"
    ALREADY_POSTED = "already_posted"
