"""REST API of an organisation's webhooks and their delivery log: thin views, plain serializers, the services
do the work. Only the organisation's DPOs; anyone else gets "not found" (or "not allowed" inside their own
organisation)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts import selectors, services
from alerts.error_codes import AlertErrorCode as Code
from alerts.models import Webhook, WebhookEvent
from datalek.errors import DomainError
from incidents.api import ERRORS
from incidents.roles import role_in


class WebhookSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation_id")
    url = serializers.CharField()
    secret = serializers.CharField(
        help_text="Verify X-Datalek-Signature with it (HMAC-SHA256 of the raw body)."
    )
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices))
    payload_format = serializers.ChoiceField(choices=Webhook.Format.choices)
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class WebhookInputSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=500)
    events = serializers.ListField(child=serializers.CharField(max_length=40))
    payload_format = serializers.CharField(max_length=10, required=False, default="json")
    active = serializers.BooleanField(required=False)


class AttemptSerializer(serializers.Serializer):
    at = serializers.CharField()
    code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True)


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    webhook = serializers.IntegerField(source="webhook_id")
    event = serializers.CharField()
    incident = serializers.CharField(source="source.incident.reference")
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    response_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    created_at = serializers.DateTimeField()
    next_attempt_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    history = AttemptSerializer(many=True)


def _managed(request: Request, organisation_id: int):
    hooks = selectors.webhooks_managed(request.user, organisation_id)
    if hooks is None:
        if role_in(request.user, organisation_id) is None:
            raise DomainError(Code.NOT_FOUND, _("Not found."), status=404)
        raise DomainError(
            Code.FORBIDDEN, _("Only a DPO of the organisation manages its webhooks."), status=403
        )
    return hooks


class WebhookListCreateApi(APIView):
    @extend_schema(responses={200: WebhookSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(WebhookSerializer(_managed(request, pk), many=True).data)

    @extend_schema(request=WebhookInputSerializer, responses={201: WebhookSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        _managed(request, pk)
        data = WebhookInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {key: data.validated_data[key] for key in ("url", "events", "payload_format")}
        hook = services.webhook_create(actor=request.user, organisation_id=pk, **values)
        return Response(WebhookSerializer(hook).data, status=status.HTTP_201_CREATED)


class WebhookDetailApi(APIView):
    def _hook(self, request: Request, pk: int) -> Webhook:
        found = Webhook.objects.filter(pk=pk).first()
        if found is None or role_in(request.user, found.organisation_id) is None:
            raise DomainError(Code.NOT_FOUND, _("Not found."), status=404)
        return _managed(request, found.organisation_id).get(pk=pk)

    @extend_schema(responses={200: WebhookSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(WebhookSerializer(self._hook(request, pk)).data)

    @extend_schema(request=WebhookInputSerializer, responses={200: WebhookSerializer, **ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        self._hook(request, pk)
        data = WebhookInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        hook = services.webhook_update(actor=request.user, webhook_id=pk, changes=dict(data.validated_data))
        return Response(WebhookSerializer(hook).data)

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        self._hook(request, pk)
        services.webhook_delete(actor=request.user, webhook_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeliveryLogApi(APIView):
    @extend_schema(responses={200: DeliverySerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """The last 50 deliveries of the organisation's webhooks, newest first."""
        _managed(request, pk)
        return Response(DeliverySerializer(selectors.delivery_log(pk), many=True).data)
