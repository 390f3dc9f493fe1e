"""Forms of the notifications pages; the services make the domain checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from incidents.forms import DATETIME_FORMAT, DateTimeInput, StyledForm, country_search
from incidents.models import Organisation
from notifications.editable import EDITABLE_ANSWERS, TEXT_FIELDS
from notifications.models import Notice
from notifications.people_texts import GROUP_SECTIONS, SECTION_LABELS
from vocabulary.languages import LANGUAGES

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
