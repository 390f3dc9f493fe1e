from enum import StrEnum


class IncidentErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    UNKNOWN_TRANSITION = "unknown_transition"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    TRANSITION_FORBIDDEN = "transition_forbidden"
    CONDITIONS_NOT_MET = "conditions_not_met"
    STALE = "stale"
    CLOSED = "incident_closed"
    FORBIDDEN = "permission_denied"
    UPLOAD_REFUSED = "upload_refused"
