"""Forms of the notifications pages; the services make the domain checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from incidents.forms import DATETIME_FORMAT, DateTimeInput, EvidenceFileInput, StyledForm, country_search
from incidents.models import Organisation
from notifications.models import LANGUAGES, Notice, WrittenInstruction
from notifications.people_texts import GROUP_SECTIONS, SECTION_LABELS
from notifications.services import EDITABLE_ANSWERS, TEXT_FIELDS
from vocabulary.codes import SECTORS

TEXT_LABELS = SECTION_LABELS
ANSWER_LABELS = {
    "breach.description": _("Description of the breach"),
    "breach.systems": _("Systems involved"),
    "measures_after.containment_measures": _("Measures taken"),
    "measures_after.containment_plan": _("Measures planned"),
    "measures_after.mitigation": _("Measures to mitigate the effects"),
    "data.records": _("Number of records"),
}


class AuthoritiesForm(StyledForm, forms.Form):
    codes = forms.CharField(
        label=_("Authorities to notify"),
        required=False,
        help_text=_("Codes separated by commas, e.g. AP, CNIL, GBA or SA-DE."),
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you differ from the resolver."),
    )

    def code_list(self) -> list[str]:
        return [c.strip().upper() for c in self.cleaned_data["codes"].split(",") if c.strip()]


class DraftForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(choices=Notice.Kind.choices)
    authority = forms.CharField(required=False, max_length=12)
    client = forms.IntegerField(required=False)
    language = forms.ChoiceField(choices=[("", "—"), *LANGUAGES], required=False)
    on_behalf_of = forms.IntegerField(required=False)


class NoticeEditForm(StyledForm, forms.Form):
    """The texts a person writes: free-text answers of an authority or controller notice, or the texts of a
    communication per language; plus the reasons for a delay."""

    def __init__(self, *args, notice: Notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        content = notice.content
        if "sections" in content:
            for path in EDITABLE_ANSWERS:
                section, key = path.split(".")
                self.fields[f"answer__{path}"] = forms.CharField(
                    label=ANSWER_LABELS[path],
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=content["sections"].get(section, {}).get(key) or "",
                )
        for language, texts in content.get("texts", {}).items():
            for field in TEXT_FIELDS:
                if field in texts:
                    self.fields[f"text__{language}__{field}"] = forms.CharField(
                        label=f"{TEXT_LABELS[field]} ({language.upper()})",
                        required=False,
                        initial=texts[field],
                        widget=forms.Textarea(attrs={"rows": 1 if field in ("subject", "title") else 3}),
                    )
            # a notice told by group: the texts that depend on the group, per group told
            self._group_fields(language, content.get("group_texts", {}).get(language, {}))
        if notice.kind == Notice.Kind.AUTHORITY and notice.phase == Notice.Phase.INITIAL:
            self.fields["late_reason"] = forms.CharField(
                label=_("Reasons for the delay (Art. 33(1))"),
                required=False,
                initial=notice.late_reason,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Required when the authority is notified more than 72 hours after awareness."),
            )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def _group_fields(self, language: str, by_group: dict) -> None:
        self.group_labels = getattr(self, "group_labels", {})
        for index, (label, sections) in enumerate(by_group.items()):
            sections = {"data": sections} if isinstance(sections, str) else sections
            for section in GROUP_SECTIONS:
                name = f"group__{language}__{index}__{section}"
                self.group_labels[name] = (language, label, section)
                self.fields[name] = forms.CharField(
                    label=_("%(section)s, group “%(group)s” (%(lang)s)")
                    % {"section": TEXT_LABELS[section], "group": label, "lang": language.upper()},
                    required=False,
                    initial=sections.get(section, ""),
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def changes(self) -> dict:
        answers, texts, group_texts = {}, {}, {}
        for name, value in self.cleaned_data.items():
            if name.startswith("answer__"):
                answers[name.removeprefix("answer__")] = value
            elif name.startswith("text__"):
                _prefix, language, field = name.split("__")
                texts.setdefault(language, {})[field] = value
            elif name.startswith("group__"):
                language, label, section = self.group_labels[name]
                group_texts.setdefault(language, {}).setdefault(label, {})[section] = value
        changes = {"answers": answers, "texts": texts, "late_reason": self.cleaned_data.get("late_reason")}
        return changes | ({"group_texts": group_texts} if group_texts else {})


class FileForm(StyledForm, forms.Form):
    filed_at = forms.DateTimeField(
        label=_("Filed at"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
    )
    reference = forms.CharField(
        label=_("The authority's reference"),
        max_length=100,
        help_text=_("AP meldingsnummer, CNIL number or GBA “DBN…” reference."),
    )
    acknowledge_missing = forms.BooleanField(
        label=_("I acknowledge that the answers listed as missing follow later (Art. 33(4) GDPR)"),
        required=False,
    )


class SubjectsUploadForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, separated by ; or , with a header row: name, email, postal_address, language (nl, fr or en) and "
            "optionally external_id and group (the person's group of the risk assessment, e.g. customers). Each "
            "person needs an e-mail address or a postal address. Loading a list again adds no one twice; people "
            "already on it without a group get the group of their row."
        ),
    )


class SubjectCorrectForm(StyledForm, forms.Form):
    """A DPO's correction of one person; the rule on lengths and addresses is the service's (the import's own)."""

    name = forms.CharField(label=_("Name"), required=False, strip=False)
    email = forms.CharField(label=_("E-mail"), required=False, strip=False)
    postal_address = forms.CharField(
        label=_("Postal address"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    group = forms.CharField(
        label=_("Group"),
        required=False,
        strip=False,
        help_text=_(
            "One of the groups of the risk assessment; a notice to the people reaches the groups at high risk."
        ),
    )


class SubjectGroupForm(StyledForm, forms.Form):
    """A DPO's change of one person's group, from the list (the rest of the person stays as it is)."""

    group = forms.CharField(label=_("Group"), required=False, strip=False)


class SubjectsGroupBlankForm(StyledForm, forms.Form):
    """A DPO puts everyone without a group into one of the assessment's groups."""

    group = forms.ChoiceField(label=_("Group"))

    def __init__(self, *args, labels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(label, label) for label in labels]


class SubjectExcludeForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason for excluding"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Why this person is not told through Datalek (e.g. told by telephone, no address to be found)."
        ),
    )


class OrganisationForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "registration_number",
            "address",
            "sector",
            "country",
            "language",
            "dpo_name",
            "dpo_email",
            "dpo_phone",
            "dpo_registration_number",
            "sender_name",
            "sender_email",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country_search(self.fields["country"], first=[self.instance.country] if self.instance.pk else ())

    def _post_clean(self):
        pass  # the service validates and saves


class EstablishmentForm(StyledForm, forms.Form):
    country = LazyTypedChoiceField(choices=countries, label=_("Country"))
    is_main = forms.BooleanField(required=False, label=_("Main establishment (Art. 4(16))"))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the names in the reader's language: the class's list was made once, in English, when it was imported
        self.fields["country"].choices = list(countries)
        country_search(self.fields["country"], first=[organisation.country] if organisation else ())

    address = forms.CharField(required=False, label=_("Address"))


# --- the processor side: client organisations, their DPA terms, their written instructions ---------------------


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
