"""What the outbox adds to the frame of every page (datalek.page_cards): the banner while the task queue is down."""

from datalek import task_queue
from datalek.page_cards import Card
from delivery import selectors
from incidents.roles import team_organisation_ids


def queue_banner(request) -> Card | None:
    """Shown to the security team and the DPOs while the task queue (the Celery broker) is unreachable: the broker
    check is cached briefly in this process, and the outbox is counted only then."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not team_organisation_ids(user):
        return None
    if task_queue.broker_status() != "unavailable":
        return None
    return Card(
        "delivery/_queue_banner.html",
        {"down": True, "waiting": selectors.messages_waiting(user)},
        order=20,
    )
