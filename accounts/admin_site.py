"""Django's admin behind the application's own two-step login.

The admin's password form would log a user with an authenticator app in on the password alone. Here its login
page hands over to ours (accounts/views.py: password, then the code), and every admin page asks for a staff member
the second factor allows in (``incidents.second_factor.may_enter_admin``): a session verified with the code when
they have an app, and an app at all when ``OTP_REQUIRED_FOR_STAFF`` is on. django-otp's ``OTPAdminSite`` would do the
second part with a login form of its own beside ours, and could not let staff without an app in for a demo.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.second_factor import has_second_factor, may_enter_admin, relaxed, staff_enrolment_required


class VerifiedAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Datalek administration")
    site_title = gettext_lazy("Datalek administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and may_enter_admin(request.user)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Our login page, coming back to the admin page asked for; the enrolment page for staff who need an app."""
        next_url = self._next(request)
        if self.has_permission(request):
            return redirect(next_url)
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not has_second_factor(user):
            if staff_enrolment_required(user):
                messages.warning(
                    request, _("Set up an authenticator app to use the admin: it is required for staff.")
                )
                return redirect("two_factor")
        elif user.is_authenticated and not (user.is_active and user.is_staff):
            raise PermissionDenied
        return redirect_to_login(next_url, reverse("login"))

    def _next(self, request: HttpRequest) -> str:
        url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
            return url
        return reverse("admin:index", current_app=self.name)

    def each_context(self, request: HttpRequest) -> dict:
        context = super().each_context(request)
        if "staff" in relaxed():
            # Loud on every admin page, as the banner is on the application's pages (datalek/templates/base.html).
            context["site_header"] = format_lazy(
                "{} — {}", self.site_header, gettext_lazy("two-step login not required for staff (demo)")
            )
        return context
