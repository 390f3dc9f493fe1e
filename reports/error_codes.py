from enum import StrEnum


class ReportErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    NOT_READY = "document_not_ready"
    NOT_LETTERS = "not_letters"
    TOO_LARGE = "too_large"
    NO_LETTERS = "no_letters"
    ALREADY_POSTED = "already_posted"
