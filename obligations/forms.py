"""The forms of the obligations' pages: the answers to a regime's own test, the organisation's regimes profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.forms import DATETIME_FORMAT, DateTimeInput, StyledForm
from obligations.models import FILED_AGAIN, RegimeProfile

ANSWER_CHOICES = [("", _("Not known yet")), ("yes", _("Yes")), ("no", _("No"))]

# The questions of each regime's own test, as the team reads them (obligations.services.QUESTIONS names them).
QUESTION_LABELS = {
    "severe_operational_disruption": _(
        "Has it caused, or can it cause, severe operational disruption of the services?"
    ),
    "financial_loss": _("Has it caused, or can it cause, financial loss for the organisation?"),
    "considerable_damage_to_others": _("Has it affected, or can it affect, others by considerable damage?"),
    "classified_major": _("Classified as a major ICT-related incident?"),
    "significant_impact": _("A significant impact on the trust service or the personal data in it?"),
    "actively_exploited_vulnerability": _("An actively exploited vulnerability in a product?"),
    "severe_incident": _("A severe incident having an impact on the security of a product?"),
}


class AnswersForm(StyledForm, forms.Form):
    """Yes, no or not known yet for each question of one regime's test."""

    def __init__(
        self, *args: Any, questions: tuple[str, ...], initial_answers: dict | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        given = initial_answers or {}
        for name in questions:
            if name == "classified_at":
                self.fields[name] = forms.DateTimeField(
                    label=_("Moment of the classification"),
                    required=False,
                    widget=DateTimeInput(),
                    input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
                )
                continue
            value = given.get(name)
            self.fields[name] = forms.ChoiceField(
                label=QUESTION_LABELS[name],
                choices=ANSWER_CHOICES,
                required=False,
                initial="" if value is None else ("yes" if value else "no"),
            )
        self.style()

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "classified_at":
                result[name] = value.isoformat() if value else None
            else:
                result[name] = {"yes": True, "no": False}.get(value)
        return result


# The moments a report counts from, as the team records them on an obligation (obligations.services.
# recordable_moments names them).
MOMENT_LABELS = {
    "handled": _("The incident was handled (NIS2 Art. 23(4)(e))"),
    "corrective_measure": _("A corrective or mitigating measure is available (CRA Art. 14(2)(c))"),
}


def moment_label(name: str, obligation: Any) -> str:
    """The moment's name as the team reads it; a later filing names the report filed again."""
    if name.startswith(FILED_AGAIN):
        code = name.removeprefix(FILED_AGAIN)
        report = next((r for r in obligation.reports.all() if r.code == code), None)
        return _("%(report)s filed again with updated information") % {
            "report": report.label if report else code
        }
    return str(MOMENT_LABELS.get(name, name))


class MomentForm(StyledForm, forms.Form):
    """One moment recorded on an obligation: which (of those its reports count from) and when."""

    def __init__(self, *args: Any, obligation: Any, names: tuple[str, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["name"] = forms.ChoiceField(
            label=_("Moment"), choices=[(name, moment_label(name, obligation)) for name in names]
        )
        self.fields["at"] = forms.DateTimeField(
            label=_("When"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        )
        self.style()


class ProfileForm(StyledForm, forms.ModelForm):
    countries = forms.CharField(
        label=_("Countries (ISO codes, separated by commas)"), required=False, max_length=200
    )

    class Meta:
        model = RegimeProfile
        fields = [
            "nis2_entity",
            "nis2_sector",
            "dora_financial_entity",
            "trust_service_provider",
            "public_ecs_provider",
            "digital_products_manufacturer",
        ]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["countries"] = ", ".join(self.instance.countries)

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["countries"] = [c.strip() for c in self.cleaned_data["countries"].split(",") if c.strip()]
        return values
