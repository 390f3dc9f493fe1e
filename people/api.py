"""API of the list of affected people: the list by cursor pages, the upload and its import, the people a message
cannot reach, and a DPO's correction, exclusion and grouping. Thin views over the services."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors as incident_selectors
from incidents.api import ERRORS, ReasonSerializer
from people import selectors, services


class SubjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.CharField()
    postal_address = serializers.CharField()
    language = serializers.CharField()
    external_id = serializers.CharField()
    group = serializers.CharField(
        help_text="The group of the breach the person belongs to (a label of the assessment's groups, without regard "
        "to case); blank for a breach of one group. A notice to the people of a breach of several groups reaches "
        "the groups at high risk only."
    )
    excluded = serializers.SerializerMethodField(
        help_text="A DPO took this person off the sending (with a reason)."
    )
    excluded_reason = serializers.CharField()
    excluded_at = serializers.DateTimeField(allow_null=True)

    def get_excluded(self, person) -> bool:
        return person.excluded_at is not None


class SubjectProblemSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="The field to correct: name, email, postal_address, language or group (in none of the groups of a "
        "breach whose notice goes to some groups only)."
    )
    message = serializers.CharField()


class UnreachableSubjectSerializer(SubjectSerializer):
    problems = serializers.SerializerMethodField()

    @extend_schema_field(SubjectProblemSerializer(many=True))
    def get_problems(self, person) -> list[dict]:
        return [{"field": person.problem_field, "message": person.problem}]


class SubjectCorrectionSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    email = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    postal_address = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    language = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    group = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class SubjectsGroupSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="One of the assessment's group labels.")


class SubjectImportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    percent = serializers.IntegerField()
    file_name = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    grouped = serializers.IntegerField(
        help_text="People already on the list without a group who got the group of their row."
    )
    errors = serializers.IntegerField()
    message = serializers.CharField()
    error_report = serializers.SerializerMethodField()
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_error_report(self, job) -> str | None:
        if not job.error_report:
            return None
        return reverse("people:subjects_import_errors", args=[job.incident_id, job.pk])


class SubjectsPagination(CursorPagination):
    ordering = "id"
    page_size = 100
    max_page_size = 1000
    page_size_query_param = "page_size"


class SubjectsApi(APIView):
    parser_classes = [MultiPartParser]
    pagination_class = SubjectsPagination  # so that the schema shows the page, not a bare list

    @extend_schema(
        operation_id="incidents_subjects_list",
        parameters=[
            OpenApiParameter(
                "group",
                str,
                description="Only the people of this group (without regard to case); an empty value: those "
                "without a group.",
            )
        ],
        responses={200: SubjectSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        paginator = SubjectsPagination()
        people = selectors.subjects_of(incident, group=request.query_params.get("group"))
        page = paginator.paginate_queryset(people.order_by(), request, view=self)
        return paginator.get_paginated_response(SubjectSerializer(page, many=True).data)

    @extend_schema(
        operation_id="incidents_subjects_import",
        request={
            "multipart/form-data": inline_serializer("SubjectsUpload", {"file": serializers.FileField()})
        },
        responses={202: SubjectImportSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Upload a CSV of affected people. It is checked and loaded by a task: poll the import for its
        progress; bad rows are reported by line number in its error report, valid ones kept."""
        incident = incident_selectors.incident_get(request.user, pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": [_("Upload a CSV file as “file”.")]})
        job = services.subjects_import_start(
            actor=request.user, incident_id=incident.pk, name=upload.name, size=upload.size, stream=upload
        )
        job.refresh_from_db()
        return Response(SubjectImportSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class SubjectProblemsApi(APIView):
    @extend_schema(
        operation_id="incidents_subjects_problems",
        responses={200: UnreachableSubjectSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        """The people on the list a message cannot reach and whom no DPO excluded (the first 100), each with what
        is wrong: a DPO corrects them or excludes them; a notice to the people ends failed while there are any."""
        incident = incident_selectors.incident_get(request.user, pk)
        people = []
        for person, field, message in selectors.subject_problems(incident):
            person.problem_field, person.problem = field, message
            people.append(person)
        return Response(UnreachableSubjectSerializer(people, many=True).data)


class SubjectApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="incidents_subjects_correct",
        request=SubjectCorrectionSerializer,
        responses={200: SubjectSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int, subject_id: int) -> Response:
        """A DPO corrects a person's name, e-mail address, postal address or language (the import's rule holds);
        audited. A retry of a failed notice then tells them."""
        incident_selectors.incident_get(request.user, pk)  # outsiders: 404 before anything about the body
        serializer = SubjectCorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.subject_correct(
            actor=request.user, incident_id=pk, subject_id=subject_id, **serializer.validated_data
        )
        return Response(SubjectSerializer(person).data)


class SubjectExcludeApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="incidents_subjects_exclude",
        request=ReasonSerializer,
        responses={200: SubjectSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int, subject_id: int) -> Response:
        """A DPO excludes a person from the sending, with the reason; they stay on the list, marked. Audited."""
        incident_selectors.incident_get(request.user, pk)  # outsiders: 404 before anything about the body
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.subject_exclude(
            actor=request.user, incident_id=pk, subject_id=subject_id, **serializer.validated_data
        )
        return Response(SubjectSerializer(person).data)


class SubjectsGroupApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="incidents_subjects_group",
        request=SubjectsGroupSerializer,
        responses={
            200: inline_serializer("SubjectsGrouped", {"people": serializers.IntegerField()}),
            **ERRORS,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        """A DPO puts everyone on the list without a group (and not excluded) into one of the assessment's groups, in
        one step; audited with the label and the number of people."""
        incident_selectors.incident_get(request.user, pk)  # outsiders: 404 before anything about the body
        serializer = SubjectsGroupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        people = services.subjects_group_blank(
            actor=request.user, incident_id=pk, **serializer.validated_data
        )
        return Response({"people": people})


class SubjectImportApi(APIView):
    @extend_schema(
        operation_id="incidents_subjects_import_status", responses={200: SubjectImportSerializer, **ERRORS}
    )
    def get(self, request: Request, pk: int, job_id: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        job = incident.subject_imports.filter(pk=job_id).first()
        if job is None:
            raise NotFound(_("No such import."))
        return Response(SubjectImportSerializer(selectors.with_progress(job)).data)
