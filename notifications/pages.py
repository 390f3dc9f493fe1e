"""What the notifications add to the pages of the apps below them (datalek.page_cards)."""

from django.utils.translation import gettext_lazy as _

from datalek.page_cards import Card, panel
from incidents.roles import sees_team_pages
from notifications.profile import editable_organisations


def notifications_panel(request, *, incident) -> Card:
    return panel(
        "notifications",
        _("Notifications"),
        "notifications:panel",
        incident.pk,
        link_text=_("Open the notifications"),
        nav=_("Notifications"),
        order=20,
    )


def alert_deadlines_card(request) -> Card:
    return Card("notifications/_alert_deadlines_card.html")


def nav_link(request) -> Card | None:
    """The organisation page of each organisation whose details this user keeps (a DPO's)."""
    if not sees_team_pages(request.user):
        return None
    profiles = editable_organisations(request.user)
    return Card("notifications/_nav.html", {"profiles": profiles}, order=70) if profiles else None


def organisation_back(request, *, organisation) -> Card:
    """On the pages of an organisation kept by apps below (its client organisations): the way back to its page."""
    return Card("notifications/_organisation_back.html")
