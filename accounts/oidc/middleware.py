"""The second factor the provider vouched for, carried from the session to the request's user.

Placed right after django-otp's middleware (``accounts.oidc.config``). The callback writes the user's id under
``SESSION_KEY`` when the ID token said a second factor was used (``claims.second_factor_at_provider``); every request
of that session then marks its user ``second_factor_at_provider``, which ``incidents.second_factor`` reads for the
binding acts. The mark is the user's own: Django's ``login`` flushes the session when another user logs in with it,
and a new sign-in through the provider without a second factor clears it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SESSION_KEY = "accounts_oidc_second_factor"


class SecondFactorAtProviderMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        marked = request.session.get(SESSION_KEY)
        if marked is not None:
            user = request.user
            if user.is_authenticated and user.pk == marked:
                user.second_factor_at_provider = True
        return self.get_response(request)
