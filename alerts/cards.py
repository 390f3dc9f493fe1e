"""The alerts app's cards on pages of the apps below (datalek.page_cards)."""

from __future__ import annotations

from typing import Any

from alerts import selectors
from alerts.forms import PreferenceForm, WebhookForm
from alerts.models import Handoff
from datalek.page_cards import Card


def organisation_card(request: Any, *, organisation: Any, form: WebhookForm | None = None) -> Card | None:
    """The webhooks and their delivery log, for the organisation's DPOs."""
    hooks = selectors.webhooks_managed(request.user, organisation.pk)
    if hooks is None:
        return None
    return Card(
        "alerts/_webhooks_card.html",
        {
            "organisation": organisation,
            "webhooks": list(hooks),
            "log": selectors.delivery_log(organisation.pk),
            "form": form or WebhookForm(),
        },
    )


def account_card(request: Any, *, form: PreferenceForm | None = None) -> Card:
    preference = selectors.preference_of(request.user)
    initial = {
        "wanted": [kind for kind in Handoff.values if preference.wants(kind)],
        "language": preference.language,
    }
    return Card("alerts/_preferences_card.html", {"form": form or PreferenceForm(initial=initial)})
