from enum import StrEnum


class PortalErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "permission_denied"
    ALREADY_ANSWERED = "already_answered"
    ALREADY_IMPORTED = "already_imported"
    NO_FACTS = "no_facts"
