"""API of the processor side: client organisations with the breach terms of their DPAs, and clients' written
instructions to notify on their behalf. Thin views over the services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors as incident_selectors
from incidents.api import ERRORS, OrganisationRefSerializer, PersonRefSerializer, ReasonSerializer
from processors import selectors, services
from processors.models import WrittenInstruction
from vocabulary.languages import LANGUAGES


def _organisation(request: Request, pk: int):
    organisation = selectors.organisation_for(request.user, pk)
    if organisation is None:
        raise NotFound(_("No such organisation."))
    return organisation


class ActivityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    systems = serializers.SerializerMethodField()

    def get_systems(self, activity) -> list[str]:
        return [s.name for s in activity.systems.all()]


class ClientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField(source="country.code")
    language = serializers.CharField()
    sector = serializers.CharField()
    registration_number = serializers.CharField()
    dpo_name = serializers.CharField()
    alert_hours = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()

    def get_alert_hours(self, client) -> int:
        return selectors.terms_of(client).alert_hours

    def get_contacts(self, client) -> list[str]:
        return list(selectors.terms_of(client).contacts)

    def get_agreement(self, client) -> str:
        return selectors.terms_of(client).agreement

    @extend_schema_field(ActivityRefSerializer(many=True))
    def get_activities(self, client) -> list[dict]:
        return ActivityRefSerializer(selectors.activities_for(client), many=True).data


class ClientCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    country = serializers.CharField(max_length=2, required=False, default="NL")
    language = serializers.ChoiceField(choices=LANGUAGES, required=False, default="nl")
    registration_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class DpaTermsInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    alert_hours = serializers.IntegerField(min_value=1, max_value=168, required=False)
    contacts = serializers.ListField(child=serializers.EmailField(), required=False)
    agreement = serializers.CharField(max_length=200, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    sector = serializers.CharField(max_length=100, required=False, allow_blank=True)
    dpo_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    activities = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Ids of our processing activities done for this client (the inventory); replaces the set.",
    )


class ClientsApi(APIView):
    @extend_schema(
        operation_id="organisations_clients_list", responses={200: ClientSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        """The controllers this organisation processes for, with the breach terms of their DPAs (Art. 28(3)(f))."""
        organisation = _organisation(request, pk)
        return Response(ClientSerializer(selectors.clients_of(organisation.pk), many=True).data)

    @extend_schema(
        operation_id="organisations_clients_create",
        request=ClientCreateSerializer,
        responses={201: ClientSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Add a client organisation (the DPO), with the default terms: alert within 24 hours."""
        organisation = _organisation(request, pk)
        serializer = ClientCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        client = services.client_create(
            actor=request.user, processor_id=organisation.pk, **serializer.validated_data
        )
        return Response(ClientSerializer(client).data, status=status.HTTP_201_CREATED)


class ClientApi(APIView):
    @extend_schema(operation_id="clients_retrieve", responses={200: ClientSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ClientSerializer(selectors.client_get(request.user, pk)).data)

    @extend_schema(
        operation_id="clients_update",
        request=DpaTermsInputSerializer,
        responses={200: ClientSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """The DPO sets the terms: ``alert_hours``, ``contacts``, ``agreement``, the client's ``name``,
        ``language``, ``sector`` and contact person, and which of our ``activities`` are done for it."""
        client = selectors.client_get(request.user, pk)
        serializer = DpaTermsInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        activities = changes.pop("activities", None)
        services.dpa_terms_save(
            actor=request.user, client_id=client.pk, changes=changes, activity_ids=activities
        )
        return Response(ClientSerializer(selectors.client_get(request.user, pk)).data)


class InstructionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    incident = serializers.IntegerField(source="incident_id")
    client = OrganisationRefSerializer()
    allows = serializers.ListField(child=serializers.ChoiceField(choices=WrittenInstruction.Allows.choices))
    given_by = serializers.CharField()
    given_at = serializers.DateTimeField()
    document = serializers.IntegerField(source="document_id", allow_null=True, help_text="An evidence id.")
    document_reference = serializers.CharField()
    note = serializers.CharField()
    recorded_by = PersonRefSerializer()
    recorded_at = serializers.DateTimeField()
    revoked_by = PersonRefSerializer(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField()
    in_force = serializers.BooleanField()


class InstructionInputSerializer(serializers.Serializer):
    client = serializers.IntegerField()
    allows = serializers.ListField(child=serializers.ChoiceField(choices=WrittenInstruction.Allows.choices))
    given_by = serializers.CharField(max_length=200)
    given_at = serializers.DateTimeField()
    document = serializers.FileField(required=False, help_text="The e-mail or letter (multipart).")
    document_reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class InstructionsApi(APIView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="incidents_instructions_list",
        responses={200: InstructionSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        return Response(InstructionSerializer(selectors.instructions_of(incident), many=True).data)

    @extend_schema(
        operation_id="incidents_instructions_record",
        request={
            "application/json": InstructionInputSerializer,
            "multipart/form-data": InstructionInputSerializer,
        },
        responses={201: InstructionSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a client's written instruction to notify the authority and/or the people on its behalf; attach
        the writing (``document``, multipart) or say where it is kept (``document_reference``)."""
        incident = incident_selectors.incident_get(request.user, pk)
        serializer = InstructionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        upload = data.pop("document", None)
        instruction = services.instruction_record(
            actor=request.user,
            incident_id=incident.pk,
            client_id=data.pop("client"),
            upload=(upload.name, upload.size, upload) if upload else None,
            **data,
        )
        return Response(InstructionSerializer(instruction).data, status=status.HTTP_201_CREATED)


class InstructionRevokeApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="instructions_revoke",
        request=ReasonSerializer,
        responses={200: InstructionSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """The DPO revokes an instruction, with the reason; notices on its strength not out yet are stopped."""
        if selectors.instruction_get(request.user, pk) is None:
            raise NotFound(_("No such instruction."))
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instruction = services.instruction_revoke(
            actor=request.user, instruction_id=pk, reason=serializer.validated_data["reason"]
        )
        return Response(InstructionSerializer(instruction).data)
