"""Web forms of the inventory. They check field types; the services make the domain checks, and their errors
land on the fields here (``incidents.forms.add_service_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from incidents.forms import StyledForm
from incidents.models import Incident, Organisation
from inventory import selectors
from inventory.models import InventoryRecord, ProcessingActivity, Processor, System
from inventory.provenance import PATH_LABELS
from inventory.vocabulary import DATA_CATEGORIES, PROTECTION_CHOICES, SUBJECT_CATEGORIES


def _choosable(queryset: QuerySet, current: list[Any] | Any = None) -> QuerySet:
    """Active records, plus the archived ones this record already refers to (so that saving keeps them)."""
    ids = (
        [c.pk for c in current if c is not None]
        if isinstance(current, list)
        else [getattr(current, "pk", None)]
    )
    return queryset.filter(Q(archived_at__isnull=True) | Q(pk__in=[i for i in ids if i])).order_by("name")


class RecordForm(StyledForm, forms.ModelForm):
    """A record of one organisation's inventory. Saving goes through the services, never ``form.save()``."""

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def _post_clean(self):
        # The service validates and saves; the form must not write into the instance.
        pass


class ProcessorForm(RecordForm):
    class Meta:
        model = Processor
        fields = ["name", "role", "parent", "country", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = selectors.processors_of(self.organisation).exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = _choosable(
            others, self.instance.parent if self.instance.pk else None
        )


class SystemForm(RecordForm):
    class Meta:
        model = System
        fields = [
            "name",
            "description",
            "owner",
            "hosting_processor",
            "hosting",
            "country",
            "encryption",
            "hashing",
            "backup",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.hosting_processor if self.instance.pk else None
        self.fields["hosting_processor"].queryset = _choosable(
            selectors.processors_of(self.organisation), current
        )


class ActivityForm(RecordForm):
    data_categories = forms.MultipleChoiceField(
        choices=DATA_CATEGORIES,
        required=False,
        label=_("Data categories"),
        widget=forms.CheckboxSelectMultiple,
    )
    subject_categories = forms.MultipleChoiceField(
        choices=SUBJECT_CATEGORIES,
        required=False,
        label=_("Subject categories"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "name",
            "purpose",
            "legal_basis",
            "data_categories",
            "subject_categories",
            "subjects_count",
            "retention",
            "systems",
            "processors",
            "client_organisations",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "systems": forms.CheckboxSelectMultiple,
            "processors": forms.CheckboxSelectMultiple,
            "client_organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org, instance = self.organisation, self.instance
        current = {
            name: list(getattr(instance, name).all()) if instance.pk else [] for name in self.Meta.fields[-3:]
        }
        self.fields["systems"].queryset = _choosable(selectors.systems_of(org), current["systems"])
        self.fields["processors"].queryset = _choosable(selectors.processors_of(org), current["processors"])
        clients = selectors.clients_of(org)
        if clients.exists():
            self.fields["client_organisations"].queryset = clients
        else:
            del self.fields["client_organisations"]

    def values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        for name in ("data_categories", "subject_categories"):
            values[name] = list(values[name])
        return values


FORMS: dict[type[InventoryRecord], type[RecordForm]] = {
    System: SystemForm,
    ProcessingActivity: ActivityForm,
    Processor: ProcessorForm,
}


class ImportForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("Inventory file (JSON)"),
        help_text=_("A file exported from Datalek, or written in the same format. At most 5 MB."),
    )

    MAX_BYTES = 5 * 1024 * 1024


class AffectedSystemsForm(StyledForm, forms.Form):
    systems = forms.ModelMultipleChoiceField(
        queryset=System.objects.none(),
        required=False,
        label=_("Affected systems"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The systems of the inventory this incident hits. The facts below are proposed from them."
        ),
    )

    def __init__(self, *args, incident: Incident, current: list[System], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["systems"].queryset = _choosable(selectors.systems_of(incident.organisation), current)


def _fact_field(path: str, incident: Incident) -> forms.Field:
    label = PATH_LABELS[path]
    if path == "data_categories":
        return forms.MultipleChoiceField(
            choices=DATA_CATEGORIES, label=label, widget=forms.CheckboxSelectMultiple
        )
    if path == "subject_categories":
        return forms.MultipleChoiceField(
            choices=SUBJECT_CATEGORIES, label=label, widget=forms.CheckboxSelectMultiple
        )
    if path == "subjects_count":
        return forms.IntegerField(label=label, min_value=0)
    if path.startswith("protection."):
        return forms.ChoiceField(choices=PROTECTION_CHOICES[path], label=label)
    if path == "processors":
        queryset = selectors.processors_of(incident.organisation).order_by("name")
    else:
        queryset = selectors.clients_of(incident.organisation)
    return forms.ModelMultipleChoiceField(queryset=queryset, label=label, widget=forms.CheckboxSelectMultiple)


class FactForm(StyledForm, forms.Form):
    """Confirm a proposed fact as it is (without ``value``), or correct it (``fact_form(…, correct=True)``)."""

    path = forms.ChoiceField(choices=[(p, p) for p in PATH_LABELS], widget=forms.HiddenInput)
    next = forms.ChoiceField(
        choices=[("systems", "systems"), ("risk", "risk")], required=False, widget=forms.HiddenInput
    )

    def value(self) -> Any:
        """The value for the service: None confirms; chosen records become their ids."""
        if "value" not in self.cleaned_data:
            return None
        value = self.cleaned_data["value"]
        if isinstance(value, QuerySet):
            return [item.pk for item in value]
        return list(value) if isinstance(value, list | tuple) else value


def fact_form(
    incident: Incident, path: str, *, data: Any = None, correct: bool = False, current: Any = None
) -> FactForm:
    """The confirm form of one fact, or with ``correct`` its correction form (a field typed for the fact,
    starting from the ``current`` value)."""
    fields = {"value": _fact_field(path, incident)} if correct and path in PATH_LABELS else {}
    form_class = type("FactForm", (FactForm,), fields)
    initial = {"path": path}
    if fields and current is not None:
        parties = path in ("processors", "client_organisations")
        initial["value"] = [item["id"] for item in current if isinstance(item, dict)] if parties else current
    # One form per fact on the page: ids carry the path, names stay plain.
    return form_class(data, initial=initial, auto_id=f"id_{path.replace('.', '_')}_%s")
