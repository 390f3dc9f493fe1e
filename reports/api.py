"""API of the documents: ask for one, poll its status, download it; the register as CSV (streamed) or PDF; the
insights as JSON. Thin views over the selectors and services."""

from __future__ import annotations

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from datalek.errors import DomainError
from incidents import selectors as incident_selectors
from incidents.api import ERRORS, OrganisationRefSerializer, PersonRefSerializer
from notifications import selectors as notice_selectors
from notifications.models import Notice
from reports import insights, selectors, services
from reports.error_codes import ReportErrorCode as Code
from reports.forms import LANGUAGE_CHOICES, period_problem
from reports.models import Document
from reports.register import Period
from reports.views import csv_response, file_response


class _Passthrough(BaseRenderer):
    """Lets a client ask for the file's own type; the view answers with the file itself, errors stay JSON."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data, "application/json", renderer_context)


class CSVRenderer(_Passthrough):
    media_type, format = "text/csv", "csv"


class PDFRenderer(_Passthrough):
    media_type, format = "application/pdf", "pdf"


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    # Plain strings, not enums: another "kind" enum would collide with the notices' in the schema's names.
    kind = serializers.CharField(help_text="notice, letters, incident_report, register or obligation_report")
    organisation = OrganisationRefSerializer()
    incident = serializers.IntegerField(source="incident_id", allow_null=True)
    notice = serializers.IntegerField(source="notice_id", allow_null=True)
    version = serializers.IntegerField()
    language = serializers.CharField()
    params = serializers.JSONField(
        help_text="The register's period, the letters' batch, the report's last audit event; an obligation report's "
        "id and what its document says."
    )
    status = serializers.ChoiceField(choices=Document.Status.choices)
    sha256 = serializers.CharField(help_text="SHA-256 of the PDF; also in the incident's audit trail.")
    size = serializers.IntegerField(allow_null=True)
    pages = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    requested_by = PersonRefSerializer()
    requested_at = serializers.DateTimeField()
    rendered_at = serializers.DateTimeField(allow_null=True)
    posted_at = serializers.DateTimeField(allow_null=True)
    download = serializers.SerializerMethodField()

    def get_download(self, document: Document) -> str | None:
        if document.status != Document.Status.READY:
            return None
        return reverse("api-document-download", args=[document.pk])


class DocumentRequestSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="notice: the notice's document (an authority notice in its regulator's form); incident_report; "
        "letters: the letters of a notice to the people, one document per batch; obligation_report: a report of an "
        "obligation beside the GDPR (NIS2, DORA, eIDAS, ePrivacy, CRA), in its recipient's language unless one is "
        "given.",
    )
    notice = serializers.IntegerField(required=False, allow_null=True, default=None)
    report = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="obligation_report: the report of an obligation.",
    )
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False, allow_blank=True, default="")

    def validate_kind(self, value: str) -> str:
        if value not in (
            Document.Kind.NOTICE,
            Document.Kind.INCIDENT_REPORT,
            Document.Kind.LETTERS,
            Document.Kind.OBLIGATION_REPORT,
        ):
            raise serializers.ValidationError(
                _("Choose notice, incident_report, letters or obligation_report.")
            )
        return value

    def validate(self, data):
        if data["kind"] in (Document.Kind.NOTICE, Document.Kind.LETTERS) and not data["notice"]:
            raise serializers.ValidationError({"notice": [_("Say which notice.")]})
        if data["kind"] == Document.Kind.OBLIGATION_REPORT and not data["report"]:
            raise serializers.ValidationError({"report": [_("Say which report.")]})
        return data


class PeriodSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(required=False, allow_null=True, default=None)
    date_from = serializers.DateField(help_text="First day of the period (awareness date, inclusive).")
    date_to = serializers.DateField(help_text="Last day of the period (inclusive).")
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False, allow_blank=True, default="")

    def validate(self, data):
        problem = period_problem(data["date_from"], data["date_to"])
        if problem:
            field, message = problem
            raise serializers.ValidationError({field: [str(message)]})
        return data

    @property
    def period(self) -> Period:
        return Period(self.validated_data["date_from"], self.validated_data["date_to"])


PERIOD_PARAMETERS = [
    OpenApiParameter(
        "organisation", int, description="One of your organisations (may be left out if you have one)"
    ),
    OpenApiParameter("date_from", OpenApiTypes.DATE, required=True),
    OpenApiParameter("date_to", OpenApiTypes.DATE, required=True),
    OpenApiParameter("language", str, enum=["nl", "fr", "en"], description="Column names and labels"),
]


class FormAnswerSerializer(serializers.Serializer):
    number = serializers.CharField(
        help_text="The question's number on the regulator's form (empty for the CNIL)"
    )
    question = serializers.CharField()
    lines = serializers.ListField(
        child=serializers.CharField(), help_text="The answer as the document shows it"
    )
    options = serializers.ListField(
        child=serializers.CharField(), help_text="The form's answer options, in order"
    )
    chosen = serializers.ListField(child=serializers.CharField(), help_text="The options ticked")
    mark = serializers.CharField(help_text="recorded, derived (check before filing), missing, or empty")
    note = serializers.CharField()
    key = serializers.CharField(
        help_text='Set when a person may record this answer: PATCH {"answers": {key: …}}'
    )
    input = serializers.CharField(help_text="text, choice (one option) or multi (a list of options)")


class FormSectionSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    answers = FormAnswerSerializer(many=True)


class NoticeFormSerializer(serializers.Serializer):
    notice = serializers.IntegerField()
    form = serializers.CharField(help_text="ap, cnil, gba or edpb")
    language = serializers.CharField()
    sections = FormSectionSerializer(many=True)
    missing = FormAnswerSerializer(many=True)


class NoticeFormUpdateSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text="By answer key: a text, one of the form's options, a list of them; null takes it back.",
    )


def _notice_form(notice) -> dict:
    built = selectors.authority_form(notice)
    return NoticeFormSerializer(
        {
            "notice": notice.pk,
            "form": selectors.notice_form(notice),
            "language": selectors.notice_language(notice),
            "sections": built.sections,
            "missing": built.missing,
        }
    ).data


class NoticeFormApi(APIView):
    """An authority notice in its regulator's form: the answers in the form's order with their provenance and what
    is missing — the same as the document — and, on a draft, answers a person records straight into the form."""

    @extend_schema(operation_id="notices_form_retrieve", responses={200: NoticeFormSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        notice = notice_selectors.notice_get(request.user, pk)
        if notice.kind != Notice.Kind.AUTHORITY:
            raise DomainError(Code.NOT_FOUND, _("Only a notice to an authority has a form."), status=404)
        return Response(_notice_form(notice))

    @extend_schema(
        operation_id="notices_form_update",
        request=NoticeFormUpdateSerializer,
        responses={200: NoticeFormSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        notice_selectors.notice_get(request.user, pk)  # 404 outside the organisation, whatever the body
        serializer = NoticeFormUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice = services.notice_form_record(
            actor=request.user, notice_id=pk, answers=serializer.validated_data["answers"]
        )
        return Response(_notice_form(notice))


class EdpbFieldSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The field's number in the EDPB template (docs/domain.md §8.1)")
    value = serializers.JSONField(
        allow_null=True,
        help_text="Typed: a text, an ISO date or date-time, a number, true/false, an option key, a list of option "
        "keys or ISO country codes, numbers by country; null when missing or not applicable",
    )
    provenance = serializers.ChoiceField(choices=["recorded", "derived", "missing"])
    applies = serializers.BooleanField(
        required=False, help_text="Present and false when the field does not apply to this notice"
    )


class EdpbExportSerializer(serializers.Serializer):
    """A notice in the EDPB template's JSON, valid against reports/regulators/schemas/edpb-2026.schema.json."""

    template = serializers.ChoiceField(choices=["edpb-2026"])
    notice = serializers.IntegerField(allow_null=True)


