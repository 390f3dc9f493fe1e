"""One error shape for the whole API: ``{"error": {"code": …, "message": …, "fields": {…}}}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from datalek.errors import DomainError

_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [f"{key}: {msg}" for key, value in detail.items() for msg in _flatten(value)]
    if isinstance(detail, list):
        return [msg for item in detail for msg in _flatten(item)]
    return [str(detail)]


def _fields_from_drf(detail: Any) -> tuple[str | None, dict[str, list[str]]]:
    if not isinstance(detail, dict):
        return "; ".join(_flatten(detail)), {}
    fields = {key: _flatten(value) for key, value in detail.items() if key != "non_field_errors"}
    non_field = _flatten(detail.get("non_field_errors", []))
    return ("; ".join(non_field) or None), fields


# The database went away under the request (a restart, a failover, a lost connection): the transaction was rolled
# back, and the next request gets a fresh connection (CONN_HEALTH_CHECKS). A 503 says "try again", not "bug".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
RETRY_AFTER = {"Retry-After": str(RETRY_AFTER_SECONDS)}


def database_unavailable_body() -> dict[str, Any]:
    return error_body(
        "database_unavailable",
        _(
            "The database cannot be reached right now (it may be restarting). Try again in a few seconds; "
            "reload first to see whether your last change was saved."
        ),
    )


def json_database_unavailable(request=None) -> JsonResponse:
    return JsonResponse(database_unavailable_body(), status=503, headers=RETRY_AFTER)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DATABASE_UNAVAILABLE):
        return Response(database_unavailable_body(), status=503, headers=RETRY_AFTER)
    if isinstance(exc, DomainError):
        # A refusal that ends by itself (the login lock-out) says when: ``retry_after`` seconds.
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status, headers=headers)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        message = "; ".join(exc.messages) if not fields else _("Some fields are not valid.")
        return Response(error_body("invalid", message, fields), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's handler500 answers (JSON under /api/)
    if isinstance(exc, exceptions.ValidationError):
        message, fields = _fields_from_drf(exc.detail)
        response.data = error_body("invalid", message or _("Some fields are not valid."), fields)
        return response
    if isinstance(exc, exceptions.ParseError):
        response.data = error_body("malformed_request", str(exc.detail))
        return response
    code = _CODES.get(response.status_code, "error")
    detail = getattr(exc, "detail", "")
    response.data = error_body(code, "; ".join(_flatten(detail)) or code.replace("_", " "))
    return response


def document_throttling(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every operation may answer 429 when its caller is throttled
    (accounts/throttling.py), in the error shape and with ``Retry-After``."""
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result
    throttled = {
        "description": "Too many requests: throttled (`throttled`) or locked out (`locked_out`).",
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before the next request is allowed.",
                "schema": {"type": "integer"},
            }
        },
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"]["429"] = throttled
    return result


def json_not_found(request, exception=None) -> JsonResponse:
    return JsonResponse(error_body("not_found", _("No such resource.")), status=status.HTTP_404_NOT_FOUND)


def json_server_error(request) -> JsonResponse:
    return JsonResponse(
        error_body("server_error", _("Something went wrong on our side; it has been logged.")), status=500
    )
