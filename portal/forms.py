"""Forms of the portal; the services make the checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.forms import StyledForm
from portal.services import MAX_TEXT


class QuestionForm(StyledForm, forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(StyledForm, forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(StyledForm, forms.Form):
    organisation = forms.TypedChoiceField(label=_("Into your organisation"), coerce=int)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
