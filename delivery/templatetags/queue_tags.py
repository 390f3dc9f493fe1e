"""The banner of every page while the task queue (the Celery broker) is unreachable."""

from django import template

from datalek import task_queue
from delivery import selectors
from incidents.roles import team_organisation_ids

register = template.Library()


@register.inclusion_tag("delivery/_queue_banner.html", takes_context=True)
def queue_banner(context) -> dict:
    """Shown to the security team and the DPOs: the broker check is cached briefly in this process, and the
    outbox is counted only while the queue is down."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not team_organisation_ids(user):
        return {"down": False}
    if task_queue.broker_status() != "unavailable":
        return {"down": False}
    return {"down": True, "waiting": selectors.messages_waiting(user)}
