"""API of the outbox: a notice's deliveries, their progress and failures. A thin view over the reads."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from delivery import outbox
from incidents.api import ERRORS
from notifications import selectors as notice_selectors
from notifications.models import Notice
from people import selectors as people_selectors
from people.groups import Audience


class NoticeDeliveriesApi(APIView):
    @extend_schema(
        operation_id="notices_deliveries",
        responses={
            200: inline_serializer(
                "DeliveryProgress",
                {
                    "counts": serializers.DictField(child=serializers.IntegerField()),
                    "per_second": serializers.FloatField(
                        allow_null=True, help_text="Messages per second on average since sending started."
                    ),
                    "failed": serializers.ListField(child=serializers.DictField()),
                    "unreachable": serializers.IntegerField(
                        help_text="People on the list no message can reach and whom no DPO excluded (a notice "
                        "to the people): see the incident's subjects/problems/."
                    ),
                },
            ),
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        notice = notice_selectors.notice_get(request.user, pk)
        unreachable = (
            people_selectors.problem_count(notice.incident_id, Audience.from_content(notice.content))
            if notice.kind == Notice.Kind.SUBJECTS
            else 0
        )
        failed = (
            notice.deliveries.filter(status="failed")
            .order_by("id")
            .values("id", "recipient", "last_error", "attempts")[:200]
        )
        counts = outbox.progress(notice.pk)
        rate = outbox.throughput(notice, counts["sent"])
        return Response(
            {
                "counts": counts,
                "per_second": None if rate is None else round(rate, 1),
                "failed": list(failed),
                "unreachable": unreachable,
            }
        )
