"""API of the obligations: an incident's obligations with their reports and stored deadlines, the answers to a
regime's test, the steps of a report, and the organisation's regimes profile. Thin views over the selectors and
services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents.api import ERRORS
from incidents.selectors import incident_get
from obligations import rules as R
from obligations import selectors, services
from obligations.models import REGIME_CHOICES, Obligation, ObligationReport, RegimeProfile
from processors.selectors import organisation_for


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="The report's code in the rule set's chain, e.g. early_warning.")
    label = serializers.SerializerMethodField()
    due_at = serializers.DateTimeField(
        allow_null=True, help_text="The deadline as stored when it became known; null while not known yet."
    )
    state = serializers.ChoiceField(choices=ObligationReport.State.choices)
    on_request = serializers.SerializerMethodField()
    condition = serializers.SerializerMethodField()
    filed_at = serializers.DateTimeField(allow_null=True)
    reference = serializers.CharField()

    def _rule(self, report: ObligationReport) -> R.ReportRule:
        return report.rule()

    def get_label(self, report: ObligationReport) -> str:
        return report.label

    def get_on_request(self, report: ObligationReport) -> bool:
        return self._rule(report).on_request

    def get_condition(self, report: ObligationReport) -> str | None:
        condition = self._rule(report).condition
        return None if condition is None else str(condition)


class ObligationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    regime = serializers.ChoiceField(choices=REGIME_CHOICES)
    variant = serializers.CharField()
    state = serializers.ChoiceField(choices=Obligation.State.choices)
    rule_set = serializers.CharField(help_text="The rule set in force at the trigger moment, kept for ever.")
    country = serializers.CharField(
        help_text="The member state whose law and recipient it is (ISO code). NIS2 is owed to each country the "
        "organisation's regimes profile names: one obligation per country."
    )
    recipient = serializers.SerializerMethodField(help_text="Who receives its reports in that country.")
    trigger = serializers.CharField(source="trigger_code")
    trigger_at = serializers.DateTimeField()
    trigger_reason = serializers.CharField()
    reason = serializers.CharField(help_text="Why the obligation applies, or not.")
    article = serializers.CharField()
    moments = serializers.SerializerMethodField(
        help_text="The moments the team recorded that reports count from (handled, corrective_measure, "
        "filed_again:<report>): each record with its moment and when it was recorded, the latest holding."
    )
    reports = ReportSerializer(many=True)

    def get_recipient(self, obligation: Obligation) -> str | None:
        rule_set = obligation.rules()
        recipient = rule_set.recipient(obligation.country or None) if rule_set else None
        return str(recipient.name) if recipient else None

    def get_moments(self, obligation: Obligation) -> dict[str, list[dict[str, str]]]:
        return {
            name: [{"at": entry.get("at"), "recorded_at": entry.get("recorded_at")} for entry in entries]
            for name, entries in (obligation.moments or {}).items()
        }


class AnswersInputSerializer(serializers.Serializer):
    regime = serializers.ChoiceField(choices=sorted(services.QUESTIONS))
    answers = serializers.DictField(
        help_text="The regime's questions answered true, false or null (not known yet); DORA's classified_at "
        "an ISO 8601 moment with its time zone."
    )


class StepInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["draft", "approve", "file"])
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=200)
    filed_at = serializers.DateTimeField(required=False)


def _obligations(request: Request, pk: int) -> Response:
    obligations = selectors.obligations_of(request.user, pk)
    return Response(ObligationSerializer(obligations, many=True).data)


class ObligationsApi(APIView):
    @extend_schema(
        operation_id="incidents_obligations", responses={200: ObligationSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        return _obligations(request, pk)


class RegimeAnswersApi(APIView):
    @extend_schema(
        operation_id="incidents_regime_answers",
        request=AnswersInputSerializer,
        responses={200: ObligationSerializer(many=True), **ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        incident_get(request.user, pk)  # 404 for who is not on the team, whatever the body
        serializer = AnswersInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.regime_answers_record(actor=request.user, incident_id=pk, **serializer.validated_data)
        return _obligations(request, pk)


class ReportStepApi(APIView):
    @extend_schema(
        operation_id="obligation_reports_step",
        request=StepInputSerializer,
        responses={200: ReportSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        selectors.report_get(request.user, pk)  # 404 for who is not on the team, whatever the body
        serializer = StepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["step"] == "draft":
            report = services.obligation_report_draft(
                actor=request.user, report_id=pk, notes=data.get("notes", "")
            )
        elif data["step"] == "approve":
            report = services.obligation_report_approve(actor=request.user, report_id=pk)
        else:
            report = services.obligation_report_file(
                actor=request.user,
                report_id=pk,
                reference=data.get("reference", ""),
                filed_at=data.get("filed_at"),
            )
        return Response(ReportSerializer(report).data)


class RegimeProfileSerializer(serializers.Serializer):
    """What the organisation is for each regime beside the GDPR. A PUT replaces the whole profile: a field left out
    takes its default (not in scope), as the organisation page's form does."""

    nis2_entity = serializers.ChoiceField(
        choices=RegimeProfile.Nis2Entity.choices,
        default=RegimeProfile.Nis2Entity.NONE,
        help_text="none, essential (NIS2 Art. 3(1)) or important (Art. 3(2)).",
    )
    nis2_sector = serializers.CharField(max_length=100, allow_blank=True, default="")
    dora_financial_entity = serializers.BooleanField(default=False)
    trust_service_provider = serializers.BooleanField(default=False)
    public_ecs_provider = serializers.BooleanField(default=False)
    digital_products_manufacturer = serializers.BooleanField(default=False)
    countries = serializers.ListField(
        child=serializers.CharField(max_length=10),
        max_length=50,
        default=list,
        help_text='The countries it is in scope in, as two-letter ISO codes, e.g. ["NL", "BE"].',
    )
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return attrs


def _organisation(request: Request, pk: int):
    """One of the user's own organisations where they are on the team; 404 for anyone else, whatever they ask."""
    organisation = organisation_for(request.user, pk)
    if organisation is None:
        raise NotFound(_("No such organisation."))
    return organisation


class RegimeProfileApi(APIView):
    @extend_schema(
        operation_id="organisations_regimes_retrieve", responses={200: RegimeProfileSerializer, **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        """The organisation's regimes profile (the security team and the DPO read it)."""
        profile = services.profile_of(_organisation(request, pk))
        return Response(RegimeProfileSerializer(profile).data)

    @extend_schema(
        operation_id="organisations_regimes_update",
        request=RegimeProfileSerializer,
        responses={200: RegimeProfileSerializer, **ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        """The DPO records what the organisation is for each regime; every open incident's obligations are
        evaluated again, as when the organisation page's form is saved."""
        organisation = _organisation(request, pk)
        serializer = RegimeProfileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.regime_profile_update(
            actor=request.user, organisation_id=organisation.pk, values=serializer.validated_data
        )
        return Response(RegimeProfileSerializer(profile).data)
