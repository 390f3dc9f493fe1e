from enum import StrEnum


class DeliveryErrorCode(StrEnum):
    """The same strings the notifications app answered with before the outbox became an app of its own: the API and
    its clients know them."""

    NOT_ALLOWED = "notice_not_allowed"
    CONDITIONS_NOT_MET = "conditions_not_met"
    NO_RECIPIENTS = "no_recipients"
