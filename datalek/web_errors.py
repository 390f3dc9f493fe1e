"""One error path for the pages, as ``datalek.api_errors`` is the API's: a ``DomainError`` that a service raises
becomes what the page shows, instead of a ``try/except DomainError`` in every view.

- ``@domain_errors(back=…)`` on a view: a refusal the view lets through becomes ``messages.error`` with the
  error's message and a redirect to ``back(request, *args, **kwargs)`` — ``back`` gets the view's own arguments
  and returns anything ``redirect()`` takes (a URL, usually). ``details=True`` adds the messages of the error's
  fields to the message. A refusal with status 404 is the page's 404 instead (``Http404`` with its message), as
  for any object the user may not see. In an htmx request the redirect is an ``HX-Redirect`` header: the browser
  goes to that page and shows the message there, rather than htmx swapping a whole page into a panel.
- ``found(selector, *args)`` where a view (or a decorator such as ``incident_view``) resolves its object: a 404
  refusal is the page's 404; any other refusal goes on.

Nothing else is caught: a ``ValidationError`` or a bug goes on as before. A view that shows a refused form again
with the error at its top (``form.add_error(None, exc.message)``) keeps its own ``except DomainError``: the form
and the page it re-renders are the view's. The transaction is the service's (it owns ``transaction.atomic``): by
the time a refusal reaches the decorator, whatever the service wrote is rolled back.

Use: put ``@domain_errors`` under the decorator that resolves the object, so that ``back`` gets it::

    @require_POST
    @incident_view
    @domain_errors(back=lambda request, incident, **_: incident.get_absolute_url() + "#risk")
    def assessment_finalise(request, incident):
        services.assessment_finalise(actor=request.user, incident_id=incident.pk, note=…)
        messages.success(request, …)
        return redirect(incident.get_absolute_url() + "#risk")

    def notice_view(view):  # a lookup decorator: 404 for anyone who may not see the notice
        @login_required
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            return view(request, found(selectors.notice_get, request.user, pk), *args, **kwargs)
        return wrapper

For the notices' views (still to convert): ``_done(request, notice, exc=exc)`` is ``back=`` the notice page and
``_refused(request, incident, exc)`` the people page; ``notice_view`` and ``client_page`` resolve with ``found``;
where a view catches ``(ValidationError, DomainError)`` together it keeps ``except ValidationError``. A view that
puts the refusal as a message on the page it renders again, with the form as typed (the people, organisation,
clients, client and instructions pages), is like a form shown again: it keeps its ``except``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url

from datalek.errors import DomainError

T = TypeVar("T")
View = Callable[..., HttpResponse]


def found(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """What ``call`` returns; a refusal with status 404 is the page's 404, with its message."""
    try:
        return call(*args, **kwargs)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from None
        raise


def domain_errors(back: Callable[..., Any], *, details: bool = False) -> Callable[[View], View]:
    """A ``DomainError`` out of the view: its message, and back to ``back(request, *args, **kwargs)``; the 404."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except DomainError as exc:
                if exc.status == 404:
                    raise Http404(exc.message) from None
                to = found(back, request, *args, **kwargs)
                messages.error(request, refusal_text(exc, details=details))
                return go_back(request, to)

        return wrapper

    return decorate


def refusal_text(exc: DomainError, *, details: bool = False) -> str:
    """The error's message; with ``details``, followed by the messages of its fields."""
    if not details:
        return exc.message
    said = " ".join(message for messages_ in exc.fields.values() for message in messages_)
    return f"{exc.message} {said}".strip()


def go_back(request: HttpRequest, to: Any) -> HttpResponse:
    """A redirect; for htmx, ``HX-Redirect`` (htmx follows a plain redirect itself and swaps the page it gets)."""
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": resolve_url(to)})
    return redirect(to)
