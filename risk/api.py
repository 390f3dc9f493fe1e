"""API of the risk assessment: run the engine on facts (stored or not), finalise, and the DPO's decision."""

from __future__ import annotations

from typing import get_args

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors as incident_selectors
from incidents.api import ERRORS, PersonRefSerializer
from incidents.models import Incident
from inventory import vocabulary
from risk import selectors, services
from risk.engine import facts as engine_facts
from risk.models import RiskAssessment

# --- the breach-facts and decision shapes, for the schema (docs/breach-facts.md) ------------------------------------
# Plain serializers that only document: the engine validates the facts (risk/engine/facts.py) and names every bad
# field by its path, and the decision is what the engine wrote.


def _choices(literal) -> list[str]:
    return list(get_args(literal))


# the breach's own choice sets where the inventory has a set of the same name (named in SPECTACULAR_SETTINGS)
HASHING_CHOICES = _choices(engine_facts.Hashing)
BACKUP_CHOICES = _choices(engine_facts.Backup)


class DpcAdjustmentSerializer(serializers.Serializer):
    delta = serializers.IntegerField(min_value=-3, max_value=3)
    reason = serializers.CharField()


class ProtectionSerializer(serializers.Serializer):
    # encryption: the inventory's choice set (the same codes, tests/test_vocabulary.py); hashing and backup: the
    # engine's, which add "not_applicable" for a breach that concerns no data the measure protects
    encryption = serializers.ChoiceField(choices=vocabulary.Protection.choices)
    key_compromised = serializers.BooleanField()
    hashing = serializers.ChoiceField(choices=HASHING_CHOICES)
    backup = serializers.ChoiceField(choices=BACKUP_CHOICES)


class AvailabilitySerializer(serializers.Serializer):
    loss = serializers.ChoiceField(choices=_choices(engine_facts.AvailabilityLoss))
    duration_hours = serializers.FloatField(min_value=0, allow_null=True)
    impact = serializers.ChoiceField(choices=_choices(engine_facts.AvailabilityImpact))


class IntegritySerializer(serializers.Serializer):
    loss = serializers.ChoiceField(choices=_choices(engine_facts.IntegrityLoss))
    misused = serializers.BooleanField()


class MitigationSerializer(serializers.Serializer):
    data_retrieved_or_deleted = serializers.BooleanField()
    high_risk_no_longer_likely = serializers.BooleanField()
    description = serializers.CharField(allow_blank=True)


class RecipientsDetailSerializer(serializers.Serializer):
    identified = serializers.BooleanField()
    bound_by_confidentiality = serializers.BooleanField()
    asked_to_delete = serializers.BooleanField()
    deletion_confirmed = serializers.BooleanField()


class _BreachWideSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Incident.OurRole.choices)
    sector = serializers.ChoiceField(choices=_choices(engine_facts.Sector))
    nature = serializers.ListField(
        child=serializers.ChoiceField(choices=_choices(engine_facts.Nature)), min_length=1
    )
    recipients_count = serializers.IntegerField(min_value=0, allow_null=True)
    protection = ProtectionSerializer()
    availability = AvailabilitySerializer()
    integrity = IntegritySerializer()
    mitigation = MitigationSerializer()
    individual_notice_disproportionate = serializers.BooleanField()
    summary = serializers.CharField(required=False, allow_null=True, allow_blank=True)


class _PeopleSerializer(serializers.Serializer):
    subject_categories = serializers.ListField(child=serializers.CharField())
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=_choices(engine_facts.DataCategory)), min_length=1
    )
    identifiability = serializers.ChoiceField(choices=_choices(engine_facts.Identifiability))


class BreachFactsV1Serializer(_BreachWideSerializer, _PeopleSerializer):
    """Breach facts v1: one undivided set of people; read as v2 with one group labelled "all"."""

    confidentiality = serializers.ChoiceField(choices=_choices(engine_facts.Confidentiality))
    cause = serializers.ChoiceField(choices=_choices(engine_facts.Cause))
    recipients = serializers.ChoiceField(choices=_choices(engine_facts.Recipients))
    subjects_count = serializers.IntegerField(min_value=0)
    dpc_adjustment = DpcAdjustmentSerializer(allow_null=True)


class GroupSerializer(_PeopleSerializer):
    label = serializers.CharField(help_text="The assessor's words; unique within the breach.")
    subjects_count = serializers.IntegerField(
        min_value=0, allow_null=True, help_text="null: to be determined (read as 10,000 until known)."
    )
    already_public = serializers.BooleanField(
        required=False, help_text="The data were lawfully public before the breach (default false)."
    )
    dpc_adjustment = DpcAdjustmentSerializer(required=False, allow_null=True)


