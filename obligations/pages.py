"""What the obligations add to the pages of the apps below them (datalek.page_cards)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from datalek.page_cards import Card, panel
from incidents.roles import Role, role_in
from obligations.forms import ProfileForm
from obligations.services import profile_of


def obligations_panel(request: Any, *, incident: Any) -> Card:
    return panel(
        "obligations",
        _("Reporting obligations"),
        "obligations:panel",
        incident.pk,
        link_text=_("Open the reporting obligations"),
        nav=_("Obligations"),
        order=25,
    )


def regimes_card(request: Any, *, organisation: Any, **kwargs: Any) -> Card:
    """The organisation's regimes beside the GDPR; the DPO may change them."""
    profile = profile_of(organisation)
    editable = role_in(request.user, organisation.pk) == Role.DPO
    return Card(
        "obligations/_regimes_card.html",
        {
            "organisation": organisation,
            "profile": profile,
            "form": ProfileForm(instance=profile) if editable else None,
        },
    )
