"""What the inventory adds to the pages of the apps below it (datalek.page_cards)."""

from django.utils.translation import gettext_lazy as _

from datalek.page_cards import Card, panel
from incidents.roles import sees_team_pages


def systems_panel(request, *, incident) -> Card:
    return panel(
        "affected-systems",
        _("Affected systems"),
        "inventory:incident_systems",
        incident.pk,
        link_text=_("Open the affected systems"),
        nav=_("Affected systems"),
    )


def nav_link(request) -> Card | None:
    return Card("inventory/_nav.html", order=40) if sees_team_pages(request.user) else None
