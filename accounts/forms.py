"""Forms of the login's second step and of enrolling an authenticator app."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class CodeField(forms.CharField):
    """Six digits; the spaces apps show (``123 456``) are ignored."""

    def to_python(self, value):
        return "".join(str(super().to_python(value)).split())


class CodeForm(forms.Form):
    """The input itself is written by accounts/_code_field.html (one-time-code, numeric, autofocus)."""

    code = CodeField(
        label=_("Code from your authenticator app"),
        max_length=12,
        validators=[RegexValidator(r"^\d{6}$", _("Enter the 6 digits your app shows."))],
    )
