"""Answers that carry personal data are kept by nobody: not the browser's cache or history, not a proxy on the way.

Incidents, evidence, the lists of affected people and the people's names in every page's menu are personal data
(Art. 5(1)(f), Art. 32 GDPR). Rather than list the pages that carry some — and miss the next one — every answer
of the application is ``Cache-Control: private, no-store``, the API's errors and the login page included. What
may be kept is the exception, and says so itself:

- static files, which WhiteNoise answers before this middleware sees the request (it comes after it);
- a page its view declares ``public`` (the published public communication), and only when it is asked by nobody
  in particular: to a person logged in every page carries their name, and the API is never public.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re

from datalek.views import is_api_request

NO_STORE = "private, no-store"


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not may_be_kept(request, response):
            response["Cache-Control"] = NO_STORE
        return response


def may_be_kept(request: HttpRequest, response: HttpResponse) -> bool:
    """Only what its view declared public, asked anonymously, outside the API. (The user is read after the view:
    the API's token authentication sets it then.)"""
    user = getattr(request, "user", None)
    if (user is not None and user.is_authenticated) or is_api_request(request):
        return False
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    return "public" in directives
