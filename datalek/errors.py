"""The one error type services raise for refusals the caller can act on.

Views turn it into a form/page message, the API into ``{"error": {"code", "message", "fields"}}``.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = str(message)
        self.fields = fields or {}
        if status is not None:
            self.status = status


class Conflict(DomainError):
    """The object changed under the caller (a concurrent transition, a stale form)."""

    status = 409
