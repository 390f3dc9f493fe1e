"""Forms of the pages of the list of affected people; the services make the domain checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.forms import StyledForm
from vocabulary.languages import LANGUAGES


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
