from enum import StrEnum


class ProcessorErrorCode(StrEnum):
    """The same strings the notifications app answered with before the processor side became an app of its own:
    the API and its clients know them."""

    NOT_FOUND = "not_found"
    FORBIDDEN = "permission_denied"
    NOT_ALLOWED = "notice_not_allowed"
