"""Reads of the outbox, scoped to the user's organisations."""

from __future__ import annotations

from django.db.models import Count

from delivery.models import Delivery
from incidents.models import Incident, User
from incidents.roles import team_organisation_ids
from notifications.models import Notice


def messages_waiting(user: User) -> int:
    """E-mails of the user's organisations still waiting in the outbox (queued, not yet taken by a worker)."""
    return Delivery.objects.filter(
        status=Delivery.Status.QUEUED,
        channel=Delivery.Channel.EMAIL,
        notice__incident__organisation_id__in=team_organisation_ids(user),
    ).count()


def people_told_by_channel(incident: Incident) -> dict[str, int]:
    """Sent messages of the notices to the people of this incident, by channel (a letter counts once it is marked
    posted); withdrawals left out. What a notice's content says of the people told (``notifications.content``)."""
    sent = (
        Delivery.objects.filter(
            notice__incident=incident,
            notice__kind=Notice.Kind.SUBJECTS,
            status=Delivery.Status.SENT,
        )
        .exclude(notice__phase=Notice.Phase.WITHDRAWAL)
        .values("channel")
        .annotate(n=Count("id"))
    )
    return {row["channel"]: row["n"] for row in sent}
