"""What the notifications add to the pages of the apps below them (datalek.page_cards)."""

from django.utils.translation import gettext_lazy as _

from datalek import task_queue
from datalek.page_cards import Card, panel
from incidents.roles import sees_team_pages, team_organisation_ids
from notifications import selectors
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


def queue_banner(request) -> Card | None:
    """Shown to the security team and the DPOs while the task queue (the Celery broker) is unreachable: the broker
    check is cached briefly in this process, and the outbox is counted only then."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not team_organisation_ids(user):
        return None
    if task_queue.broker_status() != "unavailable":
        return None
    return Card(
        "notifications/_queue_banner.html",
        {"down": True, "waiting": selectors.messages_waiting(user)},
        order=20,
    )
