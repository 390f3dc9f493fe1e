"""The page "Waiting for you"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inbox.selectors import inbox_for


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    return render(request, "inbox/page.html", {"acts": inbox_for(request.user)})
