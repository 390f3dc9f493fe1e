"""Error pages: JSON in the API's error shape under /api/, HTML elsewhere."""

import sys

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

from datalek.api_errors import (
    DATABASE_UNAVAILABLE,
    RETRY_AFTER,
    RETRY_AFTER_SECONDS,
    json_database_unavailable,
    json_not_found,
    json_server_error,
)


def is_api_request(request: HttpRequest) -> bool:
    """The API answers in its error shape; every other path with a page."""
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return json_not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, so it is still at hand.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    if is_api_request(request):
        return json_server_error(request)
    return defaults.server_error(request)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 while the database is unreachable. The page is standalone: it must not touch the database itself
    (no user, no session, no base template with its menus)."""
    if is_api_request(request):
        return json_database_unavailable(request)
    body = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
    return HttpResponse(body, status=503, headers=RETRY_AFTER)
