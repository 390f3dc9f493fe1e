from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import LANGUAGES, Handoff, Webhook, WebhookEvent
from incidents.forms import StyledForm


class WebhookForm(StyledForm, forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_(
            "https only. Each request is signed: X-Datalek-Signature: sha256=HMAC of the body with the secret."
        ),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    payload_format = forms.ChoiceField(
        label=_("Payload"), choices=Webhook.Format.choices, initial="json", required=False
    )

    def clean_payload_format(self) -> str:
        return self.cleaned_data["payload_format"] or Webhook.Format.JSON


class PreferenceForm(StyledForm, forms.Form):
    wanted = forms.MultipleChoiceField(
        label=_("E-mail me when"),
        choices=Handoff.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=[("", _("The language of my organisation")), *LANGUAGES],
        required=False,
    )
