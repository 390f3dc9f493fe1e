"""The portal's API (``/api/portal/``): for a controller client user, the alerts released to their organisation,
acknowledging, questions, the breach facts, the PDF and the import; for the processor's team, the alerts of one of
its incidents with the deadlines, acknowledgements and questions, and answering. Thin views over the selectors
(which scope every read) and the services."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents.api import ERRORS, OrganisationRefSerializer, PersonRefSerializer
from notifications.models import Notice
from portal import selectors, services
from portal.services import MAX_TEXT
from reports.rendering import render_notice_pdf


class AcknowledgementSerializer(serializers.Serializer):
    phase = serializers.IntegerField(source="notice_id")
    acknowledged_by = PersonRefSerializer()
    acknowledged_at = serializers.DateTimeField()


class PhaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    phase = serializers.ChoiceField(choices=Notice.Phase.choices)
    released_at = serializers.DateTimeField()
    sections = serializers.SerializerMethodField()
    provenance = serializers.SerializerMethodField()
    withdrawal_reason = serializers.CharField()
    acknowledgement = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_sections(self, phase: Notice) -> dict[str, Any]:
        return (phase.content or {}).get("sections", {})

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_provenance(self, phase: Notice) -> dict[str, str]:
        return (phase.content or {}).get("provenance", {})

    @extend_schema_field(AcknowledgementSerializer(allow_null=True))
    def get_acknowledgement(self, phase: Notice) -> dict | None:
        ack = selectors.acknowledgement_of(phase)
        return AcknowledgementSerializer(ack).data if ack else None


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    asked_by = PersonRefSerializer()
    asked_at = serializers.DateTimeField()
    answer = serializers.CharField()
    answered_by = PersonRefSerializer(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    open = serializers.BooleanField(source="is_open")


class AlertListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    client = OrganisationRefSerializer()
    processor = serializers.SerializerMethodField()
    reference = serializers.SerializerMethodField()
    received_at = serializers.DateTimeField(source="released_at")
    updates = serializers.IntegerField()
    open_questions = serializers.IntegerField()
    acknowledged = serializers.SerializerMethodField()

    def get_processor(self, alert: Notice) -> str:
        return _processor(alert).get("name", "")

    def get_reference(self, alert: Notice) -> str:
        return _processor(alert).get("incident_reference", "")

    def get_acknowledged(self, alert: Notice) -> bool:
        return selectors.acknowledgement_of(alert) is not None


def _processor(alert: Notice) -> dict[str, Any]:
    return (alert.content or {}).get("sections", {}).get("processor", {})


class ImportRefSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    incident = serializers.IntegerField(source="incident_id")
    reference = serializers.CharField(source="incident.reference")
    imported_at = serializers.DateTimeField()


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    client = OrganisationRefSerializer()
    processor = serializers.SerializerMethodField()
    reference = serializers.SerializerMethodField()
    received_at = serializers.DateTimeField(source="released_at")
    contact = serializers.SerializerMethodField()
    phases = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()
    facts_available = serializers.SerializerMethodField()
    imports = serializers.SerializerMethodField()

    def get_processor(self, alert: Notice) -> str:
        return _processor(alert).get("name", "")

    def get_reference(self, alert: Notice) -> str:
        return _processor(alert).get("incident_reference", "")

    @extend_schema_field(serializers.DictField(child=serializers.CharField(allow_null=True)))
    def get_contact(self, alert: Notice) -> dict[str, Any]:
        latest = selectors.phases_of(alert)[-1]
        return (latest.content or {}).get("sections", {}).get("contact", {})

    @extend_schema_field(PhaseSerializer(many=True))
    def get_phases(self, alert: Notice) -> list[dict]:
        return PhaseSerializer(selectors.phases_of(alert), many=True).data

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, alert: Notice) -> list[dict]:
        return QuestionSerializer(selectors.questions_of(alert), many=True).data

    def get_facts_available(self, alert: Notice) -> bool:
        return any((p.content or {}).get("facts") for p in selectors.phases_of(alert))

    @extend_schema_field(ImportRefSerializer(many=True))
    def get_imports(self, alert: Notice) -> list[dict]:
        return ImportRefSerializer(
            selectors.imports_visible(self.context["request"].user, alert), many=True
        ).data


class AcknowledgeInputSerializer(serializers.Serializer):
    phase = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The update to acknowledge; the newest by default.",
    )


class QuestionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT)


class AnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=MAX_TEXT)


class ImportInputSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(help_text="One of your own organisations (security team or DPO).")


class ImportedSerializer(serializers.Serializer):
    incident = serializers.IntegerField(source="incident_id")
    reference = serializers.CharField(source="incident.reference")
    organisation = OrganisationRefSerializer()
    aware_at = serializers.DateTimeField(source="incident.aware_at")


# --- the controller client's side -----------------------------------------------------------------------------


class AlertsApi(APIView):
    @extend_schema(
        operation_id="portal_alerts_list", responses={200: AlertListSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        """The alerts released to your client organisations (Art. 33(2)), newest first."""
        return Response(AlertListSerializer(selectors.alert_list(request.user), many=True).data)


class AlertApi(APIView):
    @extend_schema(operation_id="portal_alerts_retrieve", responses={200: AlertSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """One alert with its released updates, their acknowledgements, the questions and the contact point."""
        alert = selectors.alert_get(request.user, pk)
        return Response(AlertSerializer(alert, context={"request": request}).data)


class AcknowledgeApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="portal_alerts_acknowledge",
        request=AcknowledgeInputSerializer,
        responses={200: AcknowledgementSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Confirm receipt of the alert or of one of its updates (once; a repeat returns the first)."""
        selectors.alert_get(request.user, pk)  # 404 before anything is said about the body
        serializer = AcknowledgeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ack = services.alert_acknowledge(
            actor=request.user, alert_id=pk, phase_id=serializer.validated_data["phase"]
        )
        return Response(AcknowledgementSerializer(ack).data)


class QuestionsApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="portal_questions_list", responses={200: QuestionSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        alert = selectors.alert_get(request.user, pk)
        return Response(QuestionSerializer(selectors.questions_of(alert), many=True).data)

    @extend_schema(
        operation_id="portal_questions_ask",
        request=QuestionInputSerializer,
        responses={201: QuestionSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Ask the processor a question about the alert; it stays open on its incident page until answered."""
        selectors.alert_get(request.user, pk)  # 404 before anything is said about the body
        serializer = QuestionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = services.question_ask(
            actor=request.user, alert_id=pk, text=serializer.validated_data["text"]
        )
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class FactsApi(APIView):
    @extend_schema(
        operation_id="portal_alerts_facts",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="breach facts, role controller"),
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        """The facts of your part of the breach as a breach-facts object (role ``controller``), for your own
        assessment: what the processor approved and sent with its newest update that carries them."""
        return Response(selectors.alert_facts(selectors.alert_get(request.user, pk)))


class PdfApi(APIView):
    @extend_schema(
        operation_id="portal_alerts_pdf",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request: Request, pk: int, phase: int) -> HttpResponse:
        """The alert (or one of its updates) as a PDF document."""
        notice = selectors.phase_get(selectors.alert_get(request.user, pk), phase)
        response = HttpResponse(render_notice_pdf(notice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="alert-{pk}-{notice.phase}-{notice.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class ImportApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="portal_alerts_import",
        request=ImportInputSerializer,
        responses={201: ImportedSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Start an incident of your own organisation from this alert: T0 is when it reached you (WP250), its
        facts are prefilled and the alert as received is attached as evidence."""
        selectors.alert_get(request.user, pk)  # 404 before anything is said about the body
        serializer = ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        imported = services.alert_import(
            actor=request.user, alert_id=pk, organisation_id=serializer.validated_data["organisation"]
        )
        return Response(ImportedSerializer(imported).data, status=status.HTTP_201_CREATED)


# --- the processor's side -------------------------------------------------------------------------------------


class TeamPhaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    phase = serializers.ChoiceField(choices=Notice.Phase.choices)
    status = serializers.CharField(help_text="The notice's status on its approval road (see the notices).")
    released_at = serializers.DateTimeField(allow_null=True)
    acknowledgement = AcknowledgementSerializer(allow_null=True)


class TeamClientAlertSerializer(serializers.Serializer):
    client = OrganisationRefSerializer()
    alert_hours = serializers.IntegerField()
    deadline = serializers.DateTimeField()
    running = serializers.BooleanField()
    released_at = serializers.DateTimeField(allow_null=True)
    on_time = serializers.BooleanField(allow_null=True)
    phases = TeamPhaseSerializer(many=True)
    questions = QuestionSerializer(many=True)


class TeamIncidentAlertsApi(APIView):
    @extend_schema(
        operation_id="portal_team_incident_alerts",
        responses={200: TeamClientAlertSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        """For one of your processor incidents: each affected client with its DPA deadline, the alert's phases
        with the client's acknowledgements, and its questions."""
        view = selectors.processor_view(request.user, pk)
        acks, questions = view["acks"], view["questions"]
        rows = [
            {
                "client": row.client,
                "alert_hours": row.hours,
                "deadline": row.deadline,
                "running": row.running,
                "released_at": row.released_at,
                "on_time": row.on_time,
                "phases": [
                    {
                        "id": p.pk,
                        "phase": p.phase,
                        "status": p.status,
                        "released_at": p.released_at,
                        "acknowledgement": acks.get(p.pk),
                    }
                    for p in row.phases
                ],
                "questions": questions.get(row.alert.pk, []) if row.alert else [],
            }
            for row in view["rows"]
        ]
        return Response(TeamClientAlertSerializer(rows, many=True).data)


class TeamAnswerApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="portal_team_questions_answer",
        request=AnswerInputSerializer,
        responses={200: QuestionSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Answer a client's question about one of your alerts (the security team or the DPO)."""
        selectors.team_question_get(request.user, pk)  # 404 before anything is said about the body
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = services.question_answer(
            actor=request.user, question_id=pk, text=serializer.validated_data["answer"]
        )
        return Response(QuestionSerializer(question).data)
