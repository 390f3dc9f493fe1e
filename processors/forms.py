"""Forms of the processor pages (client organisations, their DPA terms, written instructions); the services make
the domain checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from incidents.forms import DATETIME_FORMAT, DateTimeInput, EvidenceFileInput, StyledForm
from processors.models import WrittenInstruction
from vocabulary.codes import SECTORS
from vocabulary.languages import LANGUAGES


class ClientCreateForm(StyledForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = LazyTypedChoiceField(choices=countries, label=_("Country"), initial="NL")
    language = forms.ChoiceField(choices=LANGUAGES, label=_("Language of the alerts"), initial="nl")
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=40, required=False, help_text=_("KvK, SIREN or KBO/BCE.")
    )


class DpaTermsForm(StyledForm, forms.Form):
    """The breach terms of a client's data processing agreement, and which of our activities hold its data."""

    name = forms.CharField(label=_("Name"), max_length=200)
    alert_hours = forms.IntegerField(
        label=_("Alert deadline (hours after our awareness)"),
        min_value=1,
        max_value=168,
        help_text=_("From the data processing agreement; 24 or 48 hours are common."),
    )
    contacts = forms.CharField(
        label=_("Addresses for breach alerts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One e-mail address per line; every alert goes to each of them, and into the client's portal."
        ),
    )
    dpo_name = forms.CharField(
        label=_("Contact person at the client"),
        max_length=200,
        required=False,
        help_text=_("Greeted in the alert."),
    )
    agreement = forms.CharField(
        label=_("Agreement"),
        max_length=200,
        required=False,
        help_text=_("Which agreement and clause, e.g. “Verwerkersovereenkomst 12 January 2024, art. 9”."),
    )
    language = forms.ChoiceField(choices=LANGUAGES, label=_("Language of the alerts"))
    sector = forms.ChoiceField(
        choices=[("", "—"), *SECTORS],
        label=_("The client's sector"),
        required=False,
        help_text=_("Goes into the breach facts the client can download for its own assessment."),
    )
    activities = forms.MultipleChoiceField(
        label=_("Our processing activities done for this client"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the inventory: an incident on their systems proposes this client as affected."),
    )

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = [(str(a.pk), a.name) for a in activities]

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("activities")
        data["contacts"] = [line for line in data["contacts"].replace(",", "\n").splitlines() if line.strip()]
        return data

    def activity_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["activities"]]


class InstructionForm(StyledForm, forms.Form):
    client = forms.TypedChoiceField(label=_("Client"), coerce=int)
    allows = forms.MultipleChoiceField(
        label=_("What it allows us to do on the client's behalf"),
        choices=WrittenInstruction.Allows.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    given_by = forms.CharField(
        label=_("Given by"), max_length=200, help_text=_("Name and function of the person at the client.")
    )
    given_at = forms.DateTimeField(
        label=_("Given at"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
    )
    document = forms.FileField(
        label=_("The written instruction (e-mail or letter)"),
        required=False,
        widget=EvidenceFileInput,
        help_text=_("Attached to the incident as evidence, with its SHA-256 in the audit trail."),
    )
    document_reference = forms.CharField(
        label=_("Or: where the writing is kept"),
        max_length=300,
        required=False,
        help_text=_("E.g. “e-mail of 3 March 10:14, archived as DMS-2291”."),
    )
    note = forms.CharField(label=_("What it says"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, clients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [(c.pk, c.name) for c in clients]


class RevokeForm(StyledForm, forms.Form):
    reason = forms.CharField(label=_("Why it no longer holds"), widget=forms.Textarea(attrs={"rows": 2}))