class BreachFactsV2Serializer(_BreachWideSerializer):
    """Breach facts v2: the breach-wide facts and a group for each set of people (a verdict per group). null for
    `confidentiality`, `cause` or `recipients`: to be determined (the advice takes the stricter reading)."""

    version = serializers.ChoiceField(choices=[2])
    confidentiality = serializers.ChoiceField(choices=_choices(engine_facts.Confidentiality), allow_null=True)
    cause = serializers.ChoiceField(choices=_choices(engine_facts.Cause), allow_null=True)
    recipients = serializers.ChoiceField(choices=_choices(engine_facts.Recipients), allow_null=True)
    recipients_detail = RecipientsDetailSerializer(required=False, allow_null=True)
    groups = serializers.ListField(child=GroupSerializer(), min_length=1)


BreachFacts = PolymorphicProxySerializer(
    component_name="BreachFacts",
    serializers=[BreachFactsV1Serializer, BreachFactsV2Serializer],
    resource_type_field_name=None,
)


@extend_schema_field(BreachFacts)
class BreachFactsField(serializers.JSONField):
    """Any JSON value; the engine checks it is breach facts (v1 or v2) and names every bad field by its path."""


class FactsInputSerializer(serializers.Serializer):
    facts = BreachFactsField(
        help_text="A breach-facts object, v1 or v2 (docs/breach-facts.md); the answer gives it back as v2."
    )

    def validate_facts(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Must be a JSON object of breach facts."))
        return value


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    article = serializers.CharField()
    text = serializers.CharField()


class WeighingSerializer(serializers.Serializer):
    consequences = serializers.FloatField()
    holder = serializers.CharField()
    holder_factor = serializers.FloatField()
    likelihood = serializers.FloatField()
    people_factor = serializers.FloatField()
    index = serializers.FloatField()
    availability = serializers.FloatField()


RISKS = ["unlikely", "risk", "high"]  # the engine's levels (the incident's own have labels)


class GroupDecisionSerializer(serializers.Serializer):
    label = serializers.CharField()
    subjects_count = serializers.IntegerField(allow_null=True)
    severity = serializers.DictField()
    risk = serializers.ChoiceField(choices=RISKS)
    notify_subjects = serializers.BooleanField(help_text="Art. 34(1): this group's people are told.")
    public_communication = serializers.BooleanField()
    exemptions = serializers.ListField(child=serializers.CharField())
    weighing = WeighingSerializer(help_text="risk/RULES.md §3: consequences × holder × likelihood × people.")
    reasons = serializers.ListField(child=ReasonSerializer())


class EngineDecisionSerializer(serializers.Serializer):
    """Decision v2: every key of v1 (the breach's verdicts over its groups), each group's verdict, and the facts
    to be determined. An assessment decided before engine 2.0.0 has no `groups`, `to_be_determined` or
    `needs_more_information`: read it as one group with the breach's verdicts."""

    severity = serializers.DictField()
    risk = serializers.ChoiceField(choices=RISKS)
    notify_authority = serializers.BooleanField()
    notify_subjects = serializers.BooleanField()
    public_communication = serializers.BooleanField()
    notify_controllers = serializers.BooleanField()
    exemptions = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=ReasonSerializer())
    groups = serializers.ListField(child=GroupDecisionSerializer(), required=False)
    to_be_determined = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text='e.g. "confidentiality", "groups[1].subjects_count"',
    )
    needs_more_information = serializers.BooleanField(
        required=False,
        help_text="The milder reading of the facts to be determined would give other verdicts.",
    )


DecisionOutput = EngineDecisionSerializer


@extend_schema_field(BreachFactsV2Serializer)
class StoredFactsField(serializers.JSONField):
    """An assessment's facts as stored: breach facts v2."""


@extend_schema_field(EngineDecisionSerializer)
class StoredDecisionField(serializers.JSONField):
    """An assessment's decision as the engine made it."""


class AssessmentSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.SerializerMethodField()
    engine_version = serializers.CharField()
    facts = StoredFactsField(
        help_text="The facts as stored: breach facts v2 (a v1 object is stored as one group)."
    )
    provenance = serializers.JSONField(
        help_text="For each fact: recorded, derived (proposed from the inventory, not confirmed) or missing."
    )
    decision = StoredDecisionField(
        help_text="The engine's advice as it was made (each reason also carries its message, to be said in any "
        "language)."
    )
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
