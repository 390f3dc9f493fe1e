"""What the portal's team side adds to the incident page of a processor (datalek.page_cards): the clock of each
client's alert in the header, and the card of the alerts to the clients."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from datalek.page_cards import Card, panel
from incidents.roles import areas


def client_clocks(request, *, incident) -> Card | None:
    if incident.our_role != "processor":
        return None
    return Card("portal/_client_clocks.html", {"url": reverse("portal:team_clocks", args=[incident.pk])})


def clients_panel(request, *, incident) -> Card | None:
    if incident.our_role != "processor":
        return None
    return panel(
        "controller-clients",
        _("Alerts to our clients (Art. 33(2))"),
        "portal:team_card",
        incident.pk,
        link_text=_("Open the alerts to our clients"),
    )


def nav_link(request) -> Card | None:
    return Card("portal/_nav.html", order=80) if areas(request.user)["portal"] else None
