"""Web forms. They check field types; the services make the domain checks and their errors land on the
fields here (``add_service_errors``)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from incidents.evidence import ALLOWED_TYPES
from incidents.models import FACT_FIELDS, Incident, Organisation
from incidents.validation import timeline_errors

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATE_FORMAT = "%Y-%m-%d"


class DateTimeInput(forms.DateTimeInput):
    """A ``datetime-local`` input: the browser reads only ISO values, whatever the page's language."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.pop("format", None)
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    """A ``date`` input: the browser reads only ISO values (``2025-12-08``), whatever the page's language."""

    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.pop("format", None)
        super().__init__(format=DATE_FORMAT, **kwargs)


def country_search(field: forms.Field, first=()) -> None:
    """A country list people can search (app.js puts a filter box above a select marked ``data-country-search``),
    with the countries in ``first`` — the organisation's — at its top."""
    codes = [str(code) for code in first if code]
    choices = list(field.choices)
    top = [choice for code in dict.fromkeys(codes) for choice in choices if str(choice[0]) == code]
    field.choices = top + [choice for choice in choices if str(choice[0]) not in codes]
    field.widget.attrs.update({"data-country-search": "true", "data-search-label": _("Search a country")})


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when the field is not on it)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class StyledForm:
    """Bootstrap classes on every widget, and ``is-invalid`` on fields with an error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        """The classes on every field's widget (again, for a form that adds fields after ``__init__``)."""
        for field in self.fields.values():
            field.widget.attrs["class"] = _widget_class(field.widget)

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            widget = self.fields[field].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class IncidentForm(StyledForm, forms.ModelForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Organisation"))
    client_organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Affected client organisations"),
        help_text=_("Only when we act as processor: the controllers whose data is affected."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Incident
        fields = [
            "title",
            "description",
            "our_role",
            "occurrence",
            "occurred_from",
            "occurred_until",
            "detected_at",
            "aware_at",
            "aware_established_by",
            "aware_justification",
            "discovery_channel",
            "systems_affected",
            "affected_countries",
        ]
        widgets = {
            "occurred_from": DateTimeInput(),
            "occurred_until": DateTimeInput(),
            "detected_at": DateTimeInput(),
            "aware_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "aware_justification": forms.Textarea(attrs={"rows": 3}),
            "systems_affected": forms.Textarea(attrs={"rows": 2}),
            "affected_countries": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, organisations, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if self.instance.pk:
            del self.fields["organisation"]
        elif organisations.count() == 1:
            self._only_organisation = organisations.first()
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["client_organisations"].queryset = clients
        if not clients.exists():
            del self.fields["client_organisations"]
        # the organisations' own countries first; on a new incident, preselected when they share one
        home = (
            [self.instance.organisation.country] if self.instance.pk else [o.country for o in organisations]
        )
        country_search(self.fields["affected_countries"], first=home)
        shared = len(set(map(str, home))) == 1
        if (
            shared
            and not self.instance.pk
            and not self.is_bound
            and not self.initial.get("affected_countries")
        ):
            self.initial["affected_countries"] = [str(home[0])]
        for name in ("occurred_from", "occurred_until", "detected_at", "aware_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    _only_organisation = None

    def chosen_organisation(self) -> Organisation:
        """The chosen organisation, or the user's only one."""
        return self.cleaned_data.get("organisation") or self._only_organisation

    def facts(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def clean(self):
        # The service is the authority on the domain rules; running them here too shows every problem at once.
        cleaned = super().clean()
        values = {name: getattr(self.instance, name) for name in FACT_FIELDS} if self.instance.pk else {}
        values.update({name: value for name, value in cleaned.items() if name in self.Meta.fields})
        for field, messages in timeline_errors(values).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, messages)
        return cleaned

    def _post_clean(self):
        # The service validates and saves the model; the form must not write into the instance.
        pass


class ContainmentForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["containment_status", "containment_measures", "containment_plan", "contained_at"]
        widgets = {
            "containment_measures": forms.Textarea(attrs={"rows": 3}),
            "containment_plan": forms.Textarea(attrs={"rows": 3}),
            "contained_at": DateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contained_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        self.fields["contained_at"].help_text = _("Leave empty to use the current time.")

    def _post_clean(self):
        pass


class TransitionForm(forms.Form):
    transition = forms.CharField(max_length=40)
    reason = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    expected_status = forms.ChoiceField(choices=Incident.Status.choices, required=False)


class EvidenceFileInput(forms.ClearableFileInput):
    """A file input that carries the evidence limits: the accepted extensions (``accept``) and the largest size with
    the message to show (app.js refuses a larger file in the browser, before anything is sent; the server checks
    again)."""

    def get_context(self, name, value, attrs):
        limit = settings.EVIDENCE_MAX_BYTES
        attrs = {
            **(attrs or {}),
            "accept": ",".join(sorted(ALLOWED_TYPES)),
            "data-max-bytes": str(limit),
            "data-too-large": _("The file is %(size)d MB; the limit is %(limit)d MB.")
            .replace("%(limit)d", str(limit // (1024 * 1024)))
            .replace("%(size)d", "%(size)s"),
        }
        return super().get_context(name, value, attrs)


class EvidenceForm(StyledForm, forms.Form):
    file = forms.FileField(label=_("File"), widget=EvidenceFileInput)
    description = forms.CharField(label=_("What it shows"), max_length=500, required=False)
