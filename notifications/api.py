"""API of the notices: the competent authority, drafting, the approval road and filing (sending is the outbox's step,
``delivery``), and our organisation's details. Thin views over the services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors as incident_selectors
from incidents import services as incident_services
from incidents.api import ERRORS, PersonRefSerializer, ReasonSerializer
from notifications import contributors, selectors, services
from notifications.content import changes_between
from notifications.models import Notice
from processors.selectors import organisation_for
from vocabulary.languages import LANGUAGES


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


class AuthoritiesInputSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField(max_length=12))
    justification = serializers.CharField(required=False, allow_blank=True, default="")


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


# The steps of the approval road; the apps above add theirs (``send``, ``retry`` of the outbox: contributors).
ACTIONS = {
    "submit": services.notice_submit,
    "approve": services.notice_approve,
    "revise": services.notice_revise,
    "refresh": services.notice_refresh,
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
            OpenApiParameter(
                "action",
                str,
                OpenApiParameter.PATH,
                enum=sorted([*ACTIONS, *REASON_ACTIONS, *contributors.steps()]),
            )
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
        elif action in contributors.steps():
            service, _message = contributors.steps()[action]
            result = service(actor=request.user, notice_id=notice.pk)
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
    organisation = organisation_for(request.user, pk)
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
