"""Web forms of the reports: which document, which period. They check types; the services check the rest."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from incidents.forms import DateInput, StyledForm
from incidents.validation import EARLIEST
from reports.models import Document
from reports.register import Period

LANGUAGE_CHOICES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]
MAX_PERIOD_DAYS = 3660


def period_problem(start: date, end: date | None) -> tuple[str, str] | None:
    """What is wrong with a period, as (field, message), or None; the form and the API check the same."""
    if end and start > end:
        return "date_to", _("The end of the period comes before its start.")
    if end and end - start > timedelta(days=MAX_PERIOD_DAYS):
        return "date_from", _("Choose a period of at most ten years.")
    if start < EARLIEST.date():  # an earlier date is a typo in the year, as for an incident's moments
        return "date_from", _("Choose a period from 1970 on.")
    return None


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (Document.Kind.NOTICE, ""),
            (Document.Kind.INCIDENT_REPORT, ""),
            (Document.Kind.OBLIGATION_REPORT, ""),
        ]
    )
    notice = forms.IntegerField(required=False)
    report = forms.IntegerField(required=False)
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, required=False)
    back = forms.ChoiceField(choices=[("incident", ""), ("notice", ""), ("obligations", "")], required=False)


class PeriodForm(StyledForm, forms.Form):
    """An organisation (when the user works for several) and a period of awareness dates."""

    organisation = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )
    date_from = forms.DateField(label=pgettext_lazy("start of a period", "From"), widget=DateInput())
    date_to = forms.DateField(label=_("To (inclusive)"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=LANGUAGE_CHOICES, required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        if len(self.fields["organisation"].choices) <= 1:
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and (problem := period_problem(start, end)):
            self.add_error(*problem)
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])


def period_form(data, organisations) -> PeriodForm:
    """Bound to the query string when it has a period, else to the default period (the last twelve months)."""
    if data.get("date_from") or data.get("date_to"):
        return PeriodForm(data, organisations=organisations)
    default = Period.default()
    initial = {
        "date_from": default.start,
        "date_to": default.end,
        "organisation": data.get("organisation") or "",
    }
    if organisations:
        initial["organisation"] = initial["organisation"] or organisations[0].pk
    return PeriodForm(initial, organisations=organisations)
