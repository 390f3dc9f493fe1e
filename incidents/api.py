"""REST API for incidents: thin views, plain serializers, the services do the work."""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from datalek.errors import DomainError
from incidents import selectors, services
from incidents.error_codes import IncidentErrorCode as Code
from incidents.evidence import evidence_file_response
from incidents.filters import IncidentFilter
from incidents.models import Evidence, Incident, IncidentEvent, Organisation
from incidents.transitions import all_transition_names, available_transition_names


class ErrorSerializer(serializers.Serializer):
    error = inline_serializer(
        "ErrorBody",
        {
            "code": serializers.CharField(),
            "message": serializers.CharField(),
            "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        },
    )


ERRORS = {code: OpenApiResponse(ErrorSerializer) for code in (400, 401, 403, 404, 409)}


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class ReasonSerializer(serializers.Serializer):
    """The reason a person gives for a step (return a notice, withdraw it, exclude a person, revoke an instruction):
    one class, so the schema has one component for it."""

    reason = serializers.CharField()


class IncidentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    organisation = OrganisationRefSerializer()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=Incident.Status.choices)
    our_role = serializers.ChoiceField(choices=Incident.OurRole.choices)
    client_organisations = OrganisationRefSerializer(many=True)
    occurrence = serializers.ChoiceField(choices=Incident.Occurrence.choices)
    occurred_from = serializers.DateTimeField(allow_null=True)
    occurred_until = serializers.DateTimeField(allow_null=True)
    detected_at = serializers.DateTimeField()
    aware_at = serializers.DateTimeField()
    aware_established_by = serializers.CharField()
    aware_justification = serializers.CharField()
    discovery_channel = serializers.ChoiceField(choices=Incident.Discovery.choices)
    systems_affected = serializers.CharField()
    affected_countries = serializers.SerializerMethodField()
    authority_deadline = serializers.DateTimeField()
    clock_running = serializers.BooleanField()
    overdue = serializers.BooleanField(source="is_overdue")
    containment_status = serializers.ChoiceField(choices=Incident.Containment.choices)
    containment_measures = serializers.CharField()
    containment_plan = serializers.CharField()
    contained_at = serializers.DateTimeField(allow_null=True)
    is_personal_data_breach = serializers.BooleanField(allow_null=True)
    triage_note = serializers.CharField()
    risk_level = serializers.CharField()
    risk_rationale = serializers.CharField()
    notify_authority = serializers.BooleanField(allow_null=True)
    notify_subjects = serializers.BooleanField(allow_null=True)
    public_communication = serializers.BooleanField(allow_null=True)
    notify_controllers = serializers.BooleanField(allow_null=True)
    approved_by = PersonRefSerializer(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    authority_notified_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    closure_kind = serializers.CharField()
    closure_reason = serializers.CharField()
    reported_by = PersonRefSerializer()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    available_transitions = serializers.SerializerMethodField()

    def get_affected_countries(self, incident: Incident) -> list[str]:
        return [country.code for country in incident.affected_countries]

    def get_available_transitions(self, incident: Incident) -> list[str]:
        return available_transition_names(incident, self.context["request"].user)


class IncidentListItemSerializer(serializers.Serializer):
    """A row of the list: what a list shows and filters on. The whole incident, with the caller's transitions,
    is at its own URL (``GET /api/incidents/{id}/``)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    organisation = OrganisationRefSerializer()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Incident.Status.choices)
    our_role = serializers.ChoiceField(choices=Incident.OurRole.choices)
    aware_at = serializers.DateTimeField()
    authority_deadline = serializers.DateTimeField()
    clock_running = serializers.BooleanField()
    overdue = serializers.BooleanField(source="is_overdue")
    risk_level = serializers.CharField()
    notify_authority = serializers.BooleanField(allow_null=True)
    authority_notified_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class IncidentFactsSerializer(serializers.Serializer):
    """The facts a person records. All optional on PATCH; the service checks the time line and roles."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    our_role = serializers.ChoiceField(choices=Incident.OurRole.choices, required=False)
    occurrence = serializers.ChoiceField(choices=Incident.Occurrence.choices, required=False)
    occurred_from = serializers.DateTimeField(required=False, allow_null=True)
    occurred_until = serializers.DateTimeField(required=False, allow_null=True)
    detected_at = serializers.DateTimeField()
    aware_at = serializers.DateTimeField()
    aware_established_by = serializers.CharField(max_length=200)
    aware_justification = serializers.CharField()
    discovery_channel = serializers.ChoiceField(choices=Incident.Discovery.choices, required=False)
    systems_affected = serializers.CharField(required=False, allow_blank=True)
    affected_countries = serializers.ListField(
        child=serializers.CharField(max_length=2),
        required=False,
        help_text='ISO 3166 codes of the countries where the affected people live, e.g. ["NL", "BE"].',
    )
    containment_status = serializers.ChoiceField(choices=Incident.Containment.choices, required=False)
    containment_measures = serializers.CharField(required=False, allow_blank=True)
    containment_plan = serializers.CharField(required=False, allow_blank=True)
    contained_at = serializers.DateTimeField(required=False, allow_null=True)
    client_organisations = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Organisation.objects.none(),
        help_text="Ids of the client organisations affected (only when our role is processor).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # absent while the OpenAPI schema is generated
        if request is not None:
            org_ids = [o.id for o in selectors.team_organisations(request.user)]
            self.fields["client_organisations"].child_relation.queryset = selectors.client_organisations_of(
                org_ids
            )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields) - {"organisation"}
            if unknown:
                raise serializers.ValidationError({f: [_("Unknown field.")] for f in sorted(unknown)})
        return super().to_internal_value(data)

    def split(self) -> tuple[dict, list | None]:
        facts = dict(self.validated_data)
        clients = facts.pop("client_organisations", None)
        facts.pop("organisation", None)
        return facts, clients


