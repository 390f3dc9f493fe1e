"""API of the notices: the competent authority, drafting, the approval road, filing and sending, deliveries
and the list of affected people. Thin views over the services."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors as incident_selectors
from incidents import services as incident_services
from incidents.api import ERRORS, OrganisationRefSerializer, PersonRefSerializer
from notifications import delivery, dpa, instructions, selectors, services
from notifications.content import changes_between
from notifications.groups import Audience
from notifications.models import LANGUAGES, Notice, WrittenInstruction
from notifications.subjects import (
    subject_correct,
    subject_exclude,
    subjects_group_blank,
    subjects_import_start,
)


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    incident = serializers.IntegerField(source="incident_id")
    kind = serializers.ChoiceField(choices=Notice.Kind.choices)
    phase = serializers.ChoiceField(choices=Notice.Phase.choices)
    status = serializers.ChoiceField(choices=Notice.Status.choices)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    previous = serializers.IntegerField(source="previous_id", allow_null=True)
    authority = serializers.CharField()
    client = serializers.IntegerField(source="client_id", allow_null=True)
    on_behalf_of = serializers.IntegerField(source="on_behalf_of_id", allow_null=True)
    instruction = serializers.IntegerField(source="instruction_id", allow_null=True)
    language = serializers.CharField()
    content = serializers.JSONField()
    content_sha256 = serializers.CharField()
    late_reason = serializers.CharField()
    needs_late_reason = serializers.BooleanField()
    withdrawal_reason = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    drafted_by = PersonRefSerializer()
    drafted_at = serializers.DateTimeField()
    approved_by = PersonRefSerializer(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    filed_at = serializers.DateTimeField(allow_null=True)
    reference = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    released_at = serializers.DateTimeField(allow_null=True)
    missing = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    def get_missing(self, notice: Notice) -> list[str]:
        return selectors.missing_answers(notice)

    def get_changes(self, notice: Notice) -> list[dict]:
        return changes_between(notice.previous.content if notice.previous_id else None, notice.content)


class DraftInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Notice.Kind.choices)
    authority = serializers.CharField(required=False, allow_blank=True, default="")
    client = serializers.IntegerField(required=False, allow_null=True, default=None)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False, allow_blank=True, default="")
    on_behalf_of = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A client organisation: a notice to the authority or the people on its behalf, which needs its "
        "written instruction.",
    )


class EditInputSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    texts = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)), required=False
    )
    late_reason = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    group_texts = serializers.DictField(
        child=serializers.DictField(child=serializers.JSONField()),
        required=False,
        help_text="A notice to the people told by group: by language and group label, the texts that depend on the "
        'group — {"data": …, "consequences": …, "advice": …} (content.group_texts); a plain text is the '
        "data concerned.",
    )


class FileInputSerializer(serializers.Serializer):
    filed_at = serializers.DateTimeField()
    reference = serializers.CharField(max_length=100)
    acknowledge_missing = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Go on although answers the form requires are missing: they follow later (Art. 33(4)).",
    )


class AcknowledgeSerializer(serializers.Serializer):
    """Submit or approve an authority notice whose form still misses required answers (Art. 33(4))."""

    acknowledge_missing = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Go on although answers the form requires are missing: they follow later (Art. 33(4)).",
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AuthoritiesInputSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField(max_length=12))
    justification = serializers.CharField(required=False, allow_blank=True, default="")


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


def _notice(request: Request, pk: int) -> Notice:
    return selectors.notice_get(request.user, pk)


def _out(notice: Notice, code: int = status.HTTP_200_OK) -> Response:
    return Response(
        NoticeSerializer(
            Notice.objects.select_related("previous", "drafted_by", "approved_by", "incident").get(
                pk=notice.pk
            )
        ).data,
        status=code,
    )


class AuthoritiesApi(APIView):
    @extend_schema(
        operation_id="incidents_authorities",
        responses={
            200: inline_serializer(
                "Authorities",
                {
                    "resolved": serializers.ListField(child=serializers.CharField()),
                    "reasons": serializers.ListField(child=serializers.CharField()),
                    "cross_border": serializers.BooleanField(),
                    "unresolved": serializers.BooleanField(),
                    "to_notify": serializers.ListField(child=serializers.CharField()),
                    "overridden": serializers.BooleanField(),
                    "justification": serializers.CharField(),
                },
            ),
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        """The competent authorities (Arts. 55, 56, 3(2)) with the reasons, and the DPO's decision if any."""
        incident = incident_selectors.incident_get(request.user, pk)
        resolution = services.authorities_resolution(incident)
        decision = getattr(incident, "authority_decision", None)
        return Response(
            {
                "resolved": list(resolution.codes),
                "reasons": list(resolution.reasons),
                "cross_border": resolution.cross_border,
                "unresolved": resolution.unresolved,
                "to_notify": services.authority_codes(incident),
                "overridden": bool(decision and decision.overridden),
                "justification": decision.justification if decision else "",
            }
        )

    @extend_schema(
        operation_id="incidents_authorities_decide",
        request=AuthoritiesInputSerializer,
        responses={200: None, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        serializer = AuthoritiesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.authorities_decide(actor=request.user, incident_id=incident.pk, **serializer.validated_data)
        return self.get(request, pk)


class IncidentNoticesApi(APIView):
    @extend_schema(
        operation_id="incidents_notices_list", responses={200: NoticeSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        incident = incident_selectors.incident_get(request.user, pk)
        return Response(
            NoticeSerializer(selectors.notices_of(incident).select_related("previous"), many=True).data
        )

    @extend_schema(
        operation_id="incidents_notices_draft",
        request=DraftInputSerializer,
        responses={201: NoticeSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Draft an initial notice; its content is prepared from the stored facts."""
        incident = incident_selectors.incident_get(request.user, pk)
        serializer = DraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        notice = services.notice_draft(
            actor=request.user,
            incident_id=incident.pk,
            kind=data["kind"],
            authority=data["authority"],
            client_id=data["client"],
            language=data["language"],
            on_behalf_of=data["on_behalf_of"],
        )
        return _out(notice, status.HTTP_201_CREATED)


class NoticeApi(APIView):
    @extend_schema(operation_id="notices_retrieve", responses={200: NoticeSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return _out(_notice(request, pk))

    @extend_schema(
        operation_id="notices_edit", request=EditInputSerializer, responses={200: NoticeSerializer, **ERRORS}
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Write or correct a draft's free-text answers, its texts per language, or the reasons for a delay."""
        notice = _notice(request, pk)
        serializer = EditInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _out(
            services.notice_edit(actor=request.user, notice_id=notice.pk, **serializer.validated_data)
        )


ACTIONS = {
    "submit": services.notice_submit,
    "approve": services.notice_approve,
    "revise": services.notice_revise,
    "refresh": services.notice_refresh,
    "send": services.notice_send,
    "retry": services.notice_retry,
    "publish": services.notice_publish,
    "follow-up": services.notice_follow_up,
}
REASON_ACTIONS = {"return": services.notice_return, "withdraw": services.notice_withdraw}


class NoticeActionApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="notices_action",
        request=PolymorphicProxySerializer(
            "NoticeActionInput",
            serializers=[ReasonSerializer, AcknowledgeSerializer],
            resource_type_field_name=None,
            required=False,
        ),
        parameters=[
            OpenApiParameter("action", str, OpenApiParameter.PATH, enum=sorted([*ACTIONS, *REASON_ACTIONS]))
        ],
        # 201 for follow-up and withdraw, which make a new phase of the notice.
        responses={200: NoticeSerializer, 201: NoticeSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int, action: str) -> Response:
        """Take a notice one step along its road: submit, approve (a DPO, not the drafter), return (with a
        reason), revise, refresh, send, retry, publish, follow-up, withdraw (with a reason)."""
        notice = _notice(request, pk)
        if action in REASON_ACTIONS:
            serializer = ReasonSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            result = REASON_ACTIONS[action](
                actor=request.user, notice_id=notice.pk, **serializer.validated_data
            )
        elif action in ("submit", "approve"):
            serializer = AcknowledgeSerializer(data=request.data or {})
            serializer.is_valid(raise_exception=True)
            result = ACTIONS[action](actor=request.user, notice_id=notice.pk, **serializer.validated_data)
        elif action in ACTIONS:
            result = ACTIONS[action](actor=request.user, notice_id=notice.pk)
        else:
            raise NotFound(_("No action “%(action)s”.") % {"action": action})
        code = status.HTTP_201_CREATED if action in ("follow-up", "withdraw") else status.HTTP_200_OK
        return _out(result, code)


class NoticeFileApi(APIView):
    @extend_schema(
        operation_id="notices_file", request=FileInputSerializer, responses={200: NoticeSerializer, **ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record the filing on the authority's portal and its reference; late filings need the delay's reasons
        in the approved notice."""
        notice = _notice(request, pk)
        serializer = FileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _out(
            services.notice_file(actor=request.user, notice_id=notice.pk, **serializer.validated_data)
        )


class NoticeDeliveriesApi(APIView):
    @extend_schema(
        operation_id="notices_deliveries",
        responses={
            200: inline_serializer(
                "DeliveryProgress",
                {
                    "counts": serializers.DictField(child=serializers.IntegerField()),
                    "per_second": serializers.FloatField(
                        allow_null=True, help_text="Messages per second on average since sending started."
                    ),
                    "failed": serializers.ListField(child=serializers.DictField()),
                    "unreachable": serializers.IntegerField(
                        help_text="People on the list no message can reach and whom no DPO excluded (a notice "
                        "to the people): see the incident's subjects/problems/."
                    ),
                },
            ),
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        notice = _notice(request, pk)
        unreachable = (
            delivery.problem_count(notice.incident_id, Audience.from_content(notice.content))
            if notice.kind == Notice.Kind.SUBJECTS
            else 0
        )
        failed = (
            notice.deliveries.filter(status="failed")
            .order_by("id")
            .values("id", "recipient", "last_error", "attempts")[:200]
        )
        counts = delivery.progress(notice.pk)
        rate = delivery.throughput(notice, counts["sent"])
        return Response(
            {
                "counts": counts,
                "per_second": None if rate is None else round(rate, 1),
                "failed": list(failed),
                "unreachable": unreachable,
            }
        )


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
        return reverse("notifications:subjects_import_errors", args=[job.incident_id, job.pk])


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
        job = subjects_import_start(
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
        person = subject_correct(
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
        person = subject_exclude(
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
        people = subjects_group_blank(actor=request.user, incident_id=pk, **serializer.validated_data)
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


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200, required=False)
    registration_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    sector = serializers.CharField(max_length=100, required=False, allow_blank=True)
    country = serializers.CharField(max_length=2, required=False)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    dpo_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    dpo_email = serializers.EmailField(required=False, allow_blank=True)
    dpo_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    dpo_registration_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    sender_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sender_email = serializers.EmailField(required=False, allow_blank=True)
    establishments = serializers.SerializerMethodField()

    def get_establishments(self, organisation) -> list[dict]:
        return [
            {"country": e.country.code, "is_main": e.is_main, "address": e.address}
            for e in organisation.establishments.order_by("-is_main", "country")
        ]

    def to_representation(self, organisation):
        data = super().to_representation(organisation)
        data["country"] = organisation.country.code
        return data


class EstablishmentSerializer(serializers.Serializer):
    country = serializers.CharField(max_length=2)
    is_main = serializers.BooleanField(default=False)
    address = serializers.CharField(required=False, allow_blank=True, default="")


def _organisation(request: Request, pk: int):
    organisation = selectors.organisation_for(request.user, pk)
    if organisation is None:
        raise NotFound(_("No such organisation."))
    return organisation


class OrganisationApi(APIView):
    @extend_schema(operation_id="organisations_retrieve", responses={200: OrganisationSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(OrganisationSerializer(_organisation(request, pk)).data)

    @extend_schema(
        operation_id="organisations_update",
        request=OrganisationSerializer,
        responses={200: OrganisationSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """The DPO keeps the details every notice needs (the contact point of Art. 33(3)(b))."""
        organisation = _organisation(request, pk)
        serializer = OrganisationSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = incident_services.organisation_update(
            actor=request.user, organisation_id=organisation.pk, changes=serializer.validated_data
        )
        return Response(OrganisationSerializer(updated).data)


class EstablishmentsApi(APIView):
    @extend_schema(
        operation_id="organisations_establishments_save",
        request=EstablishmentSerializer,
        responses={200: OrganisationSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Add or change an establishment (Art. 4(16)); the main one decides the lead authority (Art. 56)."""
        organisation = _organisation(request, pk)
        serializer = EstablishmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.establishment_save(
            actor=request.user, organisation_id=organisation.pk, **serializer.validated_data
        )
        return Response(OrganisationSerializer(organisation).data)


class EstablishmentApi(APIView):
    @extend_schema(
        operation_id="organisations_establishments_remove", responses={200: OrganisationSerializer, **ERRORS}
    )
    def delete(self, request: Request, pk: int, country: str) -> Response:
        organisation = _organisation(request, pk)
        services.establishment_remove(actor=request.user, organisation_id=organisation.pk, country=country)
        return Response(OrganisationSerializer(organisation).data)


# --- the processor side: client organisations and their DPA terms; written instructions -------------------------


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
        return dpa.terms_of(client).alert_hours

    def get_contacts(self, client) -> list[str]:
        return list(dpa.terms_of(client).contacts)

    def get_agreement(self, client) -> str:
        return dpa.terms_of(client).agreement

    @extend_schema_field(ActivityRefSerializer(many=True))
    def get_activities(self, client) -> list[dict]:
        return ActivityRefSerializer(dpa.activities_for(client), many=True).data


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
        return Response(ClientSerializer(dpa.clients_of(organisation.pk), many=True).data)

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
        client = dpa.client_create(
            actor=request.user, processor_id=organisation.pk, **serializer.validated_data
        )
        return Response(ClientSerializer(client).data, status=status.HTTP_201_CREATED)


class ClientApi(APIView):
    @extend_schema(operation_id="clients_retrieve", responses={200: ClientSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ClientSerializer(dpa.client_get(request.user, pk)).data)

    @extend_schema(
        operation_id="clients_update",
        request=DpaTermsInputSerializer,
        responses={200: ClientSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """The DPO sets the terms: ``alert_hours``, ``contacts``, ``agreement``, the client's ``name``,
        ``language``, ``sector`` and contact person, and which of our ``activities`` are done for it."""
        client = dpa.client_get(request.user, pk)
        serializer = DpaTermsInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        activities = changes.pop("activities", None)
        dpa.dpa_terms_save(actor=request.user, client_id=client.pk, changes=changes, activity_ids=activities)
        return Response(ClientSerializer(dpa.client_get(request.user, pk)).data)


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
        return Response(InstructionSerializer(instructions.instructions_of(incident), many=True).data)

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
        instruction = instructions.instruction_record(
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
        instruction = instructions.instruction_revoke(
            actor=request.user, instruction_id=pk, reason=serializer.validated_data["reason"]
        )
        return Response(InstructionSerializer(instruction).data)