# "fields" is the document's own key, and the name of a serializer's property: declared by hand.
EdpbExportSerializer._declared_fields["fields"] = EdpbFieldSerializer(
    many=True, help_text="One entry for every field of the template, in its order"
)


class EdpbImportResultSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(help_text="The draft risk assessment the facts went into")
    version = serializers.IntegerField()
    filled = serializers.ListField(
        child=serializers.CharField(), help_text="The breach facts filled, marked derived: check them"
    )
    skipped = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="Fields of the document not used, each {id, reason}",
    )


class NoticeEdpbExportApi(APIView):
    @extend_schema(
        operation_id="notices_export_edpb",
        responses={200: EdpbExportSerializer, **ERRORS},
        description="An authority notice (to any regulator) in the EDPB common template's numbering: one entry "
        "for every field, its typed value (option keys) and provenance; null and missing where Datalek "
        "does not know it. Valid against the JSON Schema edpb-2026.schema.json kept in the repository.",
    )
    def get(self, request: Request, pk: int) -> Response:
        notice = notice_selectors.notice_get(request.user, pk)
        return Response(selectors.edpb_export(notice))


class IncidentEdpbImportApi(APIView):
    @extend_schema(
        operation_id="incidents_import_edpb",
        request=EdpbExportSerializer,
        responses={201: EdpbImportResultSerializer, **ERRORS},
        description="Fill the breach facts a notice in the EDPB template's JSON gives (nature, confidentiality, "
        "cause, integrity and availability, and for a breach of one group its people and data) into the "
        "incident's draft risk assessment, marked derived. A document not valid against the schema is "
        "refused with each error under its field number, changing nothing.",
    )
    def post(self, request: Request, pk: int) -> Response:
        draft, imported = services.edpb_import(actor=request.user, incident_id=pk, data=request.data)
        result = {
            "assessment": draft.pk,
            "version": draft.version,
            "filled": imported.filled,
            "skipped": imported.skipped,
        }
        return Response(EdpbImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


class IncidentDocumentsApi(APIView):
    @extend_schema(
        operation_id="incidents_documents_list", responses={200: DocumentSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        documents = selectors.documents_of_incident(incident).select_related("organisation")[:200]
        return Response(DocumentSerializer(documents, many=True).data)

    @extend_schema(
        operation_id="incidents_documents_create",
        request=DocumentRequestSerializer,
        responses={202: DocumentSerializer(many=True), **ERRORS},
        description="Queue a document (or, for letters, one per batch); poll each at /api/documents/{id}/.",
    )
    def post(self, request: Request, pk: int) -> Response:
        incident_selectors.incident_get(request.user, pk)  # 404 outside the organisation, whatever the body
        serializer = DocumentRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["kind"] == Document.Kind.LETTERS:
            made = services.letters_request(actor=request.user, incident_id=pk, notice_id=data["notice"])
        else:
            made = [
                services.document_request(
                    actor=request.user,
                    incident_id=pk,
                    kind=data["kind"],
                    notice_id=data["notice"],
                    report_id=data["report"],
                    language=data["language"]
                    or (
                        "" if data["kind"] == Document.Kind.OBLIGATION_REPORT else translation.get_language()
                    ),
                )
            ]
        return Response(DocumentSerializer(made, many=True).data, status=status.HTTP_202_ACCEPTED)


class DocumentApi(APIView):
    @extend_schema(operation_id="documents_retrieve", responses={200: DocumentSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(DocumentSerializer(selectors.document_get(request.user, pk)).data)


class DocumentDownloadApi(APIView):
    renderer_classes = [JSONRenderer, PDFRenderer]

    @extend_schema(
        operation_id="documents_download",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        document = selectors.document_get(request.user, pk)
        if document.status != Document.Status.READY or not document.file:
            raise DomainError(
                Code.NOT_READY,
                _("The document is not ready (%(status)s).") % {"status": document.get_status_display()},
                status=409,
            )
        return file_response(document)


class LettersPostedApi(APIView):
    @extend_schema(
        operation_id="documents_letters_posted", request=None, responses={200: DocumentSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Mark a rendered batch of letters as printed and posted: its deliveries are sent."""
        return Response(
            DocumentSerializer(services.letters_mark_posted(actor=request.user, document_id=pk)).data
        )


class RegisterCsvApi(APIView):
    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="register_csv",
        parameters=PERIOD_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS},
        description="The breach register (Art. 33(5)) of a period, streamed as CSV: every incident, notified or not.",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        serializer = PeriodSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        organisation = selectors.team_organisation(request.user, serializer.validated_data["organisation"])
        language = serializer.validated_data["language"] or translation.get_language()
        return csv_response(organisation, serializer.period, language)


class RegisterPdfApi(APIView):
    @extend_schema(
        operation_id="register_pdf_create",
        request=PeriodSerializer,
        responses={202: DocumentSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        serializer = PeriodSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.register_request(
            actor=request.user,
            organisation_id=serializer.validated_data["organisation"],
            period=serializer.period,
            language=serializer.validated_data["language"] or translation.get_language(),
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_202_ACCEPTED)


class InsightsApi(APIView):
    @extend_schema(
        operation_id="insights_retrieve",
        parameters=PERIOD_PARAMETERS[:3],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        description="Incidents per month by nature and cause, notified or not, the on-time rate of authority "
        "notices, hours from awareness to notice (median, 90th percentile), open incidents by time left, and the "
        "reporting obligations beside the GDPR's (`obligations`: per regime arisen, ruled out, reports filed on time, "
        "filed late, overdue now; the open reports by next deadline).",
    )
    def get(self, request: Request) -> Response:
        serializer = PeriodSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        organisation = selectors.team_organisation(request.user, serializer.validated_data["organisation"])
        data = insights.insights(organisation, serializer.period)
        return Response(
            {"organisation": {"id": organisation.pk, "name": organisation.name}} | insights.as_json(data)
        )