class IncidentCreateSerializer(IncidentFactsSerializer):
    organisation = serializers.IntegerField(
        required=False, help_text="Your organisation's id; may be left out when you belong to only one."
    )


class TransitionInputSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=[(name, name) for name in all_transition_names()])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    expected_status = serializers.ChoiceField(
        choices=Incident.Status.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="The status you saw; if the incident moved on meanwhile you get 409 instead of a surprise.",
    )


class EventSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    kind = serializers.CharField()
    actor = PersonRefSerializer(allow_null=True)
    actor_label = serializers.CharField()
    created_at = serializers.DateTimeField()
    data = serializers.JSONField()
    prev_hash = serializers.CharField()
    hash = serializers.CharField()
    key_id = serializers.CharField(
        allow_null=True,
        help_text="The audit key the hash is an HMAC under; null for events from before the key (plain SHA-256).",
    )


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    description = serializers.CharField()
    uploaded_by = PersonRefSerializer()
    uploaded_at = serializers.DateTimeField()


class EvidenceInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class IncidentCursorPagination(CursorPagination):
    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _output(request: Request, incident: Incident, code: int = status.HTTP_200_OK) -> Response:
    fresh = selectors.incident_get(request.user, incident.pk)
    return Response(IncidentOutputSerializer(fresh, context={"request": request}).data, status=code)


