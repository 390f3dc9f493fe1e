"""The outbox on the notice page: its progress (counts and throughput), polled while a notice is sending, and the
part of the notice page that shows it (registered with ``notifications.contributors``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from delivery import outbox
from notifications.models import Notice
from notifications.views import notice_view
from people import selectors as people_selectors
from people.groups import Audience

PROGRESS_TEMPLATE = "delivery/_progress.html"


def notice_page_part(request: HttpRequest, notice: Notice) -> dict:
    """What the notice page shows of the outbox: the progress of a notice sent by e-mail, once sending started."""
    shown = notice.kind in (Notice.Kind.SUBJECTS, Notice.Kind.CONTROLLER)
    return {
        "progress": _progress(request, notice) if shown else None,
        "progress_template": PROGRESS_TEMPLATE,
        "send_action": "retry" if notice.status == Notice.Status.FAILED else "send",
    }


@notice_view
def notice_progress(request: HttpRequest, notice: Notice) -> HttpResponse:
    return render(request, PROGRESS_TEMPLATE, {"notice": notice, "progress": _progress(request, notice)})


def _progress(request: HttpRequest, notice: Notice) -> dict:
    """The outbox's counts and its throughput: on average since the notice was released, and — when the page
    polls — over the last interval, from the count and time of the previous poll that it sends back."""
    progress: dict = outbox.progress(notice.pk)
    if notice.kind == Notice.Kind.SUBJECTS and notice.status == Notice.Status.FAILED:
        # asked once it has ended (not at every poll while sending): who on the list no message could reach
        progress["unreachable"] = people_selectors.problem_count(
            notice.incident_id, Audience.from_content(notice.content)
        )
    now = timezone.now()
    progress["per_second"] = outbox.throughput(notice, progress["sent"], now)
    progress["sampled_at"] = f"{now.timestamp():.3f}"
    progress["recent_per_second"] = None
    try:
        before, at = int(request.GET["sent"]), float(request.GET["at"])
    except (KeyError, ValueError):
        return progress  # the first look at the page: no earlier sample
    seconds = now.timestamp() - at
    if 0 < seconds < 600 and 0 <= before <= progress["sent"]:
        progress["recent_per_second"] = (progress["sent"] - before) / seconds
    return progress
