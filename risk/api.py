"""API of the risk assessment: run the engine on facts (stored or not), finalise, and the DPO's decision."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors as incident_selectors
from incidents.api import ERRORS, PersonRefSerializer
from incidents.models import Incident
from risk import selectors, services
from risk.models import RiskAssessment


class FactsInputSerializer(serializers.Serializer):
    facts = serializers.JSONField(help_text="A breach-facts object (see the README, 'Risk engine').")

    def validate_facts(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Must be a JSON object of breach facts."))
        return value


DecisionOutput = inline_serializer(
    "EngineDecision",
    {
        "severity": serializers.DictField(),
        "risk": serializers.ChoiceField(choices=["unlikely", "risk", "high"]),
        "notify_authority": serializers.BooleanField(),
        "notify_subjects": serializers.BooleanField(),
        "public_communication": serializers.BooleanField(),
        "notify_controllers": serializers.BooleanField(),
        "exemptions": serializers.ListField(child=serializers.CharField()),
        "reasons": serializers.ListField(child=serializers.DictField()),
    },
)


class AssessmentSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.SerializerMethodField()
    engine_version = serializers.CharField()
    facts = serializers.JSONField()
    provenance = serializers.JSONField(
        help_text="For each fact: recorded, derived (proposed from the inventory, not confirmed) or missing."
    )
    decision = serializers.JSONField()
    created_by = PersonRefSerializer()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    finalised_by = PersonRefSerializer(allow_null=True)
    finalised_at = serializers.DateTimeField(allow_null=True)
    dpo_decision = serializers.SerializerMethodField()

    def get_status(self, assessment: RiskAssessment) -> str:
        return "final" if assessment.is_final else "draft"

    def get_dpo_decision(self, assessment: RiskAssessment) -> dict | None:
        if not assessment.is_decided:
            return None
        return {
            **assessment.dpo_position,
            "overrides": assessment.dpo_overrides,
            "justification": assessment.dpo_justification,
            "decided_by": assessment.decided_by.display_name(),
            "decided_at": serializers.DateTimeField().to_representation(assessment.decided_at),
        }


class DecisionInputSerializer(serializers.Serializer):
    agree = serializers.BooleanField(help_text="True: the engine's advice becomes the decision.")
    risk = serializers.ChoiceField(choices=Incident.RiskLevel.choices, required=False, allow_null=True)
    notify_authority = serializers.BooleanField(required=False, allow_null=True, default=None)
    notify_subjects = serializers.BooleanField(required=False, allow_null=True, default=None)
    public_communication = serializers.BooleanField(required=False, allow_null=True, default=None)
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class AssessApi(APIView):
    @extend_schema(
        operation_id="assess", request=FactsInputSerializer, responses={200: DecisionOutput, **ERRORS}
    )
    def post(self, request: Request) -> Response:
        """Run the engine on breach facts and return its decision; nothing is stored."""
        serializer = FactsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(services.decision_for(serializer.validated_data["facts"]))


class AssessmentListCreateApi(APIView):
    @extend_schema(
        operation_id="incidents_assessments_list", responses={200: AssessmentSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        return Response(AssessmentSerializer(selectors.assessments_of(incident), many=True).data)

    @extend_schema(
        operation_id="incidents_assessments_run",
        request=FactsInputSerializer,
        responses={200: AssessmentSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Assess the facts and keep them as the draft version (replacing an earlier draft)."""
        incident = incident_selectors.incident_get(request.user, pk)
        serializer = FactsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.assessment_run(
            actor=request.user, incident_id=incident.pk, facts=serializer.validated_data["facts"]
        )
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_200_OK)


class AssessmentFinaliseApi(APIView):
    @extend_schema(
        operation_id="incidents_assessments_finalise",
        request=inline_serializer("FinaliseInput", {"note": serializers.CharField(required=False)}),
        responses={200: AssessmentSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Freeze the draft and submit the incident to the DPO (transition ``submit_for_approval``)."""
        incident = incident_selectors.incident_get(request.user, pk)
        note = request.data.get("note", "") if isinstance(request.data, dict) else ""
        assessment = services.assessment_finalise(actor=request.user, incident_id=incident.pk, note=str(note))
        return Response(AssessmentSerializer(assessment).data)


class AssessmentDecisionApi(APIView):
    @extend_schema(
        operation_id="incidents_assessments_decide",
        request=DecisionInputSerializer,
        responses={200: AssessmentSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """The DPO's decision on the finalised assessment; differing from the advice needs a justification."""
        incident = incident_selectors.incident_get(request.user, pk)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.assessment_decide(
            actor=request.user, incident_id=incident.pk, **serializer.validated_data
        )
        return Response(AssessmentSerializer(assessment).data)
