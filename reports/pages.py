"""What the documents add to the pages of the apps below them (datalek.page_cards)."""

from django.utils.translation import gettext_lazy as _

from datalek.page_cards import Card, panel
from incidents.roles import sees_team_pages


def documents_panel(request, *, incident) -> Card:
    return panel(
        "documents", _("Documents"), "reports:panel", incident.pk, link_text=_("Open the documents"), order=30
    )


def nav_links(request) -> Card | None:
    return Card("reports/_nav.html", order=50) if sees_team_pages(request.user) else None
