"""GET /api/inbox/: the same acts as the page, as JSON."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from inbox.acts import LABELS, ROLE_LABELS
from inbox.selectors import inbox_for
from incidents.api import ErrorSerializer


class InboxObjectSerializer(serializers.Serializer):
    type = serializers.CharField(
        source="object_type", help_text="incident, notice, document, question, alert or report"
    )
    id = serializers.IntegerField(source="object_id")
    reference = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The page where the act is taken.")
    organisation = serializers.CharField()


class InboxActSerializer(serializers.Serializer):
    object = InboxObjectSerializer(source="*")
    act = serializers.ChoiceField(choices=list(LABELS))
    label = serializers.CharField()
    role = serializers.ChoiceField(choices=list(ROLE_LABELS), help_text="Who may take it.")
    role_label = serializers.CharField()
    deadline = serializers.DateTimeField(allow_null=True)


class InboxSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    items = InboxActSerializer(many=True)


class InboxApi(APIView):
    @extend_schema(
        operation_id="inbox_list",
        summary="Waiting for you: every act the caller may take now, nearest deadline first",
        responses={200: InboxSerializer, 401: OpenApiResponse(ErrorSerializer)},
    )
    def get(self, request: Request) -> Response:
        items = inbox_for(request.user)
        return Response(InboxSerializer({"count": len(items), "items": items}).data)