class IncidentListCreateApi(APIView):
    pagination_class = IncidentCursorPagination  # keyset pages: no COUNT(*), the same cost at any depth

    @extend_schema(
        operation_id="incidents_list",
        responses={200: IncidentListItemSerializer(many=True), **ERRORS},
        parameters=[
            OpenApiParameter("q", str, description="Search in reference and title."),
            OpenApiParameter("status", str, many=True, enum=Incident.Status.values),
            OpenApiParameter("our_role", str, enum=Incident.OurRole.values),
            OpenApiParameter("overdue", bool, description="Past the 72-hour deadline, clock running."),
            OpenApiParameter("open", bool, description="Not closed."),
        ],
    )
    def get(self, request: Request) -> Response:
        filtered = IncidentFilter(request.query_params, queryset=selectors.incidents_for_user(request.user))
        if not filtered.is_valid():
            raise serializers.ValidationError(filtered.errors)
        paginator = IncidentCursorPagination()
        page = paginator.paginate_queryset(filtered.qs, request, view=self)
        data = IncidentListItemSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="incidents_create",
        request=IncidentCreateSerializer,
        responses={201: IncidentOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        serializer = IncidentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        organisation = _organisation_for(request, serializer.validated_data.get("organisation"))
        facts, clients = serializer.split()
        incident = services.incident_create(
            actor=request.user, organisation=organisation, facts=facts, clients=clients or []
        )
        return _output(request, incident, status.HTTP_201_CREATED)


def _organisation_for(request: Request, organisation_id: int | None):
    organisations = list(selectors.team_organisations(request.user))
    if organisation_id is None and len(organisations) == 1:
        return organisations[0]
    if organisation_id is None:
        raise DomainError(
            Code.INVALID,
            _("Say for which organisation."),
            fields={"organisation": [_("Required: you belong to more than one organisation.")]},
        )
    for organisation in organisations:
        if organisation.id == organisation_id:
            return organisation
    raise DomainError(
        Code.INVALID,
        _("Unknown organisation."),
        fields={"organisation": [_("Not an organisation where you work on incidents.")]},
    )


class IncidentDetailApi(APIView):
    @extend_schema(operation_id="incidents_retrieve", responses={200: IncidentOutputSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return _output(request, selectors.incident_get(request.user, pk))

    @extend_schema(
        operation_id="incidents_partial_update",
        request=IncidentFactsSerializer(partial=True),
        responses={200: IncidentOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        incident = selectors.incident_get(request.user, pk)
        serializer = IncidentFactsSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        facts, clients = serializer.split()
        services.incident_update(actor=request.user, incident_id=incident.pk, changes=facts, clients=clients)
        return _output(request, incident)


class IncidentTransitionApi(APIView):
    @extend_schema(
        operation_id="incidents_transition",
        request=TransitionInputSerializer,
        responses={200: IncidentOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        incident = selectors.incident_get(request.user, pk)
        serializer = TransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.incident_transition(
            actor=request.user,
            incident_id=incident.pk,
            name=data["transition"],
            reason=data["reason"],
            expected_status=data["expected_status"],
        )
        return _output(request, incident)


class IncidentEventsApi(APIView):
    @extend_schema(
        operation_id="incidents_events_list", responses={200: EventSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        incident = selectors.incident_get(request.user, pk)
        events: list[IncidentEvent] = list(selectors.incident_events(incident))
        return Response(EventSerializer(events, many=True).data)


class EvidenceListCreateApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="incidents_evidence_list", responses={200: EvidenceSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        incident = selectors.incident_get(request.user, pk)
        return Response(EvidenceSerializer(incident.evidence.select_related("uploaded_by"), many=True).data)

    @extend_schema(
        operation_id="incidents_evidence_create",
        request={"multipart/form-data": EvidenceInputSerializer},
        responses={201: EvidenceSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        incident = selectors.incident_get(request.user, pk)
        serializer = EvidenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        evidence = services.evidence_add(
            actor=request.user,
            incident_id=incident.pk,
            name=upload.name,
            size=upload.size,
            stream=upload,
            description=serializer.validated_data["description"],
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceDownloadApi(APIView):
    @extend_schema(
        operation_id="incidents_evidence_download",
        # The file as it was uploaded, with its own (checked) content type, always as an attachment.
        responses={(200, "*/*"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request: Request, pk: int, evidence_id: int) -> FileResponse:
        incident = selectors.incident_get(request.user, pk)
        item: Evidence = get_object_or_404(incident.evidence, pk=evidence_id)
        return evidence_file_response(item)
