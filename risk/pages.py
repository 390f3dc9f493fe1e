"""What the risk assessment adds to the pages of the apps below it (datalek.page_cards)."""

from django.utils.translation import gettext_lazy as _

from datalek.page_cards import Card, panel


def risk_panel(request, *, incident) -> Card:
    return panel(
        "risk",
        _("Risk assessment"),
        "risk:panel",
        incident.pk,
        link_text=_("Open the risk assessment"),
        nav=_("Risk assessment"),
        badge_template="risk/_risk_level_badge.html",
        order=10,
    )
