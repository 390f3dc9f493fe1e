from enum import StrEnum


class InventoryErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "permission_denied"
    IN_USE = "in_use"
    NOTHING_PROPOSED = "nothing_proposed"
    CLOSED = "incident_closed"
